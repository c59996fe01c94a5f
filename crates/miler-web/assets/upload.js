// Drag and drop for the upload form, and progress while files go up. Without JavaScript the
// form posts the chosen files and the page comes back with a report per file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const input = form.querySelector('input[type="file"]');
  const drop = form.querySelector("[data-drop]");
  const progress = form.querySelector("[data-progress]");
  const results = document.getElementById("upload-results");

  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (event) => {
      event.preventDefault();
      drop.classList.add("over");
    });
  }
  for (const name of ["dragleave", "drop"]) {
    drop.addEventListener(name, () => drop.classList.remove("over"));
  }
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    input.files = event.dataTransfer.files;
    form.requestSubmit();
  });

  function line(className, text) {
    const span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    return span;
  }

  function report(files) {
    const list = document.createElement("ul");
    list.className = "upload-results";
    for (const file of files) {
      const item = document.createElement("li");
      item.dataset.file = file.file;
      const name = document.createElement("strong");
      name.textContent = file.file;
      item.append(name, document.createTextNode(": "));
      if (file.imported.length) item.append(line("ok", `${file.imported.length} imported `));
      if (file.duplicates.length) item.append(line("muted", `${file.duplicates.length} already here `));
      for (const failed of file.failed) {
        const where = failed.entry === file.file ? "" : `${failed.entry}: `;
        const span = line("bad", where + failed.error);
        span.dataset.failed = "";
        item.append(span);
      }
      list.append(item);
    }
    const again = document.createElement("p");
    const link = document.createElement("a");
    link.href = "/activities";
    link.textContent = "Show the updated list";
    again.append(link);
    results.replaceChildren(list, again);
  }

  form.addEventListener("submit", (event) => {
    if (!input.files.length) return; // the server explains what to choose
    event.preventDefault();
    const request = new XMLHttpRequest();
    request.open("POST", form.dataset.api);
    request.responseType = "json";
    progress.hidden = false;
    progress.value = 0;
    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) progress.value = (e.loaded / e.total) * 100;
    });
    request.addEventListener("load", () => {
      progress.value = 100;
      const body = request.response;
      if (request.status === 200 && body && body.files) {
        report(body.files);
      } else {
        const message = body && body.error ? body.error.message : `the upload failed (${request.status})`;
        results.replaceChildren(line("bad", message));
      }
    });
    request.addEventListener("error", () => {
      results.replaceChildren(line("bad", "The upload failed: is miler still running?"));
    });
    request.send(new FormData(form));
  });
});
