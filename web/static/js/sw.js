// DoeMee's service worker: keeps the app shell (styles, scripts, icons, the offline page) and shows the offline
// page instead of the browser's error when a page cannot be fetched. Personal pages are never stored.
const VERSION = "doemee-shell-v1";
const SHELL = [
  "/static/vendor/utrecht/component-library.css",
  "/static/vendor/voorbeeld/theme.css",
  "/static/css/themes.css",
  "/static/css/app.css",
  "/static/js/app.js",
  "/static/vendor/htmx/htmx.min.js",
  "/static/icons/icon.svg",
  "/static/icons/icon-192.png",
];
const OFFLINE = "/offline";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(VERSION).then((cache) =>
      // The offline page without cookies: it must show no one's name.
      cache.addAll(SHELL).then(() => fetch(new Request(OFFLINE, { credentials: "omit" })))
        .then((response) => cache.put(OFFLINE, response))
    ).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== VERSION).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
    return;
  }
  if (new URL(request.url).pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});
