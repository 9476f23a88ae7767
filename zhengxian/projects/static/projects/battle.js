// The battle chart: on a narrow screen, scroll the chart so that today is in view.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var wrap = document.querySelector("[data-testid=battle-chart-wrap]");
    var today = document.querySelector("[data-testid=today-marker]");
    if (!wrap || !today || wrap.scrollWidth <= wrap.clientWidth) { return; }
    var label = wrap.querySelector("th.zx-battle-label");
    var labelWidth = label ? label.offsetWidth : 0;
    var x = today.getBoundingClientRect().left - wrap.getBoundingClientRect().left + wrap.scrollLeft;
    wrap.scrollLeft = Math.max(0, x - labelWidth - (wrap.clientWidth - labelWidth) / 2);
  });
})();
