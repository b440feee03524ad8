// The figures page's filters. Without this script every quantity and every row shows.
(() => {
  "use strict";
  const form = document.getElementById("filters");
  const sections = [...document.querySelectorAll("main section.quantity")];
  const overview = new Map([...document.querySelectorAll("table.overview tbody tr")]
    .map((row) => [row.dataset.section, row]));
  const rows = new Map(sections.map((section) => [section, [...section.querySelectorAll("tbody tr")]]));
  const shown = document.getElementById("shown");
  const total = [...rows.values()].reduce((sum, list) => sum + list.length, 0);

  // Filters can come with the page's address: figures.html?category=killed&source=kyiv&since=2022-12-01
  const query = new URLSearchParams(location.search);
  for (const name of ["category", "party", "source", "since"]) {
    if (query.has(name)) form.elements[name].value = query.get(name);
  }
  if (query.get("flagged")) form.elements.flagged.checked = true;

  function apply() {
    const category = form.elements.category.value;
    const party = form.elements.party.value;
    const source = form.elements.source.value.trim().toLowerCase();
    const since = form.elements.since.value;
    const flagged = form.elements.flagged.checked;
    let claims = 0;
    let quantities = 0;
    for (const section of sections) {
      const fits = (!category || section.dataset.category === category)
        && (!party || section.dataset.party === party)
        && (!flagged || section.dataset.flags !== "0");
      let visible = 0;
      for (const row of rows.get(section)) {
        const show = fits && (!source || row.dataset.who.includes(source))
          && (!since || (row.dataset.day && row.dataset.day >= since));
        row.hidden = !show;
        if (show) visible += 1;
      }
      section.hidden = visible === 0;
      overview.get(section.id).hidden = visible === 0;
      claims += visible;
      if (visible) quantities += 1;
    }
    shown.textContent = `${claims} of ${total} claims shown, ${quantities} quantities`;
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  apply();
})();
