// The marginal abatement cost curve as a stepped line: x is the cumulative reduction,
// y the cost per tonne. The same data is in the table beside the chart.
(function () {
  "use strict";
  var canvas = document.getElementById("mac-chart");
  var data = document.getElementById("mac-data");
  var script = document.getElementById("mac-script");
  if (!canvas || !data || typeof Chart === "undefined") { return; }
  var points = JSON.parse(data.textContent);
  var locale = document.documentElement.lang || "da";
  var number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  new Chart(canvas, {
    type: "line",
    data: { datasets: [{ data: points, stepped: false, borderColor: "#004993",
      backgroundColor: "rgba(0, 73, 147, 0.25)", fill: "origin", pointRadius: 0, borderWidth: 2 }] },
    options: {
      animation: false, parsing: false, responsive: true, maintainAspectRatio: false,
      plugins: { legend: { display: false },
        tooltip: { callbacks: { label: function (item) {
          return item.raw.label + ": " + number.format(item.raw.y); } } } },
      scales: {
        x: { type: "linear", title: { display: true, text: script.dataset.xLabel },
             ticks: { callback: function (v) { return number.format(v); } } },
        y: { title: { display: true, text: script.dataset.yLabel },
             ticks: { callback: function (v) { return number.format(v); } } }
      }
    }
  });
})();
