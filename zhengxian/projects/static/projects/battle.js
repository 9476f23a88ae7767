// The battle chart: on a narrow screen, scroll the chart so that today is in view; a tap on
// a bar or a milestone shows why it has its colour (a phone has no hover for the tooltip);
// the print button prints the page (its stylesheet lays it out on A3 landscape).
(function () {
  "use strict";

  function scrollToToday() {
    var wrap = document.querySelector("[data-testid=battle-chart-wrap]");
    var today = document.querySelector("[data-testid=today-marker]");
    if (!wrap || !today || wrap.scrollWidth <= wrap.clientWidth) { return; }
    var label = wrap.querySelector("th.zx-battle-label");
    var labelWidth = label ? label.offsetWidth : 0;
    var x = today.getBoundingClientRect().left - wrap.getBoundingClientRect().left + wrap.scrollLeft;
    wrap.scrollLeft = Math.max(0, x - labelWidth - (wrap.clientWidth - labelWidth) / 2);
  }

  function part(tip, name) { return tip.querySelector("[data-tip-part=" + name + "]"); }

  // A milestone carries only its own state and title; its project's name and page are
  // its track's (one copy per project instead of one per milestone).
  function tipOf(source) {
    var milestone = source.dataset.tipMilestone;
    if (!milestone) {
      return { title: source.dataset.tipTitle, lines: source.dataset.tipLines, url: source.dataset.tipUrl };
    }
    var track = source.closest("[data-tip-lines]");
    return {
      title: track ? track.dataset.tipTitle : "",
      lines: source.getAttribute("title"),
      url: track ? track.dataset.tipUrl + "#milestone-" + milestone : "#"
    };
  }

  function showTip(tip, source) {
    var about = tipOf(source);
    part(tip, "title").textContent = about.title || "";
    var status = part(tip, "status");
    status.className = "badge zx-status zx-status-" + (source.dataset.tipStatus || "");
    status.textContent = source.dataset.tipLabel || "";
    var lines = part(tip, "lines");
    lines.textContent = "";
    (about.lines || "").split("\n").forEach(function (text) {
      if (!text) { return; }
      var item = document.createElement("li");
      item.textContent = text;
      lines.appendChild(item);
    });
    part(tip, "link").setAttribute("href", about.url || "#");
    var selected = document.querySelector(".zx-tip-selected");
    if (selected) { selected.classList.remove("zx-tip-selected"); }
    source.classList.add("zx-tip-selected");
    tip.hidden = false;
  }

  function hideTip(tip) {
    tip.hidden = true;
    var selected = document.querySelector(".zx-tip-selected");
    if (selected) { selected.classList.remove("zx-tip-selected"); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    scrollToToday();
    var tip = document.querySelector("[data-testid=chart-tip]");
    var chart = document.querySelector("[data-testid=battle-chart]");
    if (tip && chart) {
      chart.addEventListener("click", function (event) {
        var source = event.target.closest("[data-tip-milestone], [data-tip-lines]");
        if (source) { showTip(tip, source); }
      });
      chart.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") { return; }
        var source = event.target.closest("[data-tip-milestone], [data-tip-lines]");
        if (source) { event.preventDefault(); showTip(tip, source); }
      });
      tip.querySelector("[data-tip-close]").addEventListener("click", function () { hideTip(tip); });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { hideTip(tip); }
      });
    }
    document.querySelectorAll("[data-print-chart]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
