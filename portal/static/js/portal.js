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
      toggle.hidden = false;
      nav.classList.add("site-nav--collapsible");
      toggle.addEventListener("click", function () {
        toggle.setAttribute("aria-expanded", String(toggle.getAttribute("aria-expanded") !== "true"));
      });
    });

    // Submenus: a disclosure button each (click, Enter or Space), one open at a time; Escape
    // closes the open one (then the phone menu) and puts focus back on its button. On wide
    // screens a submenu is a panel under the bar: leaving it or clicking elsewhere closes it.
    document.querySelectorAll(".site-nav").forEach(function (nav) {
      var buttons = Array.prototype.slice.call(nav.querySelectorAll(".site-nav__expand"));
      var toggle = nav.querySelector(".site-nav__toggle");
      function isPanel(button) {
        var sub = document.getElementById(button.getAttribute("aria-controls"));
        return sub && getComputedStyle(sub).position === "absolute";
      }
      function openButton() {
        return buttons.filter(function (b) { return b.getAttribute("aria-expanded") === "true"; })[0];
      }
      buttons.forEach(function (button) {
        var label = button.parentNode.querySelector(".site-nav__label");
        if (label) { label.hidden = true; }
        button.hidden = false;
        button.addEventListener("click", function () {
          var open = button.getAttribute("aria-expanded") !== "true";
          buttons.forEach(function (other) { other.setAttribute("aria-expanded", "false"); });
          button.setAttribute("aria-expanded", String(open));
        });
        button.parentNode.addEventListener("focusout", function (event) {
          if (isPanel(button) && !button.parentNode.contains(event.relatedTarget)) {
            button.setAttribute("aria-expanded", "false");
          }
        });
      });
      if (buttons.length) { nav.classList.add("site-nav--js"); }
      nav.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") { return; }
        var open = openButton();
        if (open) {
          open.setAttribute("aria-expanded", "false");
          open.focus();
        } else if (toggle && !toggle.hidden && toggle.getAttribute("aria-expanded") === "true") {
          toggle.setAttribute("aria-expanded", "false");
          toggle.focus();
        }
      });
      document.addEventListener("click", function (event) {
        var open = openButton();
        if (open && isPanel(open) && !open.parentNode.contains(event.target)) {
          open.setAttribute("aria-expanded", "false");
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
