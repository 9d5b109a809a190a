// "Delen" with the phone's own share sheet (Web Share API) where the browser has one; the links beside it (e-mail,
// WhatsApp, the link to copy) work without it.
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.share) return;
  document.querySelectorAll("[data-share-url]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({title: button.dataset.shareTitle, url: button.dataset.shareUrl}).catch(function () {});
    });
  });
});
