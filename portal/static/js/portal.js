// The portal's only script: font size (kept across pages), print, today's date, the phone
// menu's disclosure button, visit counter.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "portal-font-size";
  var WEEKDAYS = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function setFontSize(size) {
    if (size === "normal") { delete root.dataset.fontSize; } else { root.dataset.fontSize = size; }
    try { localStorage.setItem(KEY, size); } catch (e) { /* private mode: this page only */ }
    document.querySelectorAll("[data-font-size]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.fontSize === size));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var current = root.dataset.fontSize || "normal";
    document.querySelectorAll("[data-font-size]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.fontSize === current));
      button.addEventListener("click", function () { setFontSize(button.dataset.fontSize); });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });

    // The main menu on phones: a disclosure button (the menu stays listed without script).
    document.querySelectorAll(".site-nav__toggle").forEach(function (toggle) {
      var nav = toggle.closest(".site-nav");
      var menu = document.getElementById(toggle.getAttribute("aria-controls"));
      if (!nav || !menu) { return; }
      function setOpen(open) { toggle.setAttribute("aria-expanded", String(open)); }
      toggle.hidden = false;
      nav.classList.add("site-nav--collapsible");
      toggle.addEventListener("click", function () {
        setOpen(toggle.getAttribute("aria-expanded") !== "true");
      });
      nav.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
          setOpen(false);
          toggle.focus();
        }
      });
    });

    var today = document.getElementById("today-date");
    if (today) {
      var now = new Date();
      today.textContent = WEEKDAYS[now.getDay()] + ", " + pad(now.getDate()) + "/" +
        pad(now.getMonth() + 1) + "/" + now.getFullYear();
    }

    // One small request per page view counts it (cached pages included) and fills the figures.
    var body = document.body;
    if (!body.dataset.counterUrl || !window.fetch) { return; }
    var data = new FormData();
    if (body.dataset.pageId) { data.append("page", body.dataset.pageId); }
    fetch(body.dataset.counterUrl, { method: "POST", body: data, credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (figures) {
        if (!figures) { return; }
        document.querySelectorAll("[data-counter]").forEach(function (element) {
          var value = figures[element.dataset.counter];
          if (value !== undefined) { element.textContent = Number(value).toLocaleString("vi-VN"); }
        });
      })
      .catch(function () { /* the figures are a nicety */ });
  });
})();
