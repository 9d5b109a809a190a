// Progressive enhancement only: every page works without this file.
// Registers the service worker (web/static/js/sw.js, served at /sw.js) that shows an offline page.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* offline page unavailable */ });
  });
}
