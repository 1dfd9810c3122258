// The album viewer: a modal <dialog> over the album's plain list of figures. Without this
// script (or without <dialog>), each thumbnail is a link to the large image.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector("[data-gallery]");
    var dialog = document.querySelector("[data-viewer]");
    if (!list || !dialog || typeof dialog.showModal !== "function") { return; }
    var links = Array.prototype.slice.call(list.querySelectorAll("[data-gallery-item]"));
    if (!links.length) { return; }
    var image = dialog.querySelector("[data-viewer-image]");
    var caption = dialog.querySelector("[data-viewer-caption]");
    var count = dialog.querySelector("[data-viewer-count]");
    var countTemplate = dialog.dataset.countTemplate || "{n}/{total}";
    var current = 0;

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var thumbnail = link.querySelector("img");
      var figcaption = link.closest("figure").querySelector("figcaption");
      image.src = link.href;
      image.alt = thumbnail ? thumbnail.alt : "";
      if (link.dataset.width) { image.width = +link.dataset.width; }
      if (link.dataset.height) { image.height = +link.dataset.height; }
      // The figure's own caption and credit (text the server escaped), copied as nodes.
      caption.replaceChildren.apply(
        caption, figcaption ? Array.from(figcaption.cloneNode(true).childNodes) : []
      );
      count.textContent = countTemplate
        .replace("{n}", String(current + 1))
        .replace("{total}", String(links.length));
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) { return; } // a new tab
        event.preventDefault();
        show(index);
        dialog.showModal();
      });
    });
    dialog.querySelector("[data-viewer-prev]").addEventListener("click", function () {
      show(current - 1);
    });
    dialog.querySelector("[data-viewer-next]").addEventListener("click", function () {
      show(current + 1);
    });
    dialog.querySelector("[data-viewer-close]").addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
      if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
    });
    // A click on the backdrop (outside the dialog's box) closes it too.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) { dialog.close(); }
    });
    // Escape closes the dialog natively; focus then returns to the photo last shown.
    dialog.addEventListener("close", function () {
      image.src = "data:,";
      links[current].focus();
    });
  });
})();
