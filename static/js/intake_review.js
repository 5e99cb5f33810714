// The intake review screen (templates/directives/review/): unit pickers (Tom Select),
// saving a row when one of its fields changes, row selection (shift-click ranges,
// "all under this heading"), and the links between clauses and rows.
// Every form also works without this file: it posts and the page comes back.
(function () {
  "use strict";
  var root = document.getElementById("review");
  if (!root) return;
  var pickerData = JSON.parse(document.getElementById("rv-picker-data").textContent);

  function currentVersion() {
    var el = document.getElementById("draft-version");
    return el ? el.getAttribute("data-version") : "";
  }

  // --- unit pickers -------------------------------------------------------------------------
  // units.text.fold, in the browser: "Phòng Tài chính – Kế hoạch" → "phong tai chinh - ke hoach"
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .replace(/[\u2010-\u2015\u2212]/g, "-").replace(/\s+/g, " ").trim().toLowerCase();
  }

  // Every word typed must appear in a name, short name or alias (folded); the query as a whole
  // at the start of a name ranks first ("van phong" → Văn phòng…, not Phòng Văn hóa…).
  function score(query) {
    var q = fold(query);
    var words = q.split(" ").filter(Boolean);
    return function (item) {
      var hay = item.fold || fold(item.text);
      if (!q) return 1;
      for (var i = 0; i < words.length; i += 1) {
        if (hay.indexOf(words[i]) < 0) return 0;
      }
      var points = 1;
      hay.split("|").forEach(function (name) {
        if (name === q) points += 10;
        else if (name.indexOf(q) === 0) points += 5;
        else if (name.indexOf(" " + q) > -1) points += 3;
        else if (name.indexOf(q) > -1) points += 2;
      });
      return points;
    };
  }
  function initPicker(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label) select.setAttribute("aria-label", label.textContent.trim());  // Tom Select moves the label to its input
    var ts = new TomSelect(select, {
      plugins: { remove_button: { title: root.getAttribute("data-remove") } },
      maxOptions: null,
      refreshThrottle: 0,  // the options are on the page: filter at each key press
      closeAfterSelect: true,
      hideSelected: true,
      searchField: ["text", "fold"],
      score: score,
      sortField: [{ field: "$score", direction: "desc" }, { field: "$order", direction: "asc" }],
      placeholder: root.getAttribute("data-placeholder"),
      render: {
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = root.getAttribute("data-no-results");
          return div;
        },
      },
      onItemAdd: function (value) {
        var members = pickerData.members[value];
        if (!members) return;
        // a group becomes its member units, shown one by one before anything is saved
        ts.removeItem(value, true);
        members.forEach(function (m) { ts.addItem(m, true); });
        ts.refreshItems();
        ts.trigger("change");
      },
    });
    Object.keys(ts.options).forEach(function (key) {
      ts.options[key].fold = pickerData.search[key] || "";
    });
  }

  // --- saving -------------------------------------------------------------------------------
  root.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.classList || !field.classList.contains("rv-field")) return;
    var form = field.form || field.closest("form");
    if (!form || !form.classList.contains("rv-autosave")) return;
    var article = field.closest(".rv-row");
    if (article && field.name === "lead" && field.selectedOptions.length && !article.getAttribute("data-had-lead")
        && article.getAttribute("data-relevant") !== "no") {
      // a row proposed without a lead was left out only for that: giving it one includes it
      var include = document.getElementById(article.id + "-include");
      if (include && !include.checked) {
        include.checked = true;
        article.classList.remove("rv-excluded");
      }
      article.setAttribute("data-had-lead", "1");
    }
    if (field.classList.contains("rv-include")) {
      var row = field.closest(".rv-row");
      if (row) row.classList.toggle("rv-excluded", !field.checked);
    }
    htmx.trigger(form, "rv-save");
  });

  document.body.addEventListener("htmx:configRequest", function (event) {
    if (!root.contains(event.detail.elt)) return;
    var v = currentVersion();
    if (v) event.detail.parameters.version = v;
  });

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 400 || status === 409) {
      // the answer carries the message (out-of-band); the fields keep what was typed
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // after a bulk change is stored, its fields are emptied (the row selection stays)
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || form.id !== "bulk-form" || !event.detail.successful) return;
    form.querySelectorAll("select.rv-picker").forEach(function (s) { if (s.tomselect) s.tomselect.clear(true); });
    form.querySelectorAll('input[name="deadline"], input[name="recurrence"]').forEach(function (i) { i.value = ""; });
  });

  document.body.addEventListener("htmx:afterSettle", function () {
    root.querySelectorAll("input.rv-include").forEach(function (box) {
      var row = box.closest(".rv-row");
      if (row) row.classList.toggle("rv-excluded", !box.checked);
    });
    var v = currentVersion();
    root.querySelectorAll('input[name="version"]').forEach(function (input) { input.value = v; });
    updateCount();
    revealJsControls();
  });

  document.body.addEventListener("rv-focus", function (event) {
    var target = document.querySelector(event.detail.value || "");
    if (target) {
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "center" });
    }
  });

  // --- selection ----------------------------------------------------------------------------
  var lastClicked = null;

  function boxes() {
    return Array.prototype.slice.call(root.querySelectorAll("input.rv-select"));
  }

  function updateCount() {
    var n = boxes().filter(function (b) { return b.checked; }).length;
    var label = document.getElementById("bulk-count");
    if (label) {
      label.textContent = n
        ? root.getAttribute("data-selected").replace("__n__", n)
        : root.getAttribute("data-selected-none");
    }
  }

  root.addEventListener("click", function (event) {
    var box = event.target.closest && event.target.closest("input.rv-select");
    if (box) {
      var all = boxes();
      if (event.shiftKey && lastClicked && lastClicked !== box) {
        var a = all.indexOf(lastClicked), b = all.indexOf(box);
        if (a > -1 && b > -1) {
          all.slice(Math.min(a, b), Math.max(a, b) + 1).forEach(function (x) { x.checked = box.checked; });
        }
      }
      lastClicked = box;
      updateCount();
      return;
    }
    var under = event.target.closest(".rv-select-under");
    if (under) {
      var id = under.getAttribute("data-clause");
      var found = 0;
      root.querySelectorAll(".rv-row").forEach(function (row) {
        var anc = (row.getAttribute("data-ancestors") || "").split(" ");
        if (anc.indexOf(id) > -1) {
          row.querySelector("input.rv-select").checked = true;
          found += 1;
        }
      });
      updateCount();
      if (found) {
        var bulk = document.getElementById("bulk-form");
        bulk.scrollIntoView({ block: "start" });
        var lead = document.getElementById("bulk-lead");
        if (lead && lead.tomselect) lead.tomselect.focus();
      }
      return;
    }
    if (event.target.closest(".rv-select-all")) {
      boxes().forEach(function (b) { b.checked = true; });
      updateCount();
      return;
    }
    if (event.target.closest(".rv-select-none")) {
      boxes().forEach(function (b) { b.checked = false; });
      updateCount();
      return;
    }
    var toRow = event.target.closest(".rv-to-row");
    if (toRow) highlightRows([toRow.getAttribute("data-row")], null);
    var toClause = event.target.closest(".rv-to-clause");
    if (toClause) highlightClause(toClause.getAttribute("data-clause"));
  });

  // --- clause ↔ row links -------------------------------------------------------------------
  function clear(cls) {
    root.querySelectorAll("." + cls).forEach(function (el) { el.classList.remove(cls); });
  }

  function highlightClause(id) {
    clear("rv-linked");
    var clause = document.getElementById("clause-" + id);
    if (!clause) return;
    clause.classList.add("rv-linked");
    var box = clause.closest(".rv-clauses-box");
    if (box && box.scrollHeight > box.clientHeight) {
      box.scrollTop = clause.offsetTop - box.offsetTop - 40;
    }
  }

  function highlightRows(ids) {
    clear("rv-linked");
    ids.forEach(function (id) {
      var row = document.getElementById("row-" + id);
      if (row) row.classList.add("rv-linked");
    });
  }

  root.addEventListener("focusin", function (event) {
    var row = event.target.closest && event.target.closest(".rv-row");
    if (row && row.getAttribute("data-clause")) {
      var id = row.getAttribute("data-clause");
      var clause = document.getElementById("clause-" + id);
      if (clause && !clause.classList.contains("rv-linked")) {
        highlightClause(id);
        row.classList.add("rv-linked");
      }
    }
    var clauseEl = event.target.closest && event.target.closest(".rv-clause");
    if (clauseEl) {
      var rows = Array.prototype.map.call(
        root.querySelectorAll('.rv-row[data-clause="' + clauseEl.getAttribute("data-clause") + '"]'),
        function (r) { return r.getAttribute("data-row"); });
      highlightRows(rows);
      clauseEl.classList.add("rv-linked");
    }
  });

  // --- controls that exist only with JavaScript ---------------------------------------------
  function revealJsControls() {
    root.querySelectorAll(".rv-select-under, .rv-select-all, .rv-select-none").forEach(function (el) {
      el.hidden = false;
    });
  }

  var confirmForm = document.getElementById("confirm-form");
  if (confirmForm) {
    confirmForm.addEventListener("submit", function () {
      var v = currentVersion();
      confirmForm.querySelector('input[name="version"]').value = v;
      var button = document.getElementById("confirm-button");
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  }

  htmx.onLoad(function (content) {
    var scope = content.querySelectorAll ? content : document;
    if (scope.matches && scope.matches("select.rv-picker")) initPicker(scope);
    scope.querySelectorAll("select.rv-picker").forEach(initPicker);
  });
  revealJsControls();
  updateCount();
})();
