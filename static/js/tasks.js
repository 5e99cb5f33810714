// Đôn đốc – task pages. Everything here is an enhancement: the pages work without it.
(function () {
  "use strict";

  // "Select all on this page" for the Văn phòng bulk actions.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target.classList || !target.classList.contains("js-select-all")) return;
    document.querySelectorAll(".js-select-row").forEach(function (box) {
      box.checked = target.checked;
    });
  });

  // Show only the bulk field that the chosen action needs.
  function syncBulkFields(form) {
    var action = form.querySelector("[name=action]");
    if (!action) return;
    form.querySelectorAll(".js-bulk-reassign").forEach(function (el) {
      el.hidden = action.value !== "reassign";
    });
    form.querySelectorAll(".js-bulk-shift").forEach(function (el) {
      el.hidden = action.value !== "shift";
    });
  }
  document.querySelectorAll(".bulk-form").forEach(syncBulkFields);
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest(".bulk-form");
    if (form && event.target.name === "action") syncBulkFields(form);
  });

  // Ask before a bulk change: it touches many tasks at once.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("bulk-form")) return;
    var scope = form.querySelector("[name=scope]:checked");
    var count = document.querySelectorAll(".js-select-row:checked").length;
    var message = scope && scope.value === "all"
      ? "Áp dụng cho tất cả nhiệm vụ theo bộ lọc?"
      : "Áp dụng cho " + count + " nhiệm vụ đã chọn?";
    if (!window.confirm(message)) event.preventDefault();
  });
})();
