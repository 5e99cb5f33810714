/* Registers the service worker (installable app, offline page) and, on the profile page,
   turns on Web Push for this device. No third-party script: the browser's own Push API. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  const registration = navigator.serviceWorker.register("/sw.js", { scope: "/" });

  const button = document.getElementById("push-enable");
  if (!button) return;
  const status = document.getElementById("push-status");
  const say = (text) => { if (status) status.textContent = text; };
  if (!("PushManager" in window) || !("Notification" in window)) {
    say(button.dataset.msgUnsupported);
    button.disabled = true;
    return;
  }

  function keyBytes(base64url) {
    const padding = "=".repeat((4 - (base64url.length % 4)) % 4);
    const raw = atob((base64url + padding).replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  }

  function csrf() {
    const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") { say(button.dataset.msgDenied); return; }
      const reg = await registration;
      const subscription = (await reg.pushManager.getSubscription()) ||
        (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(button.dataset.key) }));
      const response = await fetch(button.dataset.subscribe, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify(subscription.toJSON()),
      });
      say(response.ok ? button.dataset.msgOn : (await response.json()).error || "");
    } catch (error) {
      say(String(error));
    } finally {
      button.disabled = false;
    }
  });
})();
