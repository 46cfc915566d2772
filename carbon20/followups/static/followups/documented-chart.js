// Draws each baseline-model chart from the JSON beside its canvas: the measured consumption
// per period beside what the baseline model predicts. The table below holds the same figures.
(function () {
  "use strict";
  document.querySelectorAll("canvas[data-documented-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-documented-chart"));
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: spec.labels,
        datasets: [
          { label: spec.observed_label, data: spec.observed.map(Number), borderColor: "#0059b3", backgroundColor: "#0059b3" },
          { label: spec.predicted_label, data: spec.predicted.map(Number), borderColor: "#b35900", backgroundColor: "#b35900", borderDash: [6, 4] }
        ]
      },
      options: { responsive: true, animation: false, scales: { y: { beginAtZero: true } } }
    });
  });
})();
