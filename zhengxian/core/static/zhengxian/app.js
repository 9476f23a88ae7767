// Small behaviours shared by every page. No inline scripts: the CSP forbids them.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]")) { el.form.submit(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); return; }
    // Long uploads: show the progress element of the form and disable its buttons.
    var progress = form.querySelector("[data-progress]");
    if (progress) { progress.classList.remove("d-none"); }
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  });
  // Charts: <div data-echarts="id-of-json-script"> draws the option stored in the json script.
  function drawCharts(root) {
    if (!window.echarts) { return; }
    root.querySelectorAll("[data-echarts]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-echarts"));
      if (!source) { return; }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(JSON.parse(source.textContent));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSwap", function (e) { drawCharts(e.target); });
})();
