// Live diagnostics for the workout editor: as the runner types, the text goes to
// POST /api/v1/workouts/parse and the problems found replace the list under the editor.
// Without JavaScript the "Check" button does the same on the server.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const text = document.querySelector("[data-workout-text]");
  const out = document.getElementById("diagnostics");
  if (!text || !out) return;
  let timer = null;
  let latest = 0;

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function show(result) {
    out.replaceChildren();
    if (result.diagnostics.length === 0) {
      out.append(element("p", "ok", "No problems found."));
      out.firstChild.dataset.status = "";
      return;
    }
    const status = element("p", result.ok ? "ok" : "bad",
      result.ok ? "Warnings only: the workout can be used." : "The workout has mistakes:");
    status.dataset.status = "";
    const list = element("ul", "diagnostic-list");
    for (const d of result.diagnostics) {
      const item = element("li", d.severity);
      item.append(element("strong", "", `line ${d.line}, column ${d.column}`));
      let rest = `: ${d.message}`;
      if (d.expected) rest += ` (expected ${d.expected})`;
      if (d.help) rest += ` — ${d.help}`;
      item.append(document.createTextNode(rest));
      list.append(item);
    }
    out.append(status, list);
  }

  async function check() {
    const ticket = ++latest;
    try {
      const response = await fetch("/api/v1/workouts/parse", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: text.value }),
      });
      const body = await response.json();
      if (ticket !== latest) return; // a newer check is on its way
      if (response.ok) {
        show(body);
      } else {
        out.replaceChildren(element("p", "bad", body.error ? body.error.message : "The check failed."));
      }
    } catch (error) {
      if (ticket === latest) {
        out.replaceChildren(element("p", "bad", "The live check is unavailable; use the button below the editor."));
      }
    }
  }

  text.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  });
  check();
});
