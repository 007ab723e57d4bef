/* The dashboard's charts (onego.stats): ECharts options built from the data the page carries in
   <script type="application/json" id="dash-charts">, the same numbers as each chart's table. No inline
   script or style (CSP); tooltips as rich text, not HTML. */
(function () {
  "use strict";

  var PALETTE = ["#1f6feb", "#e8833a", "#2da44e", "#8250df", "#cf222e", "#6e7781"];

  function option(chart) {
    var base = {
      color: PALETTE,
      aria: { enabled: false },
      animation: false,
      tooltip: { trigger: chart.kind === "pie" ? "item" : "axis", renderMode: "richText" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true }
    };
    if (chart.kind === "pie") {
      base.series = [{
        type: "pie",
        radius: ["35%", "65%"],
        top: 24,
        name: chart.series[0].name,
        label: { formatter: "{b}: {c} ({d}%)" },
        data: chart.categories.map(function (name, i) {
          return { name: name, value: chart.series[0].data[i] };
        })
      }];
      return base;
    }
    var horizontal = chart.kind === "hbar";
    var categoryAxis = { type: "category", data: chart.categories, axisLabel: { hideOverlap: true } };
    var valueAxis = { type: "value" };
    base.xAxis = horizontal ? valueAxis : categoryAxis;
    base.yAxis = horizontal ? categoryAxis : valueAxis;
    if (horizontal) {
      categoryAxis.inverse = true;
      categoryAxis.axisLabel.width = 120;
      categoryAxis.axisLabel.overflow = "truncate";
    }
    base.series = chart.series.map(function (s) {
      return {
        type: chart.kind === "line" ? "line" : "bar",
        name: s.name,
        data: s.data,
        smooth: false,
        showSymbol: chart.categories.length <= 31
      };
    });
    return base;
  }

  function draw() {
    var source = document.getElementById("dash-charts");
    if (!source || typeof window.echarts === "undefined") {
      return;
    }
    var charts = JSON.parse(source.textContent || "[]");
    var drawn = [];
    charts.forEach(function (chart) {
      var el = document.getElementById("chart-" + chart.id);
      if (!el) {
        return;
      }
      var instance = window.echarts.init(el, null, { renderer: "canvas" });
      instance.setOption(option(chart));
      el.setAttribute("data-drawn", "1");
      drawn.push(instance);
    });
    window.addEventListener("resize", function () {
      drawn.forEach(function (instance) { instance.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());
