// Applies the reader's font size before the page is drawn (loaded without defer, in <head>).
try {
  var portalFontSize = localStorage.getItem("portal-font-size");
  if (portalFontSize) { document.documentElement.dataset.fontSize = portalFontSize; }
} catch (e) { /* private mode: default size */ }
