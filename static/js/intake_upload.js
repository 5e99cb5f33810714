// Intake upload: refuse a file over the size limit (data-max-bytes) or an empty one in the
// browser, before it is sent; the server checks again. No inline code (CSP).
(function () {
  "use strict";
  document.querySelectorAll("form[data-intake-upload]").forEach(function (form) {
    var input = form.querySelector("input[type=file][data-max-bytes]");
    var box = form.querySelector("[data-intake-error]");
    if (!input || !box) return;
    function show(message) {
      box.textContent = message;
      box.classList.toggle("d-none", !message);
      input.classList.toggle("is-invalid", !!message);
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }

    function problem() {
      var file = input.files && input.files[0];
      if (!file) return "";
      var max = parseInt(input.getAttribute("data-max-bytes"), 10);
      if (max && file.size > max) return input.getAttribute("data-too-large");
      if (file.size === 0) return input.getAttribute("data-empty");
      return "";
    }

    input.addEventListener("change", function () {
      show(problem());
    });
    form.addEventListener("submit", function (event) {
      var message = problem();
      if (message) {
        event.preventDefault();
        show(message);
        input.focus();
      }
    });
  });
})();
