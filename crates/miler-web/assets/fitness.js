// The dashboard's fitness and fatigue chart, drawn with uPlot from
// /api/v1/athletes/{id}/fitness: CTL (42 days), ATL (7 days) and form (CTL - ATL) over the
// last 120 days, from the load of each run.
"use strict";
document.addEventListener("DOMContentLoaded", async () => {
  const holder = document.querySelector('[data-chart="fitness"]');
  if (!holder || typeof uPlot === "undefined") return;
  const note = document.querySelector("[data-fitness-note]");
  let data;
  try {
    const response = await fetch(holder.dataset.fitness);
    if (!response.ok) throw new Error(`status ${response.status}`);
    data = await response.json();
  } catch (error) {
    if (note) note.textContent = "The fitness chart could not be loaded.";
    return;
  }
  holder.replaceChildren();
  if (!data.days.some((d) => d.load > 0)) {
    const none = document.createElement("p");
    none.className = "muted small";
    none.textContent = data.vdot == null
      ? "Add a result to your profile to rate your runs: the chart needs your fitness."
      : "No runs in the last 120 days yet.";
    holder.append(none);
    return;
  }
  const labels = data.days.map((d) => d.date);
  const width = () => Math.max(260, holder.clientWidth);
  const fixed = (u, v) => (v == null ? "—" : v.toFixed(1));
  const plot = new uPlot({
    width: width(),
    height: 220,
    series: [
      { label: "day", value: (u, i) => (i == null ? "—" : labels[i]) },
      { label: "fitness (CTL)", stroke: "#2f6fb0", width: 2, value: fixed },
      { label: "fatigue (ATL)", stroke: "#d8481b", width: 2, value: fixed },
      { label: "form", stroke: "#1e7a46", width: 1, dash: [5, 4], value: fixed },
    ],
    axes: [
      { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (labels[t] ?? "").slice(5) : "")) },
      { label: "load a day" },
    ],
    scales: { x: { time: false } },
  }, [data.days.map((_, i) => i), data.days.map((d) => d.ctl), data.days.map((d) => d.atl), data.days.map((d) => d.form)], holder);
  window.addEventListener("resize", () => plot.setSize({ width: width(), height: plot.height }));
});
