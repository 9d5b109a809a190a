// DoeMee's service worker: keeps the app shell (styles, scripts, icons, the offline page) and shows the offline
// page instead of the browser's error when a page cannot be fetched. Of the personal pages it keeps only the last
// copy of "my engagements" and of the voucher (they say when they were last updated), so that they can be shown
// at the door or at the till without a connection; the page script clears that copy at log-out and log-in.
// The server (web/views/public.py) adds to every static URL below its fingerprint and the cache's name a hash.
const VERSION = "doemee-shell-v3";
const PERSONAL = "doemee-personal-v1";
const KEPT_OFFLINE = [/^\/mijn\/inzet$/, /^\/mijn\/bedankt\/[0-9a-f-]{36}\/bon$/];
const SHELL = [
  "/static/build/nl-design-system.css",
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
      cache.addAll(SHELL.concat(CHECKIN_SHELL)).then(() => fetch(new Request(OFFLINE, { credentials: "omit" })))
        .then((response) => cache.put(OFFLINE, response))
    ).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== VERSION && key !== PERSONAL)
        .map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  const path = new URL(request.url).pathname;
  if (request.mode === "navigate" && (KEPT_OFFLINE.some((pattern) => pattern.test(path)) || keptForCheckIn(path))) {
    event.respondWith(keptOffline(request, path));
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


// Network first; a good answer replaces the kept copy (by path, without the query); offline, the kept copy.
function keptOffline(request, path) {
  return fetch(request).then((response) => {
    if (response.ok && !response.redirected) {
      const copy = response.clone();
      caches.open(PERSONAL).then((cache) => cache.put(path, copy));
    }
    return response;
  }).catch(() => caches.open(PERSONAL)
    .then((cache) => cache.match(path))
    .then((kept) => kept || caches.match(OFFLINE)));
}


// --- web push (h11p) ----------------------------------------------------------------------------------------------
// The relay sends {title, body, url, tag} encrypted to this browser (RFC 8291); the browser decrypts it for us.
// A tap opens the page the message is about (only pages of this app), in a window of the app if one is open.
self.addEventListener("push", (event) => {
  event.waitUntil(showPushMessage(event));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openPushLink(event.notification));
});

function showPushMessage(event) {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  const options = {
    body: message.body || "",
    data: { url: pushLink(message.url) },
    icon: "/static/icons/icon-192.png",
  };
  if (message.tag) {
    options.tag = message.tag;  // the message key: delivered twice, shown once
  }
  return self.registration.showNotification(message.title || "DoeMee", options);
}

function pushLink(url) {
  try {
    const link = new URL(url || "/", self.location.origin);
    return link.origin === self.location.origin ? link.href : self.location.origin + "/";
  } catch (error) {
    return self.location.origin + "/";
  }
}

function openPushLink(notification) {
  const url = (notification.data && notification.data.url) || self.location.origin + "/";
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
    const open = windows.find((client) => client.url === url && "focus" in client);
    return open ? open.focus() : self.clients.openWindow(url);
  });
}
// --- end of web push ----------------------------------------------------------------------------------------------

// --- Check-in at the door (offline) -------------------------------------------------------------------------
// The engagement page is kept like "my engagements" (its last copy, shown offline), with the scripts it needs
// offline: checkin.js keeps a check-in typed without a connection and sends it once back online; scan.js reads
// the QR code (with the browser's BarcodeDetector; the larger jsQR fallback is fetched only when used).
const CHECKIN_SHELL = ["/static/js/checkin.js", "/static/js/scan.js"];

function keptForCheckIn(path) {
  return /^\/mijn\/inzet\/[0-9a-f-]{36}$/.test(path);
}
// --- end of check-in at the door --------------------------------------------------------------------------------
