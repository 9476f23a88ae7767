// Visits and sign-ins written without a network: kept on the phone, sent when it returns.
//
// The include core/_offline_queue.html renders the element [data-offline-queue] with the
// translated texts, the API addresses and the user's id as data attributes. A form marked
// data-offline-form="visit" or "sign_in" is posted normally when the server answers; when it
// does not, the form is kept here (localStorage) with an Idempotency-Key made once, and sent
// to the JSON API on load, when the phone comes online and every 30 seconds. The API answers
// a repeated key with its first answer, so a retry after a lost answer files nothing twice.
(function () {
  "use strict";
  var root = document.querySelector("[data-offline-queue]");
  if (!root) { return; }
  var D = root.dataset;
  var STORE = "zx.offline.v1";
  var RETRY_MS = 30000;
  var TIMEOUT_MS = 30000;
  var PROBE_MS = 5000;
  var USER = D.user;
  var els = {
    count: root.querySelector("[data-offline-count]"),
    attention: root.querySelector("[data-offline-attention]"),
    net: root.querySelector("[data-offline-net]"),
    ready: root.querySelector("[data-offline-ready]"),
    status: root.querySelector("[data-offline-status]"),
    sent: root.querySelector("[data-offline-sent]"),
    list: root.querySelector("[data-offline-list]"),
    others: root.querySelector("[data-offline-others]"),
  };

  // ---- storage ---------------------------------------------------------------------------
  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function save(items) { window.localStorage.setItem(STORE, JSON.stringify(items)); }
  function mine() { return load().filter(function (i) { return i.user === USER; }); }
  function change(key, fn) {
    var items = load();
    items.forEach(function (item) { if (item.key === key) { fn(item); } });
    save(items.filter(function (item) { return !item.gone; }));
  }
  function uuid() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function keep(kind, url, body, label) {
    var item = {
      key: uuid(), kind: kind, user: USER, url: url, body: body, label: label,
      created: new Date().toISOString(), state: "pending", tries: 0,
    };
    try {
      var items = load();
      items.push(item);
      save(items);
    } catch (e) {
      return null; // storage full or refused: the caller says it was not kept
    }
    return item;
  }

  // ---- display ---------------------------------------------------------------------------
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, name) {
      return values[name] === undefined ? m : String(values[name]);
    });
  }
  function node(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }
  function say(text, tone, link) {
    els.status.textContent = "";
    els.status.className = "alert alert-" + (tone || "info") + " py-2 px-3 mb-0 mt-2 small";
    els.status.appendChild(document.createTextNode(text));
    if (link) {
      els.status.appendChild(document.createTextNode(" "));
      var a = node("a", "alert-link", link.text);
      a.href = link.href;
      els.status.appendChild(a);
    }
    els.status.hidden = false;
  }
  function when(iso) {
    var d = new Date(iso);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return (d.getMonth() + 1) + "-" + two(d.getDate()) + " " + two(d.getHours()) + ":" + two(d.getMinutes());
  }
  function render() {
    var items = mine();
    var pending = items.filter(function (i) { return i.state === "pending"; });
    var attention = items.filter(function (i) { return i.state === "attention"; });
    els.count.textContent = fill(D.tWaiting, { count: pending.length });
    els.count.className = "badge " + (pending.length ? "text-bg-warning" : "text-bg-light border");
    els.attention.textContent = fill(D.tAttention, { count: attention.length });
    els.attention.hidden = attention.length === 0;
    var others = load().length - items.length;
    els.others.textContent = fill(D.tOthers, { count: others });
    els.others.hidden = others === 0;
    els.list.textContent = "";
    items.forEach(function (item) {
      var li = node("li", "list-group-item px-2 py-2 small");
      li.setAttribute("data-testid", "offline-item");
      var head = node("div", "d-flex gap-2 align-items-start");
      var title = node("div", "me-auto text-break");
      title.appendChild(node("span", "fw-semibold", item.label));
      title.appendChild(node("span", "text-body-secondary", " · " + when(item.created)));
      head.appendChild(title);
      var tone = item.state === "attention" ? "text-bg-danger" : "text-bg-warning";
      head.appendChild(node("span", "badge " + tone, item.state === "attention" ? D.tNeedsYou : D.tPending));
      li.appendChild(head);
      if (item.state === "attention") {
        li.appendChild(node("div", "text-danger mt-1", item.message || D.tRefused));
        Object.keys(item.fields || {}).forEach(function (name) {
          (item.fields[name] || []).forEach(function (text) {
            if (text !== item.message) { li.appendChild(node("div", "text-danger", text)); }
          });
        });
        var discard = node("button", "btn btn-sm btn-outline-danger mt-1", D.tDiscard);
        discard.type = "button";
        discard.setAttribute("data-testid", "offline-discard");
        discard.addEventListener("click", function () {
          if (!window.confirm(D.tDiscardConfirm)) { return; }
          change(item.key, function (i) { i.gone = true; });
          render();
        });
        li.appendChild(discard);
        var builder = BUILDERS[item.kind];
        var form = document.querySelector("[data-offline-form=" + item.kind + "]");
        if (builder && builder.restore && form) {
          var back = node("button", "btn btn-sm btn-outline-primary mt-1 ms-2", D.tCorrect);
          back.type = "button";
          back.setAttribute("data-testid", "offline-correct");
          back.addEventListener("click", function () {
            builder.restore(form, item);
            form.setAttribute("data-offline-replaces", item.key);
            say(D.tCorrecting + " " + item.message, "warning");
            form.scrollIntoView({ block: "start" });
          });
          li.appendChild(back);
        }
      }
      els.list.appendChild(li);
    });
    els.list.hidden = items.length === 0;
    var online = navigator.onLine;
    els.net.textContent = online ? D.tOnline : D.tOffline;
    els.net.className = "badge " + (online ? "text-bg-success" : "text-bg-secondary");
    document.querySelectorAll("[data-offline-form]").forEach(function (form) {
      formOnlineState(form, online);
    });
    document.dispatchEvent(new CustomEvent("zx:offline-queue", { detail: { items: items } }));
  }
  function showSent(item, url) {
    var li = node("li", "small");
    li.setAttribute("data-testid", "offline-sent");
    li.appendChild(document.createTextNode(fill(D.tSent, { label: item.label }) + " "));
    if (url) {
      var a = node("a", "", D.tOpen);
      a.href = url;
      li.appendChild(a);
    }
    els.sent.appendChild(li);
    els.sent.hidden = false;
    els.status.hidden = true; // "saved on this phone" is over
  }

  // ---- sending ---------------------------------------------------------------------------
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : D.csrf;
  }
  function timed(url, options, ms) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, ms) : null;
    if (controller) { options.signal = controller.signal; }
    return fetch(url, options).finally(function () { if (timer) { window.clearTimeout(timer); } });
  }
  function parse(text) { try { return JSON.parse(text); } catch (e) { return null; } }

  // Resolves true to go on with the next item, false to stop for now.
  function sendOne(item) {
    return timed(item.url, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrfToken(),
        "Idempotency-Key": item.key,
      },
      body: JSON.stringify(item.body),
    }, TIMEOUT_MS).then(function (response) {
      return response.text().then(function (text) {
        var body = parse(text);
        var status = response.status;
        if (status >= 200 && status < 300 && body && body.id !== undefined) {
          change(item.key, function (i) { i.gone = true; });
          showSent(item, body.url);
          document.dispatchEvent(new CustomEvent("zx:offline-sent", { detail: { item: item, body: body } }));
          return true;
        }
        // The API's CSRF refusal (403 csrf_failed): no token cookie, i.e. no login on this phone.
        var csrf = status === 403 && (!body || body.code === "csrf_failed" || body.code === "http_error");
        if (status === 401 || csrf || (status < 400 && !body)) {
          // Logged out meanwhile (or the answer was the login page): keep it for later.
          say(D.tLogIn, "warning", { text: D.tLogInLink, href: D.login + "?next=" + encodeURIComponent(location.pathname) });
          return false;
        }
        if (status === 408 || status === 429 || status >= 500 || status < 400) {
          change(item.key, function (i) { i.tries += 1; });
          return false;
        }
        change(item.key, function (i) {
          i.state = "attention";
          i.message = (body && body.message) || (D.tRefused + " (" + status + ")");
          i.fields = (body && body.fields) || {};
        });
        say(D.tRefused, "danger");
        return true;
      });
    }).catch(function () {
      change(item.key, function (i) { i.tries += 1; });
      return false;
    });
  }
  var sending = false;
  function sendLoop() {
    var next = mine().filter(function (i) { return i.state === "pending"; })[0];
    if (!next) { return Promise.resolve(); }
    return sendOne(next).then(function (goOn) { render(); return goOn ? sendLoop() : null; });
  }
  function sendPending() {
    if (sending || !navigator.onLine || !mine().some(function (i) { return i.state === "pending"; })) {
      return Promise.resolve();
    }
    sending = true;
    var run = navigator.locks
      ? navigator.locks.request("zx-offline-send", { ifAvailable: true }, function (lock) {
        return lock ? sendLoop() : null; // another tab is sending
      })
      : sendLoop();
    return run.catch(function () {}).then(function () { sending = false; render(); });
  }

  // ---- forms -----------------------------------------------------------------------------
  function reachable() {
    if (!navigator.onLine) { return Promise.resolve(false); }
    return timed(D.probe, { cache: "no-store", credentials: "same-origin" }, PROBE_MS)
      .then(function (r) { return r.ok; }, function () { return false; });
  }
  function postNormally(form) {
    var progress = form.querySelector("[data-progress]");
    if (progress) { progress.classList.remove("d-none"); }
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    HTMLFormElement.prototype.submit.call(form);
  }
  var BUILDERS = {};
  function formOnlineState(form, online) {
    var builder = BUILDERS[form.getAttribute("data-offline-form")];
    if (builder && builder.state) { builder.state(form, online); }
  }
  document.querySelectorAll("[data-offline-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var builder = BUILDERS[form.getAttribute("data-offline-form")];
      if (!builder) { return; }
      event.preventDefault();
      event.stopPropagation(); // app.js would disable the buttons: we decide first
      if (form.getAttribute("data-offline-busy")) { return; } // a second tap while we ask
      var buttons = form.querySelectorAll("button[type=submit]");
      form.setAttribute("data-offline-busy", "true");
      buttons.forEach(function (b) { b.disabled = true; });
      function done() {
        form.removeAttribute("data-offline-busy");
        buttons.forEach(function (b) { b.disabled = false; });
        render();
      }
      reachable().then(function (ok) {
        var replaces = form.getAttribute("data-offline-replaces");
        function forgetReplaced() {
          // The corrected copy takes the place of the refused one.
          if (replaces) { change(replaces, function (i) { i.gone = true; }); }
          form.removeAttribute("data-offline-replaces");
        }
        if (ok && form.hasAttribute("data-offline-reload")) { window.location.reload(); return; }
        if (ok) { forgetReplaced(); postNormally(form); return; }
        var made = builder.build(form);
        if (!made) { done(); return; }
        var item = keep(made.kind, made.url, made.body, made.label);
        if (!item) { done(); say(D.tNotKept, "danger"); return; }
        forgetReplaced();
        if (builder.after) { builder.after(form, item); }
        done();
        say(made.saved || D.tSaved, "success");
        window.scrollTo(0, 0);
        sendPending();
      });
    });
  });

  // ---- the visit form ---------------------------------------------------------------------
  function num(value) {
    var n = parseInt(value, 10);
    return isNaN(n) ? null : n;
  }
  function text(data, name) { return String(data.get(name) || "").trim(); }
  function selectedText(form, name) {
    var select = form.querySelector("select[name=" + name + "]");
    return select && select.selectedIndex > 0 ? select.options[select.selectedIndex].text : "";
  }
  var problemRow = null; // an empty problem row, kept to add rows without the server
  function captureRow() {
    var row = document.querySelector("#problems .zx-problem");
    if (!row) { return; }
    var key = row.querySelector("input[name=problem_key]").value;
    problemRow = { html: row.outerHTML, key: key };
  }
  function newKey() { return uuid().replace(/-/g, "").slice(0, 8); }
  function addRowLocally() {
    if (!problemRow) { return; }
    var html = problemRow.html.split(problemRow.key).join(newKey());
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    var row = holder.content.firstElementChild;
    row.querySelectorAll("textarea").forEach(function (t) { t.value = ""; t.textContent = ""; });
    row.querySelectorAll("select").forEach(function (s) {
      s.value = "other";
      if (s.selectedIndex < 0) { s.selectedIndex = 0; }
    });
    row.querySelectorAll("[id^=dups-]").forEach(function (d) { d.textContent = ""; });
    document.getElementById("problems").appendChild(row);
    if (window.htmx) { window.htmx.process(row); }
    formOnlineState(row.closest("form"), navigator.onLine);
  }
  function isAddRow(elt) { return elt && elt.matches && elt.matches("[data-testid=add-problem]"); }
  function isRemoveRow(elt) {
    return elt && elt.getAttribute && elt.getAttribute("hx-target") === "closest .zx-problem";
  }
  function rowLocally(elt) {
    if (isAddRow(elt)) { addRowLocally(); return true; }
    if (isRemoveRow(elt)) { elt.closest(".zx-problem").remove(); return true; }
    return false;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (navigator.onLine) { return; }
    event.preventDefault(); // nothing to ask the server while offline
    rowLocally(event.detail.elt);
  });
  document.addEventListener("htmx:sendError", function (event) { rowLocally(event.detail.elt); });

  function localToday() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }
  BUILDERS.visit = {
    init: function (form) {
      // A page kept from an earlier day would offer that day's date: offer today's.
      var date = form.querySelector("input[name=visited_on]");
      var today = localToday();
      if (date && date.value && date.value === date.defaultValue && date.value < today) {
        date.value = today;
        date.defaultValue = today;
      }
    },
    build: function (form) {
      var photos = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (f) {
        return f.files && f.files.length > 0;
      });
      if (photos && !window.confirm(D.tWithoutPhotos)) { return null; }
      var data = new FormData(form);
      var body = {
        unit: num(data.get("unit")),
        visited_on: text(data, "visited_on"),
        target_kind: text(data, "target_kind"),
        target_unit: num(data.get("target_unit")),
        enterprise: num(data.get("enterprise")),
        enterprise_name: text(data, "enterprise_name"),
        site: num(data.get("site")),
        site_name: text(data, "site_name"),
        household: text(data, "household"),
        summary: text(data, "summary"),
        visitors: data.getAll("visitors").map(num).filter(function (n) { return n !== null; }),
        problems: data.getAll("problem_key").map(function (key) {
          return {
            text: text(data, "problem-" + key + "-text"),
            category: text(data, "problem-" + key + "-category") || "other",
            link_to: num(data.get("problem-" + key + "-link")),
          };
        }).filter(function (p) { return p.text || p.link_to !== null; }),
      };
      var whom = body.household || body.enterprise_name || body.site_name ||
        selectedText(form, "target_unit");
      var label = body.visited_on + " " + (whom || D.tVisit);
      return { kind: "visit", url: D.visitsUrl, body: body, label: label };
    },
    restore: function (form, item) {
      var body = item.body;
      function set(name, value) {
        var field = form.querySelector("[name=" + name + "]:not([type=radio]):not([type=checkbox])");
        if (field) { field.value = value === null || value === undefined ? "" : String(value); }
      }
      function hidden(parent, name, value) {
        parent.querySelectorAll("input[type=hidden][name='" + name + "']").forEach(function (h) { h.remove(); });
        if (value === null || value === undefined) { return; }
        var input = node("input");
        input.type = "hidden";
        input.setAttribute("data-offline-restored", "");
        input.name = name;
        input.value = String(value);
        parent.appendChild(input);
      }
      ["unit", "visited_on", "target_unit", "enterprise_name", "site_name", "household", "summary"]
        .forEach(function (name) { set(name, body[name]); });
      form.querySelectorAll("input[name=target_kind]").forEach(function (r) { r.checked = r.value === body.target_kind; });
      form.querySelectorAll("input[name=visitors]").forEach(function (c) {
        c.checked = body.visitors.indexOf(num(c.value)) >= 0;
      });
      hidden(form, "enterprise", body.enterprise);
      hidden(form, "site", body.site);
      var problems = body.problems.length ? body.problems : [{ text: "", category: "other", link_to: null }];
      var rows = form.querySelectorAll("#problems .zx-problem");
      Array.prototype.slice.call(rows, problems.length).forEach(function (r) { r.remove(); });
      for (var n = form.querySelectorAll("#problems .zx-problem").length; n < problems.length; n += 1) {
        addRowLocally();
      }
      form.querySelectorAll("#problems .zx-problem").forEach(function (row, index) {
        var problem = problems[index];
        var key = row.querySelector("input[name=problem_key]").value;
        row.querySelector("textarea").value = problem.text;
        var select = row.querySelector("select");
        select.value = problem.category;
        if (select.selectedIndex < 0) { select.value = "other"; }
        hidden(row, "problem-" + key + "-link", problem.link_to);
      });
    },
    after: function (form) {
      // Ready for the next visit: the page's own defaults, one empty problem row.
      form.reset();
      form.querySelectorAll("[data-offline-restored]").forEach(function (h) { h.remove(); });
      var rows = form.querySelectorAll("#problems .zx-problem");
      Array.prototype.slice.call(rows, 1).forEach(function (r) { r.remove(); });
      form.querySelectorAll("#enterprise-results, #site-results, [id^=dups-]").forEach(function (d) {
        d.textContent = "";
      });
      form.querySelectorAll("textarea").forEach(function (t) { t.value = ""; });
    },
    state: function (form, online) {
      form.querySelectorAll("input[type=file]").forEach(function (f) { f.disabled = !online; });
      var note = form.querySelector("[data-offline-photo-note]");
      if (note) { note.hidden = online; }
    },
  };

  // ---- the sign-in page ------------------------------------------------------------------
  // The page's session token; the offline sign-in page reads it from the QR code's address.
  function signInToken(form) {
    var match = window.location.pathname.match(/\/activities\/s\/([^/]+)\/$/);
    return form.getAttribute("data-token") || (match ? decodeURIComponent(match[1]) : "");
  }
  function waitingSignIn(token) {
    return mine().some(function (i) {
      return i.kind === "sign_in" && i.state === "pending" && i.body.token === token;
    });
  }
  BUILDERS.sign_in = {
    build: function (form) {
      var token = signInToken(form);
      if (!token || waitingSignIn(token)) { return null; }
      return {
        kind: "sign_in", url: D.signInsUrl, body: { token: token },
        label: form.getAttribute("data-label") || D.tSignIn, saved: D.tSignInSaved,
      };
    },
    state: function (form) {
      var waiting = waitingSignIn(signInToken(form));
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = waiting; });
      var note = form.querySelector("[data-offline-sign-in-note]");
      if (note) { note.hidden = !waiting; }
    },
  };
  document.addEventListener("zx:offline-sent", function (event) {
    var item = event.detail.item;
    var form = document.querySelector("[data-offline-form=sign_in]");
    if (item.kind === "sign_in" && form && signInToken(form) === item.body.token) {
      window.location.reload(); // the page now shows the sign-in the server recorded
    }
  });

  // ---- the service worker ------------------------------------------------------------------
  function pageFiles(withPage) {
    var urls = withPage ? [window.location.href] : [];
    document.querySelectorAll("link[rel=stylesheet][href], link[rel=icon][href], script[src]")
      .forEach(function (el) { urls.push(el.href || el.src); });
    if (window.performance && performance.getEntriesByType) {
      performance.getEntriesByType("resource").forEach(function (e) { urls.push(e.name); });
    }
    return urls;
  }
  function startWorker() {
    if (!("serviceWorker" in navigator) || !D.sw) { return; }
    var controlled = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.register(D.sw, { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function () {
        root.setAttribute("data-offline-ready", "true");
        if (els.ready) { els.ready.hidden = false; }
      };
      // The first load went past the worker: ask it to keep this page and its files.
      registration.active.postMessage({ type: "zx-keep", urls: pageFiles(!controlled) }, [channel.port2]);
    }).catch(function () { /* no worker (private mode, old browser): the queue still works */ });
  }

  // ---- start -------------------------------------------------------------------------------
  captureRow();
  document.querySelectorAll("[data-offline-form]").forEach(function (form) {
    var builder = BUILDERS[form.getAttribute("data-offline-form")];
    if (builder && builder.init) { builder.init(form); }
  });
  window.addEventListener("online", function () { render(); sendPending(); });
  window.addEventListener("offline", render);
  window.addEventListener("storage", function (event) { if (event.key === STORE) { render(); } });
  window.setInterval(sendPending, RETRY_MS);
  render();
  startWorker();
  sendPending();
})();
