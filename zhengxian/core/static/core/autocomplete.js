// Search-as-you-type for long select lists: the widget AutocompleteSelect of
// zhengxian/core/widgets.py renders, inside <div data-zx-ac data-url=…>, a hidden <select>
// holding only the chosen option(s) and a text box. Typing asks data-url?q=… (JSON
// {"results": [{"id", "label", "detail", "text"}]}) and lists the answers (label and detail);
// choosing one puts it (as its text) in the select and fires the select's "change", so forms,
// htmx triggers (change from:select, hx-include) and data-autosubmit work as with an
// ordinary select.
//
// Every listener is on the document, so boxes that arrive later (htmx swaps, history
// restore) work without set-up. The text box's own input and change events are stopped
// here: the box carries no name, and the filter forms that refresh on "input from:input"
// must refresh when a choice is made, not on every key.
(function () {
  "use strict";
  var DELAY = 250;
  var states = new WeakMap();

  function rootOf(el) { return el && el.closest ? el.closest("[data-zx-ac]") : null; }
  function isBox(el) { return !!(el && el.matches && el.matches("[data-zx-ac-input]")); }

  function parts(root) {
    return {
      select: root.querySelector("select"),
      input: root.querySelector("[data-zx-ac-input]"),
      menu: root.querySelector("[data-zx-ac-menu]"),
      list: root.querySelector("[role=listbox]"),
      note: root.querySelector("[data-zx-ac-note]"),
      live: root.querySelector("[data-zx-ac-live]"),
      clear: root.querySelector("[data-zx-ac-clear]"),
      chips: root.querySelector("[data-zx-ac-chips]")
    };
  }

  function state(root) {
    var s = states.get(root);
    if (!s) {
      // pick: Enter was pressed before the answer came; choose its first match then.
      s = { timer: 0, seq: 0, controller: null, items: [], active: -1, pick: false };
      states.set(root, s);
    }
    return s;
  }

  function text(root, key) { return root.getAttribute("data-text-" + key) || ""; }
  function multiple(root) { return root.hasAttribute("data-multiple"); }

  function chosenLabel(p) {
    var option = p.select.selectedOptions && p.select.selectedOptions[0];
    return option && option.value ? option.textContent : "";
  }

  function hasValue(p, value) {
    return Array.prototype.some.call(p.select.options, function (o) { return o.value === value; });
  }

  function setInput(p, value) {
    p.input.value = value;
    p.input.setAttribute("value", value); // kept in htmx's history snapshot too
  }

  function say(p, message) { if (p.live) { p.live.textContent = message; } }

  function note(p, message) {
    p.note.textContent = message;
    p.note.hidden = !message;
  }

  function isOpen(p) { return p.menu.classList.contains("show"); }

  function open(p) {
    p.menu.classList.add("show");
    p.input.setAttribute("aria-expanded", "true");
  }

  function stop(s) {
    clearTimeout(s.timer);
    s.timer = 0;
    s.pick = false;
    if (s.controller) { s.controller.abort(); s.controller = null; }
    s.seq += 1; // an answer still on its way is for an older text: ignore it
  }

  function close(root, p) {
    var s = state(root);
    stop(s);
    p.menu.classList.remove("show");
    p.input.setAttribute("aria-expanded", "false");
    p.input.removeAttribute("aria-activedescendant");
    s.active = -1;
  }

  function fire(select) { select.dispatchEvent(new Event("change", { bubbles: true })); }

  function highlight(root, p) {
    var s = state(root);
    Array.prototype.forEach.call(p.list.children, function (li, i) {
      var on = i === s.active;
      li.classList.toggle("active", on);
      li.setAttribute("aria-selected", on ? "true" : "false");
      if (on) {
        p.input.setAttribute("aria-activedescendant", li.id);
        if (li.scrollIntoView) { li.scrollIntoView({ block: "nearest" }); }
      }
    });
    if (s.active < 0) { p.input.removeAttribute("aria-activedescendant"); }
  }

  function show(root, p, results) {
    var s = state(root);
    var taken = multiple(root) ? function (r) { return hasValue(p, String(r.id)); } : null;
    s.items = (results || []).filter(function (r) { return !taken || !taken(r); });
    p.list.textContent = "";
    s.items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = p.list.id + "-" + i;
      li.className = "dropdown-item text-wrap py-2";
      li.setAttribute("role", "option");
      li.setAttribute("data-index", String(i));
      li.tabIndex = -1;
      var label = document.createElement("span");
      label.textContent = item.label;
      li.appendChild(label);
      if (item.detail) {
        var detail = document.createElement("small");
        detail.className = "d-block text-body-secondary";
        detail.textContent = item.detail;
        li.appendChild(detail);
      }
      p.list.appendChild(li);
    });
    s.active = s.items.length ? 0 : -1;
    highlight(root, p);
    note(p, s.items.length ? "" : text(root, "empty"));
    say(p, s.items.length ? text(root, "count").replace("%(n)s", s.items.length) : text(root, "empty"));
    open(p);
    if (s.pick && s.items.length) { choose(root, p, s.items[0]); }
    s.pick = false;
  }

  function search(root) {
    var p = parts(root);
    var s = state(root);
    stop(s);
    var query = p.input.value.trim();
    if (!query) { close(root, p); return; }
    s.timer = setTimeout(function () {
      s.timer = 0;
      var seq = s.seq;
      var controller = window.AbortController ? new AbortController() : null;
      s.controller = controller;
      var url = root.getAttribute("data-url");
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
      if (!p.list.children.length) { note(p, text(root, "loading")); open(p); }
      fetch(url, {
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" },
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (data) {
        if (seq !== s.seq) { return; }
        s.controller = null;
        show(root, p, data && data.results);
      }).catch(function (error) {
        if ((error && error.name === "AbortError") || seq !== s.seq) { return; }
        s.controller = null;
        show(root, p, []);
        note(p, text(root, "error"));
        say(p, text(root, "error"));
      });
    }, DELAY);
  }

  function addChip(root, p, value, label) {
    if (!p.chips) { return; }
    var chip = document.createElement("span");
    chip.className = "zx-ac-chip badge rounded-pill text-bg-light border fw-normal fs-6 d-inline-flex align-items-center gap-1 mb-1";
    chip.setAttribute("data-value", value);
    chip.appendChild(document.createTextNode(label));
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close";
    remove.style.fontSize = ".6em";
    remove.setAttribute("data-zx-ac-remove", "");
    remove.setAttribute("aria-label", text(root, "remove") + " " + label);
    chip.appendChild(remove);
    p.chips.appendChild(chip);
  }

  function choose(root, p, item) {
    var value = String(item.id);
    var chosen = item.text || item.label;
    if (multiple(root)) {
      if (!hasValue(p, value)) {
        p.select.appendChild(new Option(chosen, value, true, true));
        addChip(root, p, value, chosen);
      }
      setInput(p, "");
    } else {
      p.select.textContent = "";
      p.select.appendChild(new Option(chosen, value, true, true));
      setInput(p, chosen);
      if (p.clear) { p.clear.hidden = false; }
    }
    close(root, p);
    fire(p.select);
  }

  function clearChoice(root, p) {
    var had = !!chosenLabel(p);
    p.select.textContent = "";
    p.select.appendChild(new Option("", "", true, true));
    setInput(p, "");
    if (p.clear) { p.clear.hidden = true; }
    close(root, p);
    if (had) { fire(p.select); }
  }

  function removeChip(root, p, chip) {
    var value = chip.getAttribute("data-value");
    Array.prototype.slice.call(p.select.options).forEach(function (o) {
      if (o.value === value) { o.remove(); }
    });
    chip.remove();
    fire(p.select);
  }

  // Leaving the box: the text shows the choice again (typed text that chose nothing goes);
  // an optional single choice whose text was wiped is cleared.
  function settle(root) {
    var p = parts(root);
    close(root, p);
    if (multiple(root)) { setInput(p, ""); return; }
    if (!p.input.value.trim() && root.hasAttribute("data-optional") && chosenLabel(p)) {
      clearChoice(root, p);
    } else {
      setInput(p, chosenLabel(p));
    }
  }

  document.addEventListener("input", function (event) {
    if (!isBox(event.target)) { return; }
    event.stopPropagation();
    if (event.isComposing) { return; } // pinyin being typed: wait for the characters
    search(rootOf(event.target));
  }, true);

  document.addEventListener("compositionend", function (event) {
    if (isBox(event.target)) { search(rootOf(event.target)); }
  }, true);

  document.addEventListener("change", function (event) {
    if (isBox(event.target)) { event.stopPropagation(); }
  }, true);

  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (isBox(input) && !multiple(rootOf(input)) && input.value && input.select) { input.select(); }
  });

  // Leaving the text box (for anything but its own list) settles it.
  document.addEventListener("focusout", function (event) {
    if (!isBox(event.target)) { return; }
    var root = rootOf(event.target);
    setTimeout(function () {
      var p = parts(root);
      var now = document.activeElement;
      if (now !== p.input && !p.menu.contains(now)) { settle(root); }
    }, 0);
  });

  document.addEventListener("keydown", function (event) {
    if (!isBox(event.target) || event.isComposing) { return; }
    var root = rootOf(event.target);
    var p = parts(root);
    var s = state(root);
    var count = s.items.length;
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp":
        event.preventDefault();
        if (!isOpen(p)) { search(root); return; }
        if (!count) { return; }
        s.active = event.key === "ArrowDown" ? (s.active + 1) % count : (s.active - 1 + count) % count;
        highlight(root, p);
        break;
      case "Enter":
        if (s.timer || s.controller) { // typed faster than the answer: take its first match
          event.preventDefault();
          s.pick = true;
          return;
        }
        if (!isOpen(p)) { return; } // a closed list: Enter submits the form as usual
        event.preventDefault();
        if (s.active >= 0 && s.active < count) { choose(root, p, s.items[s.active]); }
        break;
      case "Escape":
        if (isOpen(p)) {
          event.preventDefault();
          close(root, p);
          if (!multiple(root)) { setInput(p, chosenLabel(p)); }
        }
        break;
      case "Backspace":
        if (multiple(root) && !p.input.value && p.chips && p.chips.lastElementChild) {
          removeChip(root, p, p.chips.lastElementChild);
        }
        break;
      default:
        break;
    }
  });

  // Choosing with a mouse or a finger: keep the focus in the box while pressing.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("[data-zx-ac-menu]")) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    var root = rootOf(target);
    if (!root || !target.closest) { return; }
    var p = parts(root);
    var option = target.closest("[role=option]");
    if (option && p.list.contains(option)) {
      var item = state(root).items[Number(option.getAttribute("data-index"))];
      if (item) { choose(root, p, item); }
      return;
    }
    if (target.closest("[data-zx-ac-clear]")) {
      clearChoice(root, p);
      p.input.focus();
      return;
    }
    var remove = target.closest("[data-zx-ac-remove]");
    if (remove) {
      removeChip(root, p, remove.closest("[data-value]"));
      p.input.focus();
    }
  });
})();
