// Tendik: small progressive enhancements; every page works without them.
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t && t.matches && t.matches("select[data-autosubmit]")) { t.form.submit(); }
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest(".nav-toggle");
    if (b) {
      var nav = document.getElementById(b.getAttribute("aria-controls"));
      var open = b.getAttribute("aria-expanded") === "true";
      b.setAttribute("aria-expanded", open ? "false" : "true");
      nav.classList.toggle("open", !open);
    }
    var q = e.target.closest && e.target.closest("[data-quick-exit]");
    if (q) {
      e.preventDefault();
      // Leave for the neutral page and replace this history entry, so "Back" does not return here.
      try { history.replaceState(null, "", q.getAttribute("data-blank") || "/blank/"); } catch (err) {}
      window.location.replace(q.getAttribute("href"));
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      var q = document.querySelector("[data-quick-exit]");
      if (q && e.shiftKey) { window.location.replace(q.getAttribute("href")); }
    }
  });
  // Drafts: forms marked data-draft keep their values in this browser until submitted.
  // With data-draft-confirm the draft survives a submission that never reached the server (connection lost): it is
  // set aside on submit and restored on the next visit, unless the page that follows the save carries an element
  // data-draft-done="<same key>" (the server saw it).
  document.querySelectorAll("[data-draft-done]").forEach(function (el) {
    try { localStorage.removeItem("tendik-draft:" + el.getAttribute("data-draft-done") + ":sent"); } catch (err) {}
  });
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = "tendik-draft:" + form.getAttribute("data-draft");
    var confirm = form.hasAttribute("data-draft-confirm");
    try {
      var sent = localStorage.getItem(key + ":sent");
      if (sent !== null) {
        if (localStorage.getItem(key) === null) { localStorage.setItem(key, sent); }
        localStorage.removeItem(key + ":sent");
      }
      var saved = JSON.parse(localStorage.getItem(key) || "null");
      if (saved) {
        Object.keys(saved).forEach(function (name) {
          var el = form.elements[name];
          if (el && !el.value && el.type !== "file" && el.type !== "hidden") { el.value = saved[name]; }
        });
      }
    } catch (err) {}
    form.addEventListener("input", function () {
      var data = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.type !== "file" && el.type !== "hidden" && el.type !== "password") { data[el.name] = el.value; }
      });
      try { localStorage.setItem(key, JSON.stringify(data)); } catch (err) {}
    });
    form.addEventListener("submit", function () {
      try {
        var draft = localStorage.getItem(key);
        if (confirm && draft !== null) { localStorage.setItem(key + ":sent", draft); }
        localStorage.removeItem(key);
      } catch (err) {}
    });
  });
})();

// Filters behind a disclosure on a phone are open from the first look on a wide screen.
(function () {
  if (window.matchMedia && window.matchMedia("(min-width: 800px)").matches) {
    document.querySelectorAll("details.filter-box").forEach(function (d) { d.open = true; });
  }
})();

// A long grouped <select data-filterable>: a search box above it narrows the options by number or words.
(function () {
  document.querySelectorAll("select[data-filterable]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-filter";
    var label = select.getAttribute("data-filterable");
    box.setAttribute("aria-label", label);
    box.placeholder = label;
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      select.querySelectorAll("optgroup").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("option").forEach(function (option) {
          var text = (group.label + " " + option.textContent).toLowerCase();
          var match = words.every(function (w) { return text.indexOf(w) !== -1; });
          option.hidden = !match;
          if (match) { shown += 1; }
        });
        group.hidden = shown === 0;
      });
    });
  });
})();
