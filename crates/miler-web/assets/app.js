// Conveniences for every page; each page works without them.
// - The athlete switcher submits when a new athlete is chosen (its button stays for
//   browsers without JavaScript) and returns to the page it was used on.
// - [data-print] buttons print the page.
"use strict";
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  for (const back of document.querySelectorAll("[data-back]")) {
    back.value = window.location.pathname + window.location.search;
  }
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
});
