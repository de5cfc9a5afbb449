// Each target's readings over time against its pace line (序时进度), from #pace-charts.
(function () {
  "use strict";
  var source = document.getElementById("pace-charts");
  if (!source || !window.echarts) return;
  var charts = JSON.parse(source.textContent);
  document.querySelectorAll(".pace-chart").forEach(function (box) {
    var c = charts[Number(box.dataset.index)];
    echarts.init(box).setOption({
      title: { text: c.name, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0, data: ["实际值", "序时进度"] },
      grid: { left: 56, right: 16, top: 36, bottom: 48 },
      xAxis: { type: "time" },
      yAxis: { type: "value" },
      series: [
        { name: "实际值", type: "line", data: c.readings, itemStyle: { color: "#b71c1c" } },
        { name: "序时进度", type: "line", data: c.pace, lineStyle: { type: "dashed" }, symbol: "none", itemStyle: { color: "#555" } }
      ]
    });
  });
})();
