// The compared indicator as a bar chart, from #compare-chart.
(function () {
  "use strict";
  var source = document.getElementById("compare-chart");
  var box = document.getElementById("chart-compare");
  if (!source || !box || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  echarts.init(box).setOption({
    title: { text: data.title, textStyle: { fontSize: 14 } },
    tooltip: {},
    grid: { left: 140, right: 16, top: 36, bottom: 24 },
    xAxis: { type: "value" },
    yAxis: { type: "category", inverse: true, data: data.figures.map(function (f) { return f.name; }) },
    series: [{ type: "bar", data: data.figures.map(function (f) { return f.value; }), itemStyle: { color: "#b71c1c" } }]
  });
})();
