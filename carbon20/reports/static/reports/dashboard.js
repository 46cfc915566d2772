// Draws each dashboard chart from the JSON beside its canvas; the table next to it holds
// the same figures for screen readers and for anyone without JavaScript.
(function () {
  "use strict";
  var palette = ["#0059b3", "#008139", "#b35900", "#6b2fa3", "#a30052", "#00707a", "#5c5c5c"];
  document.querySelectorAll("canvas[id^='chart-']").forEach(function (canvas) {
    var key = canvas.id.slice("chart-".length);
    var source = document.getElementById(key);
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (dataset, index) {
      var colour = palette[index % palette.length];
      return Object.assign({}, dataset, {
        backgroundColor: colour,
        borderColor: colour,
        data: dataset.data.map(function (value) { return value === null ? null : Number(value); })
      });
    });
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        animation: false,
        scales: { x: { stacked: !!spec.stacked }, y: { stacked: !!spec.stacked, beginAtZero: true } }
      }
    });
  });
})();
