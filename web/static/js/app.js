// Progressive enhancement only: every page works without this file.
// Registers the service worker (web/static/js/sw.js, served at /sw.js) that shows an offline page.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* offline page unavailable */ });
  });
}

// The copies of personal pages kept for offline use (see sw.js) belong to whoever was signed in: they go at log-out
// and whenever the log-in page is shown.
function forgetPersonalPages() {
  if ("caches" in window) {
    caches.delete("doemee-personal-v1").catch(function () { /* nothing kept */ });
  }
  try {
    localStorage.removeItem("doemee-checkins-v1");  // check-ins waiting for a connection (checkin.js)
  } catch (e) { /* nothing kept */ }
}
document.addEventListener("submit", function (event) {
  if (event.target.matches && event.target.matches(".doemee-nav__form")) {
    forgetPersonalPages();
  }
});
if (location.pathname === "/inloggen" || /[?&]uitgelogd=1/.test(location.search)) {
  forgetPersonalPages();
}
// A page shown from the kept copy says so.
if (!navigator.onLine) {
  document.querySelectorAll("[data-offline-note]").forEach(function (note) { note.hidden = false; });
}

// On a narrow screen (or with large text: the width is counted in em) the main menu folds behind a "Menu" button, so
// that the header takes little of the screen. Without this script the menu is simply shown.
(function () {
  var button = document.querySelector("[data-menu-button]");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu || !window.matchMedia) return;
  var narrow = window.matchMedia("(max-width: 40em)");
  function show(open) {
    menu.hidden = !open;
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function fit() {
    button.hidden = !narrow.matches;
    show(!narrow.matches);
  }
  button.addEventListener("click", function () { show(menu.hidden); });
  if (narrow.addEventListener) narrow.addEventListener("change", fit);
  fit();
})();
