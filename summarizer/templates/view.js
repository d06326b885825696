"use strict";
// Summary item -> its spans light up in the article; passage -> the items resting on it.
(() => {
  const panel = document.getElementById("resting");
  const list = panel.querySelector("ul");
  const smooth = matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";

  const unlight = () => {
    for (const lit of document.querySelectorAll(".lit")) lit.classList.remove("lit");
  };
  const pieces = (ids) => ids.flatMap((id) => [...document.querySelectorAll(`mark[data-a="${id}"]`)]);
  const restingOn = (ids) => {
    const items = new Set();
    for (const id of ids) {
      for (const holder of document.querySelectorAll(`[data-anchors~="${id}"]`)) {
        const item = holder.closest("[data-item]");
        if (item) items.add(item);
      }
    }
    return [...items];
  };

  const showSpans = (holder) => {
    unlight();
    panel.hidden = true;
    const marks = pieces(holder.dataset.anchors.split(" "));
    for (const mark of marks) mark.classList.add("lit");
    holder.closest("[data-item]")?.classList.add("lit");
    marks[0]?.scrollIntoView({ block: "center", behavior: smooth });
  };

  const showItems = (mark) => {
    const ids = [];
    for (let m = mark; m; m = m.parentElement.closest("mark")) ids.push(m.dataset.a);
    unlight();
    for (const piece of pieces(ids)) piece.classList.add("lit");
    const items = restingOn(ids);
    list.replaceChildren(...items.map((item) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = item.dataset.label;
      button.addEventListener("click", () => item.scrollIntoView({ block: "center", behavior: smooth }));
      const entry = document.createElement("li");
      entry.append(button);
      return entry;
    }));
    panel.hidden = items.length === 0;
    for (const item of items) item.classList.add("lit");
    items[0]?.scrollIntoView({ block: "nearest", behavior: smooth });
  };

  document.addEventListener("click", (event) => {
    const mark = event.target.closest(".text mark");
    if (mark) return showItems(mark);
    const holder = event.target.closest("[data-anchors]");
    if (!holder) return;
    event.preventDefault();
    showSpans(holder);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches?.(".item[data-anchors]")) showSpans(event.target);
  });
})();
