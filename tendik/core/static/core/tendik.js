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
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = "tendik-draft:" + form.getAttribute("data-draft");
    try {
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
    form.addEventListener("submit", function () { try { localStorage.removeItem(key); } catch (err) {} });
  });
})();
