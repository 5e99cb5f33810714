/* Đôn đốc service worker: installable app (PWA), an offline page, and Web Push reminders.
   Served at /sw.js (scope /). Caches only the offline page and the files it needs. */
const CACHE = "dondoc-offline-v1";
const OFFLINE_URL = "/offline/";
const PRECACHE = [OFFLINE_URL, "/static/vendor/bootstrap/bootstrap.min.css", "/static/css/app.css", "/static/favicon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => Promise.all(PRECACHE.map((url) => cache.add(url).catch(() => null))))
  );
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
  );
  self.clients.claim();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.mode !== "navigate") return; // pages only; everything else goes to the network as usual
  event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = { title: "Đôn đốc", body: event.data ? event.data.text() : "" };
  }
  const title = data.title || "Đôn đốc";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: data.body || "",
      icon: "/static/icons/icon-192.png",
      badge: "/static/icons/icon-192.png",
      data: { url: data.url || "/thong-bao/" },
      lang: "vi",
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const win of windows) {
        if (new URL(win.url).origin === target.origin && "focus" in win) {
          win.navigate(target.href);
          return win.focus();
        }
      }
      return self.clients.openWindow(target.href);
    })
  );
});
