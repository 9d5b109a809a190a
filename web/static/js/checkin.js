// A check-in at the door that works on a flaky connection. Progressive enhancement only: without this file the
// form posts as any other.
//
// The check-in form (form[data-offline-queue], web/templates/volunteer/engagement.html) is sent by this script
// with an Idempotency-Key. When the phone is offline, or the request never gets an answer, the check-in is kept
// in localStorage and the page says "Saved, it is sent when you are back online"; it is sent again, with the same
// key, as soon as the phone is online (on the "online" event, or when any DoeMee page opens). The key makes the
// server answer a repeat as it answered the first (web/idempotency.py), so a check-in counts once even when the
// first attempt arrived but its answer was lost.
//
// The queue holds the form's fields (code and CSRF token, nothing else) and is emptied at log-out (app.js).
(function () {
  "use strict";

  var STORE = "doemee-checkins-v1";
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }

  function save(items) {
    try {
      if (items.length) window.localStorage.setItem(STORE, JSON.stringify(items));
      else window.localStorage.removeItem(STORE);
    } catch (e) { /* private mode: nothing kept */ }
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function post(item) {
    return window.fetch(item.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": item.key },
      body: item.body,
    });
  }

  function showQueued(form) {
    var note = document.querySelector("[data-checkin-queued]");
    if (note) {
      note.hidden = false;
      note.focus();
    }
    if (form) form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  }

  // The answer to a check-in: its outcome page (a redirect) is shown; an error page (a wrong code: nothing was
  // changed) is asked for again by the form itself, so the page shows what to correct.
  function answered(response, item) {
    save(load().filter(function (other) { return other.key !== item.key; }));
    if (location.pathname !== item.page) return;
    if (response.redirected && response.ok) {
      location.assign(response.url);
      return;
    }
    var form = document.querySelector("form[data-offline-queue]");
    if (form) {
      var fields = new URLSearchParams(item.body);
      var input = form.querySelector("input[name=code]");
      if (input) input.value = fields.get("code") || "";
      form.submit();  // no submit event: straight to the server, as without script
    } else {
      location.reload();
    }
  }

  function flush() {
    if (sending || !navigator.onLine) return;
    var items = load();
    if (!items.length) return;
    sending = true;
    var item = items[0];
    post(item).then(function (response) {
      sending = false;
      if (response.status >= 500) return;  // nothing was done; tried again at the next "online" or page
      answered(response, item);
      flush();
    }, function () {
      sending = false;  // still no connection: the next "online" tries again
    });
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-offline-queue]")) return;
    event.preventDefault();
    var item = {
      action: form.action,
      body: new URLSearchParams(new FormData(form)).toString(),
      key: newKey(),
      page: location.pathname,
      at: new Date().toISOString(),
    };
    if (!navigator.onLine) {
      save(load().concat([item]));
      showQueued(form);
      return;
    }
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    post(item).then(function (response) {
      answered(response, item);
    }, function () {
      // No answer: it may or may not have arrived. Kept with its key, so sending it again counts once.
      save(load().concat([item]));
      showQueued(form);
    });
  }

  document.addEventListener("submit", onSubmit);
  window.addEventListener("online", flush);
  if (load().some(function (item) { return item.page === location.pathname; })) showQueued(null);
  flush();
})();
