// Đôn đốc – behaviour that needs JavaScript; every page also works without it.
(function () {
  "use strict";
  // Submit a form when a select marked .js-autosubmit changes (e.g. the language switch).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.classList && target.classList.contains("js-autosubmit") && target.form) {
      target.form.submit();
    }
  });
  // Copy-to-clipboard buttons: <button data-copy-target="#id">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy-target"));
    if (!source) return;
    var text = source.value || source.textContent;
    if (navigator.clipboard) {
      navigator.clipboard.writeText(text.trim()).then(function () {
        button.textContent = button.getAttribute("data-copied-label") || "✓";
      });
    } else if (source.select) {
      source.select();
      document.execCommand("copy");
    }
  });
})();
