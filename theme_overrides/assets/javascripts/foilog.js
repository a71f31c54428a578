/* Wide tables, and sortable comparison tables.
 *
 * A table wrapper (.foilog-table-wrap) whose table is wider than the screen scrolls
 * sideways; it is then given keyboard focus (so it can be scrolled without a mouse), the
 * table's caption as its name, and a note above it saying that it scrolls.
 *
 * A table marked data-foilog-sortable gets a button in every heading that has a
 * data-sort-type ("text" or "number"). Cells give their sort key in data-sort (else their
 * text) and may give data-sort-group: rows sort by group first, so values in another unit
 * stay apart from the main unit. Rows without a key always go last. Without JavaScript
 * the table keeps the order it was built in. */
(function () {
  "use strict";

  function keyOf(row, index, type) {
    var cell = row.cells[index];
    if (!cell) { return null; }
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (raw === "") { return null; }
    var group = Number(cell.getAttribute("data-sort-group") || 0);
    if (type === "number") {
      var n = Number(raw);
      return isNaN(n) ? null : { group: group, value: n };
    }
    return { group: group, value: raw };
  }

  /* Rows without a key go last and groups keep their order whichever way the column is
   * sorted; only the values within a group are reversed. */
  function compare(a, b, type, ascending) {
    if (a === null || b === null) { return (a === null) - (b === null); }
    if (a.group !== b.group) { return a.group - b.group; }
    var result = type === "number" ? a.value - b.value
      : a.value.localeCompare(b.value, "en-GB", { numeric: true, sensitivity: "base" });
    return ascending ? result : -result;
  }

  function sortBy(table, header, index) {
    var type = header.getAttribute("data-sort-type");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
      return { row: row, key: keyOf(row, index, type), position: position };
    });
    rows.sort(function (a, b) {
      return compare(a.key, b.key, type, ascending) || a.position - b.position;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enhance(table) {
    if (table.getAttribute("data-foilog-enhanced") || !table.tHead || !table.tBodies.length) { return; }
    table.setAttribute("data-foilog-enhanced", "true");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      if (!header.getAttribute("data-sort-type")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "foilog-sort";
      while (header.firstChild) { button.appendChild(header.firstChild); }
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, header, index); });
    });
  }

  function markScrolling(wrap) {
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    var note = wrap.previousElementSibling;
    var hasNote = note && note.classList.contains("foilog-scroll-note");
    if (scrolls && !hasNote) {
      var table = wrap.querySelector("table");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      if (table && table.caption) { wrap.setAttribute("aria-label", table.caption.textContent.trim()); }
      note = document.createElement("p");
      note.className = "foilog-scroll-note";
      note.textContent = "Scroll the table sideways to see every column";
      wrap.parentNode.insertBefore(note, wrap);
    } else if (!scrolls && hasNote) {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
      note.parentNode.removeChild(note);
    }
  }

  function markAllScrolling() {
    Array.prototype.forEach.call(document.querySelectorAll(".foilog-table-wrap"), markScrolling);
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(markAllScrolling, 150);
  });

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-foilog-sortable]"), enhance);
    markAllScrolling();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
