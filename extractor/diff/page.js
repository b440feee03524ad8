// The review page's filters and folding. Without this script every section is open and nothing hides.
(() => {
  "use strict";
  const items = [...document.querySelectorAll("main .item")];
  const sections = [...document.querySelectorAll("main details.article")];
  const form = document.getElementById("filters");
  const kinds = [...form.querySelectorAll('input[name="kind"]')];
  const field = form.querySelector('select[name="field"]');
  const shown = document.getElementById("shown");

  // Filters can come with the page's address: review.html?kind=changed&field=source.name
  const query = new URLSearchParams(location.search);
  if (query.has("kind")) {
    const wanted = query.get("kind").split(",");
    kinds.forEach((box) => { box.checked = wanted.includes(box.value); });
  }
  if (query.has("field") && [...field.options].some((option) => option.value === query.get("field"))) {
    field.value = query.get("field");
  }

  function apply() {
    const wanted = new Set(kinds.filter((box) => box.checked).map((box) => box.value));
    const name = field.value;
    let count = 0;
    for (const item of items) {
      const fields = (item.dataset.fields || "").split(" ");
      const visible = wanted.has(item.dataset.kind) && (!name || fields.includes(name));
      item.hidden = !visible;
      if (visible) count += 1;
    }
    for (const section of sections) {
      const any = section.querySelector(".item:not([hidden])") !== null;
      section.hidden = !any;
      const row = document.querySelector(`tr[data-section="${section.id}"]`);
      if (row) row.hidden = !any;
    }
    shown.textContent = `${count} of ${items.length} differences shown`;
  }

  // Following a link to a section opens it (a folded <details> would hide its target).
  function reveal(id) {
    const target = document.getElementById(id);
    if (!target) return false;
    const section = target.closest("details");
    if (section) section.open = true;
    target.scrollIntoView();
    return true;
  }
  document.querySelectorAll('a[href^="#"]').forEach((link) => {
    link.addEventListener("click", (event) => {
      if (!reveal(link.hash.slice(1))) return;
      event.preventDefault();
      try { history.pushState(null, "", link.hash); } catch (error) { /* a file: URL may refuse */ }
    });
  });
  window.addEventListener("hashchange", () => reveal(location.hash.slice(1)));
  document.getElementById("open-all").addEventListener("click", () => sections.forEach((s) => { s.open = true; }));
  document.getElementById("fold-all").addEventListener("click", () => sections.forEach((s) => { s.open = false; }));
  form.addEventListener("change", apply);
  form.hidden = false;
  apply();
  if (location.hash) reveal(location.hash.slice(1));
})();
