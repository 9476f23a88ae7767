// The cockpit's charts: <div data-cockpit-chart="id"> draws the chart stored in the json
// script "id" ({option, href, links}); a click on a named bar, slice or point opens
// links[name], anywhere else on the chart href: the list behind the figure.
(function () {
  "use strict";
  var charts = [];
  function draw(root) {
    if (!window.echarts) { return; }
    root.querySelectorAll("[data-cockpit-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-cockpit-chart"));
      if (!source) { return; }
      var data = JSON.parse(source.textContent);
      var wall = document.body.classList.contains("zx-wall");
      var chart = window.echarts.init(el, wall ? "dark" : null, { renderer: "svg" });
      if (wall) { data.option.backgroundColor = "transparent"; }
      chart.setOption(data.option);
      function open(name) {
        var url = (name && data.links && data.links[name]) || data.href;
        if (url) { window.location.href = url; }
      }
      chart.on("click", function (params) { open(params.name); });
      chart.getZr().on("click", function (event) { if (!event.target) { open(""); } });
      el.setAttribute("data-drawn", "1");
      charts.push(chart);
    });
  }
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { if (!chart.isDisposed()) { chart.resize(); } });
  });
  document.addEventListener("htmx:beforeSwap", function () {
    charts.forEach(function (chart) { chart.dispose(); });
    charts = [];
  });
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (e) { draw(e.target); });
})();
