// The dashboard's charts, drawn with uPlot from /api/v1/athletes/{id}/progress: the mile
// month by month (the fastest within a run, and the mile the month's best efforts predict,
// against the goal) and the distance run in each of the last twelve weeks.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const section = document.getElementById("progress");
  if (!section || typeof uPlot === "undefined") return;
  let data;
  try {
    const response = await fetch(section.dataset.progress);
    if (!response.ok) throw new Error(`status ${response.status}`);
    data = await response.json();
  } catch (error) {
    section.querySelector("[data-progress-note]").textContent = "The charts could not be loaded.";
    return;
  }
  const clock = (s) => {
    if (s == null) return "—";
    const m = Math.floor(s / 60);
    const r = Math.round(s - m * 60);
    return `${m}:${String(r).padStart(2, "0")}`;
  };
  const width = (el) => Math.max(260, el.clientWidth);
  const plots = [];

  const mileHolder = section.querySelector('[data-chart="mile"]');
  mileHolder.replaceChildren();
  if (data.months.length > 0) {
    const x = data.months.map((_, i) => i);
    const labels = data.months.map((m) => m.month);
    const goal = data.months.map(() => data.goal_mile_s);
    const series = [
      { label: "month", value: (u, i) => (i == null ? "—" : labels[i]) },
      { label: "fastest mile", stroke: "#d8481b", width: 2, points: { show: true, size: 6 }, value: (u, v) => clock(v) },
      { label: "predicted mile", stroke: "#2f6fb0", width: 2, dash: [6, 4], points: { show: true, size: 5 }, value: (u, v) => clock(v) },
    ];
    const columns = [x, data.months.map((m) => m.best_mile_s), data.months.map((m) => m.predicted_mile_s)];
    if (data.goal_mile_s != null) {
      series.push({ label: "goal", stroke: "#1e7a46", width: 1, value: (u, v) => clock(v) });
      columns.push(goal);
    }
    plots.push([mileHolder, new uPlot({
      width: width(mileHolder),
      height: 240,
      series,
      axes: [
        { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? labels[t] ?? "" : "")) },
        { values: (u, ticks) => ticks.map(clock), label: "mile" },
      ],
      scales: {
        x: { time: false, range: [-0.5, Math.max(0.5, x.length - 0.5)] },
        y: { dir: -1, range: (u, lo, hi) => [lo - 10, hi + 10] },
      },
    }, columns, mileHolder)]);
  }

  const volumeHolder = section.querySelector('[data-chart="volume"]');
  volumeHolder.replaceChildren();
  const weeks = data.weeks;
  if (!weeks.some((w) => w.distance_m > 0)) {
    const none = document.createElement("p");
    none.className = "muted small";
    none.textContent = "No runs in the last twelve weeks yet.";
    volumeHolder.append(none);
  } else {
    const labels = weeks.map((w) => w.week_start.slice(5));
    plots.push([volumeHolder, new uPlot({
      width: width(volumeHolder),
      height: 200,
      series: [
        { label: "week of", value: (u, i) => (i == null ? "—" : weeks[i].week_start) },
        { label: "km", stroke: "#d8481b", fill: "rgba(216,72,27,0.25)", paths: uPlot.paths.bars({ size: [0.7] }), points: { show: false }, value: (u, v) => (v == null ? "—" : v.toFixed(1)) },
      ],
      axes: [
        { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? labels[t] ?? "" : "")) },
        { label: "km" },
      ],
      scales: { x: { time: false, range: [-0.5, weeks.length - 0.5] }, y: { range: (u, lo, hi) => [0, Math.max(5, hi * 1.1)] } },
    }, [weeks.map((_, i) => i), weeks.map((w) => w.distance_m / 1000)], volumeHolder)]);
  }
  if (plots.length > 0) section.querySelector("[data-progress-note]").hidden = true;
  window.addEventListener("resize", () => {
    for (const [holder, plot] of plots) plot.setSize({ width: width(holder), height: plot.height });
  });
});
