// Scanning a QR code with the phone's camera, for forms that take a typed code: the check-in at the door
// (web/templates/volunteer/engagement.html) and the shop's till (web/templates/shop/home.html).
// Progressive enhancement only: without this file (or without a camera) the code is typed as before.
//
// Markup: a form with data-scan="checkin" or data-scan="voucher" (and data-scan-shift="<shift id>" for a
// check-in), holding a hidden [data-scan-box] with a [data-scan-start] button, a <video data-scan-video>, a
// [data-scan-stop] button and a [data-scan-status] line; the texts come from data-text-* attributes on the box,
// so they are translated by the page.
//
// Decoding: the browser's BarcodeDetector where it has one that reads QR codes (Android Chrome), else the
// vendored jsQR (web/static/vendor/jsqr, loaded only when the camera is opened).
//
// What the codes hold: a shift's QR code is "doemee:checkin:<shift id>:<code>" (mobile_api's qr_text); a
// voucher's QR code is the voucher code itself. A URL with ?code=... (or the code as its last path part) and a
// bare code are read too.
(function () {
  "use strict";

  var JSQR = "/static/vendor/jsqr/jsQR.js";
  var CHECKIN = /^doemee:checkin:([0-9a-f-]{36}):([0-9A-Za-z-]{1,40})$/i;
  var BARE = /^[0-9A-Za-z][0-9A-Za-z -]{2,39}$/;

  // The code in a scanned text, for this kind of form: {code: "..."} or {error: "other" | "unknown"}.
  function parse(text, kind, shiftId) {
    var value = (text || "").trim();
    var checkin = CHECKIN.exec(value);
    if (checkin) {
      if (kind !== "checkin") return { error: "unknown" };
      if (shiftId && checkin[1].toLowerCase() !== shiftId.toLowerCase()) return { error: "other" };
      return { code: checkin[2] };
    }
    if (/^https?:\/\//i.test(value)) {
      try {
        var url = new URL(value);
        var fromUrl = url.searchParams.get("code") || url.pathname.split("/").filter(Boolean).pop() || "";
        fromUrl = decodeURIComponent(fromUrl);
        return BARE.test(fromUrl) ? { code: fromUrl } : { error: "unknown" };
      } catch (e) {
        return { error: "unknown" };
      }
    }
    return BARE.test(value) ? { code: value } : { error: "unknown" };
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) return resolve();
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  // A function frame -> Promise of the decoded text (or null), from the best decoder this browser has.
  function makeDecoder() {
    if ("BarcodeDetector" in window && window.BarcodeDetector.getSupportedFormats) {
      return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") < 0) return jsqrDecoder();
        var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        return function (video) {
          return detector.detect(video).then(function (found) { return found.length ? found[0].rawValue : null; });
        };
      }).catch(jsqrDecoder);
    }
    return jsqrDecoder();
  }

  function jsqrDecoder() {
    return loadScript(JSQR).then(function () {
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function (video) {
        var scale = Math.min(1, 640 / Math.max(video.videoWidth, video.videoHeight));
        canvas.width = Math.round(video.videoWidth * scale);
        canvas.height = Math.round(video.videoHeight * scale);
        if (!canvas.width || !canvas.height) return Promise.resolve(null);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" });
        return Promise.resolve(found ? found.data : null);
      };
    });
  }

  function setUp(form) {
    var box = form.querySelector("[data-scan-box]");
    var input = form.querySelector("input[name=code]");
    if (!box || !input || !(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) return;
    var start = box.querySelector("[data-scan-start]");
    var stop = box.querySelector("[data-scan-stop]");
    var video = box.querySelector("[data-scan-video]");
    var status = box.querySelector("[data-scan-status]");
    var kind = form.getAttribute("data-scan");
    var shiftId = form.getAttribute("data-scan-shift");
    var stream = null;
    var running = false;

    function say(name) { status.textContent = box.getAttribute("data-text-" + name) || ""; }

    function end() {
      running = false;
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      video.hidden = true;
      stop.hidden = true;
      start.hidden = false;
    }

    function found(text) {
      var result = parse(text, kind, shiftId);
      if (result.error) {
        say(result.error);
        return false;
      }
      end();
      input.value = result.code;
      say("found");
      // requestSubmit runs the form's submit handlers (the offline queue of checkin.js) as a tap would.
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
      return true;
    }

    function look(decode) {
      if (!running) return;
      var next = function () { if (running) window.setTimeout(function () { look(decode); }, 150); };
      if (video.readyState < 2) return next();
      decode(video).then(function (text) {
        if (!(text && found(text))) next();
      }, next);
    }

    start.addEventListener("click", function () {
      say("starting");
      Promise.all([
        navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }),
        makeDecoder(),
      ]).then(function (both) {
        stream = both[0];
        video.srcObject = stream;
        video.hidden = false;
        stop.hidden = false;
        start.hidden = true;
        running = true;
        return video.play().then(function () {
          say("looking");
          look(both[1]);
        });
      }).catch(function () {
        end();
        say("denied");
        input.focus();
      });
    });
    stop.addEventListener("click", function () {
      end();
      say("stopped");
      input.focus();
    });
    window.addEventListener("pagehide", end);
    box.hidden = false;
  }

  document.querySelectorAll("form[data-scan]").forEach(setUp);
  window.doemeeScan = { parse: parse };
})();
