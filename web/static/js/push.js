// Web push on this phone. Progressive enhancement only: where the browser cannot do push (or has blocked it), the
// offer stays hidden and the page works as it is. Permission is asked only when the person taps the button.
(function () {
  "use strict";
  var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (!supported) {
    return;
  }

  // The VAPID public key (base64url) as the bytes PushManager.subscribe() wants.
  function keyBytes(base64url) {
    var base64 = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function sameKey(existing, key) {
    var known = existing.options && existing.options.applicationServerKey;
    if (!known) {
      return true;  // the browser does not say: keep it
    }
    var mine = keyBytes(key);
    var theirs = new Uint8Array(known);
    return theirs.length === mine.length && theirs.every(function (byte, i) { return byte === mine[i]; });
  }

  function askPermission() {
    // Older Safari only knows the callback form.
    return new Promise(function (resolve) {
      var answer = Notification.requestPermission(resolve);
      if (answer && answer.then) {
        answer.then(resolve);
      }
    });
  }

  function subscription(key) {
    return navigator.serviceWorker.register("/sw.js", { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        var fresh = function () {
          return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
        };
        return registration.pushManager.getSubscription().then(function (existing) {
          if (existing && !sameKey(existing, key)) {
            // Made with another server key (it was replaced): the push service would refuse our messages.
            return existing.unsubscribe().then(fresh);
          }
          return existing || fresh();
        });
      });
  }

  function sendToServer(form, found) {
    var json = found.toJSON();
    var body = new URLSearchParams();
    body.set("csrf_token", form.elements.csrf_token.value);
    body.set("endpoint", json.endpoint);
    body.set("p256dh", json.keys.p256dh);
    body.set("auth", json.keys.auth);
    return fetch(form.action, { method: "POST", body: body, credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("refused");
      }
    });
  }

  // After a sign-up: "reminders on this phone?"
  var offer = document.querySelector("[data-push-offer]");
  if (offer && Notification.permission !== "denied") {
    var form = offer.querySelector("form");
    var button = form.querySelector("button");
    var status = offer.querySelector("[data-push-status]");
    var say = function (state) { status.textContent = offer.getAttribute("data-text-" + state); };
    offer.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      askPermission().then(function (permission) {
        if (permission !== "granted") {
          throw new Error("denied");
        }
        return subscription(offer.getAttribute("data-push-key"));
      }).then(function (found) {
        return sendToServer(form, found);
      }).then(function () {
        form.hidden = true;
        say("done");
      }).catch(function (error) {
        button.disabled = false;
        say(error && error.message === "denied" ? "denied" : "failed");
      });
    });
  }

  // Notification settings: say which listed phone is this one; removing it also ends the browser's subscription.
  var phones = document.querySelectorAll("[data-push-endpoint]");
  if (phones.length) {
    navigator.serviceWorker.getRegistration("/").then(function (registration) {
      return registration ? registration.pushManager.getSubscription() : null;
    }).then(function (current) {
      if (!current) {
        return;
      }
      phones.forEach(function (phone) {
        if (phone.getAttribute("data-push-endpoint") !== current.endpoint) {
          return;
        }
        phone.querySelector("[data-this-phone]").hidden = false;
        var remove = phone.querySelector("[data-push-remove]");
        remove.addEventListener("submit", function (event) {
          event.preventDefault();
          current.unsubscribe().catch(function () { /* the server forgets it anyway */ })
            .then(function () { remove.submit(); });
        });
      });
    }).catch(function () { /* nothing to mark */ });
  }
}());
