// Charts of the progress wall, from the data the page carries in #wall-charts.
(function () {
  "use strict";
  var source = document.getElementById("wall-charts");
  if (!source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var palette = { blue: "#1565c0", green: "#2e7d32", yellow: "#f9a825", red: "#c62828", grey: "#616161" };
  var status = document.getElementById("chart-status");
  if (status && data.status.length) {
    echarts.init(status).setOption({
      title: { text: data.titles.status, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item" },
      series: [{
        type: "pie", radius: ["35%", "65%"], top: 24,
        data: data.status.map(function (s) {
          return { name: s.name, value: s.value, itemStyle: { color: palette[data.colours[s.code]] } };
        })
      }]
    });
  }
  var lines = document.getElementById("chart-lines");
  if (lines && data.lines.length) {
    echarts.init(lines).setOption({
      title: { text: data.titles.lines, textStyle: { fontSize: 14 } },
      tooltip: {},
      grid: { left: 110, right: 16, top: 36, bottom: 24 },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: data.lines.map(function (l) { return l.name; }) },
      series: [{ type: "bar", data: data.lines.map(function (l) { return l.value; }), itemStyle: { color: "#b71c1c" } }]
    });
  }
})();
