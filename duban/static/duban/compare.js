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
    legend: { top: 20 },
    grid: { left: 140, right: 16, top: 48, bottom: 24 },
    xAxis: { type: "value" },
    yAxis: { type: "category", inverse: true, data: data.names },
    // actual and target are drawn apart, each its own series
    series: data.series.map(function (s, i) {
      return { type: "bar", name: s.name, data: s.data, itemStyle: { color: i ? "#9e9e9e" : "#b71c1c" } };
    })
  });
})();
