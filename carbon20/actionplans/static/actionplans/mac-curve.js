// The marginal abatement cost curve as bars standing on zero: each measure's bar spans its
// tonnes CO2e a year along the cumulative reduction (its width) and its cost per tonne is its
// height, below zero for a measure that saves money. Chart.js has no bars of varying width,
// so each bar is drawn as a closed outline filled to the zero line. The same data is in the
// table beside the chart.
(function () {
  "use strict";
  var canvas = document.getElementById("mac-chart");
  var data = document.getElementById("mac-data");
  var script = document.getElementById("mac-script");
  if (!canvas || !data || typeof Chart === "undefined") { return; }
  var bars = JSON.parse(data.textContent);
  var locale = document.documentElement.lang || "da";
  var number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  var datasets = bars.map(function (bar) {
    var saves = bar.y < 0;
    return {
      label: bar.label,
      data: [
        { x: bar.x0, y: 0 }, { x: bar.x0, y: bar.y }, { x: bar.x1, y: bar.y }, { x: bar.x1, y: 0 }
      ],
      cost: bar.y,
      tonnes: bar.x1 - bar.x0,
      borderColor: saves ? "#00764a" : "#004993",
      backgroundColor: saves ? "rgba(0, 118, 74, 0.35)" : "rgba(0, 73, 147, 0.35)",
      fill: "origin", pointRadius: 0, pointHitRadius: 6, borderWidth: 1, tension: 0
    };
  });
  new Chart(canvas, {
    type: "line",
    data: { datasets: datasets },
    options: {
      animation: false, parsing: false, responsive: true, maintainAspectRatio: false,
      interaction: { mode: "nearest", intersect: false },
      plugins: { legend: { display: false },
        tooltip: { callbacks: {
          title: function (items) { return items.length ? items[0].dataset.label : ""; },
          label: function (item) {
            return [script.dataset.yLabel + ": " + number.format(item.dataset.cost),
                    script.dataset.widthLabel + ": " + number.format(item.dataset.tonnes)];
          } } } },
      scales: {
        x: { type: "linear", min: 0, title: { display: true, text: script.dataset.xLabel },
             ticks: { callback: function (v) { return number.format(v); } } },
        y: { beginAtZero: true, title: { display: true, text: script.dataset.yLabel },
             grid: { color: function (context) {
               return context.tick && context.tick.value === 0 ? "#1a1a1a" : "rgba(0, 0, 0, 0.1)"; } },
             ticks: { callback: function (v) { return number.format(v); } } }
      }
    }
  });
})();
