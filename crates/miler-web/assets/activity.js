// The pace and heart-rate chart of an activity page, drawn with uPlot from the samples the
// API serves. The page's tables carry every number without it.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const holder = document.getElementById("chart");
  if (!holder || typeof uPlot === "undefined") return;
  let data;
  try {
    const response = await fetch(holder.dataset.samples);
    if (!response.ok) throw new Error(`status ${response.status}`);
    data = await response.json();
  } catch (error) {
    holder.textContent = "The chart could not be loaded; the tables below have every number.";
    return;
  }
  if (data.time_s.length < 2) {
    holder.textContent = "This activity has too few samples for a chart.";
    return;
  }
  const minutes = data.time_s.map((t) => t / 60);
  const clock = (s) => {
    if (s == null) return "—";
    const m = Math.floor(s / 60);
    const r = Math.round(s - m * 60);
    return `${m}:${String(r).padStart(2, "0")}`;
  };
  const hasHeart = data.heart_rate_bpm.some((h) => h != null);
  // The pace axis spans the bulk of the run, so a stop or a GPS jump doesn't flatten it.
  const paces = data.pace_s_per_km.filter((p) => p != null).sort((a, b) => a - b);
  const at = (q) => paces[Math.min(paces.length - 1, Math.floor(q * paces.length))];
  const paceRange = paces.length ? [Math.max(0, at(0.02) - 20), at(0.95) + 60] : [180, 600];
  const series = [
    { label: "minutes", value: (u, v) => (v == null ? "—" : v.toFixed(1)) },
    { label: "pace /km", stroke: "#d8481b", width: 2, scale: "pace", value: (u, v) => clock(v), spanGaps: false },
  ];
  const axes = [
    { label: "minutes" },
    { scale: "pace", label: "pace per km", values: (u, vals) => vals.map(clock) },
  ];
  const columns = [minutes, data.pace_s_per_km];
  if (hasHeart) {
    series.push({ label: "heart rate", stroke: "#2f6fb0", width: 1.5, scale: "bpm" });
    axes.push({ scale: "bpm", label: "bpm", side: 1, grid: { show: false } });
    columns.push(data.heart_rate_bpm);
  }
  holder.replaceChildren();
  const width = () => Math.max(280, holder.clientWidth);
  const plot = new uPlot(
    {
      width: width(),
      height: 280,
      series,
      axes,
      // Faster is up: the pace axis runs from slow at the bottom to fast at the top.
      scales: { x: { time: false }, pace: { dir: -1, range: () => paceRange } },
    },
    columns,
    holder,
  );
  window.addEventListener("resize", () => plot.setSize({ width: width(), height: 280 }));
});
