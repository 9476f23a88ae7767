// Zhengxian's service worker: keeps the visit form and the sign-in pages, and the static
// files they need, so that they open without a network. Served as /sw.js by
// zhengxian.core.views_pwa, which puts self.ZX_PWA (version, paths) in front of this file.
// It keeps nothing else: no API answers, no lists, no other page. Visits and sign-ins
// written offline are kept by the page (offline-queue.js), not here.
"use strict";

var CONFIG = self.ZX_PWA;
var PAGES = "zx-pages-" + CONFIG.version;
var STATIC = "zx-static-" + CONFIG.version;

function samePath(url, path) { return url.pathname === path; }

function isOfflinePage(url) {
  if (CONFIG.pages.some(function (p) { return samePath(url, p); })) { return true; }
  return CONFIG.pagePrefixes.some(function (p) { return url.pathname.indexOf(p) === 0; });
}

function isStatic(url) { return url.pathname.indexOf(CONFIG.staticPrefix) === 0; }

function isNever(url) {
  return CONFIG.never.some(function (p) { return url.pathname.indexOf(p) === 0; });
}

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  // A new version empties the caches of the old one.
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("zx-") === 0 && name !== PAGES && name !== STATIC;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// A page worth keeping: the page itself answered (not a redirect to the login page).
function keepable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected;
}

function keptPage(request, otherwise) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(request.url).then(function (kept) { return kept || otherwise; });
  });
}

function isSignIn(url) { return url.pathname.indexOf(CONFIG.pagePrefixes[0]) === 0; }

function pageNetworkFirst(request) {
  return fetch(request).then(function (response) {
    if (keepable(response)) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(request.url, copy); });
    }
    // A server that is down behind its proxy (502, 503, 504): the kept form still works.
    return response.status >= 502 ? keptPage(request, response) : response;
  }).catch(function () {
    // A QR code scanned without a network, its page never opened: the offline sign-in page.
    var shell = isSignIn(new URL(request.url))
      ? keptPage(new Request(new URL(CONFIG.signInShell, self.location.origin).href), Response.error())
      : Response.error();
    return keptPage(request, shell);
  });
}

function staticCacheFirst(request) {
  return caches.open(STATIC).then(function (cache) {
    return cache.match(request.url).then(function (kept) {
      var fresh = fetch(request).then(function (response) {
        if (keepable(response)) { cache.put(request.url, response.clone()); }
        return response;
      });
      if (kept) {
        fresh.catch(function () {}); // refreshed in the background when the network is up
        return kept;
      }
      return fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || isNever(url)) { return; }
  if (samePath(url, CONFIG.logout) || (samePath(url, CONFIG.login) && request.method === "POST")) {
    // Whoever logs in next on this phone must not see, nor sign in from, the previous
    // user's kept pages (they carry that user's names and account).
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== "GET") { return; }
  if (request.mode === "navigate" && isOfflinePage(url)) {
    event.respondWith(pageNetworkFirst(request));
  } else if (isStatic(url)) {
    event.respondWith(staticCacheFirst(request));
  }
});

// The page sends the files it was built from (its styles and scripts, itself) right after
// the worker starts, since the very first load happens before the worker controls it.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "zx-keep") { return; }
  var urls = (data.urls || []).concat([CONFIG.signInShell])
    .map(function (u) { return new URL(u, self.location.origin); })
    .filter(function (u) { return u.origin === self.location.origin && !isNever(u); });
  var reply = event.ports && event.ports[0];
  event.waitUntil(Promise.all(urls.map(function (url) {
    var name = isStatic(url) ? STATIC : (isOfflinePage(url) ? PAGES : null);
    if (!name) { return null; }
    return caches.open(name).then(function (cache) {
      return cache.match(url.href).then(function (kept) {
        if (kept && name === STATIC) { return null; }
        return fetch(url.href, { credentials: "same-origin" }).then(function (response) {
          if (keepable(response)) { return cache.put(url.href, response); }
          return null;
        }).catch(function () { return null; });
      });
    });
  })).then(function () { if (reply) { reply.postMessage({ type: "zx-kept" }); } }));
});
