/* The site's search, on Pagefind's index (pagefind/ in the built site).
 *
 * The header's box on every page shows the first results under it as the reader types;
 * the search page (search/) adds filters with counts and every result, and keeps the query
 * and filters in its address, so that a search can be linked to. Pagefind's script and the
 * parts of its index a query needs are fetched from this site only, and only once the
 * reader starts to search.
 *
 * Everything shown comes from the index, which holds council-supplied text: it is put on
 * the page as text (textContent), never as HTML; Pagefind's excerpts keep only their
 * <mark> highlighting, rebuilt here element by element. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-foilog-search]");
  if (!form) return;
  var bundle = new URL(form.getAttribute("data-bundle"), document.baseURI);
  var searchPage = new URL(form.getAttribute("data-search-page"), document.baseURI);
  var siteRoot = new URL("../", bundle);
  var loading = null;

  // The filters, in the order the search page shows them, with their names in words.
  var FILTERS = [
    ["kind", "Kind of page"], ["outcome", "Outcome"], ["section cited", "Section cited"],
    ["year", "Year"], ["region", "Region"], ["question set", "Question set"],
    ["re-use terms", "Re-use terms"], ["council", "Council"]
  ];
  var OPEN = { "kind": true, "outcome": true, "section cited": true, "year": true };
  var PAGE = 20;

  function pagefind() {
    if (!loading) {
      // A large site's index is in parts (pagefind/more.json lists the others): merged here.
      loading = import(bundle.href).then(function (pf) {
        return pf.options({ baseUrl: siteRoot.pathname }).then(function () {
          return fetch(new URL("more.json", bundle)).then(function (r) { return r.ok ? r.json() : []; })
            .catch(function () { return []; });
        }).then(function (more) {
          return Promise.all(more.map(function (part) {
            return pf.mergeIndex(new URL(part, bundle).pathname, { baseUrl: siteRoot.pathname });
          }));
        }).then(function () { pf.init(); return pf; });
      });
    }
    return loading;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // An excerpt as text, with only Pagefind's <mark> elements kept: parsed into an inert
  // template, from which text nodes and marks are copied.
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    var out = document.createDocumentFragment();
    (function copy(from, to) {
      from.childNodes.forEach(function (node) {
        if (node.nodeType === Node.TEXT_NODE) {
          to.appendChild(document.createTextNode(node.nodeValue));
        } else if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
          var mark = document.createElement("mark");
          copy(node, mark);
          to.appendChild(mark);
        } else if (node.nodeType === Node.ELEMENT_NODE) {
          copy(node, to);
        }
      });
    })(template.content, out);
    return out;
  }

  // A result's address on this site; anything else is not linked.
  function local(url) {
    var found = new URL(url, siteRoot);
    return found.origin === location.origin ? found.href : null;
  }

  function resultItem(data, withExcerpt) {
    var href = local(data.url);
    var item = el("li", "foilog-search__result");
    var link = el("a", "foilog-search__link", (data.meta && data.meta.title) || data.url);
    if (href) link.href = href;
    item.appendChild(link);
    var kind = data.filters && data.filters.kind && data.filters.kind[0];
    if (kind) item.append(" ", el("span", "foilog-search__kind", kind));
    if (withExcerpt && data.excerpt) {
      var p = el("p", "foilog-search__excerpt");
      p.appendChild(excerpt(data.excerpt));
      item.appendChild(p);
    }
    return item;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // --- the header's box ------------------------------------------------------------------

  var box = form.querySelector("input[type=search]");
  var panel = form.querySelector(".foilog-search__panel");
  var status = form.querySelector(".foilog-search__status");
  var list = form.querySelector("[data-foilog-search-results]");
  var more = form.querySelector(".foilog-search__more");
  var asked = 0;
  var onSearchPage = !!document.querySelector("[data-foilog-search-page]");

  function close() { panel.hidden = true; }

  function quick(query) {
    var mine = ++asked;
    if (!query.trim()) { close(); return; }
    panel.hidden = false;
    status.textContent = "Searching…";
    pagefind().then(function (pf) {
      return pf.debouncedSearch(query, {}, 120);
    }).then(function (found) {
      if (found === null || mine !== asked) return null;  // a later query replaced this one
      return Promise.all(found.results.slice(0, 8).map(function (r) { return r.data(); })).then(function (datas) {
        if (mine !== asked) return;
        list.replaceChildren.apply(list, datas.map(function (d) { return resultItem(d, true); }));
        status.textContent = found.results.length
          ? plural(found.results.length, "result", "results") + " for “" + query + "”"
          : "No results for “" + query + "”";
        var all = new URL(searchPage);
        all.searchParams.set("q", query);
        more.querySelector("a").href = all.href;
        more.hidden = found.results.length === 0;
      });
    }).catch(function () {
      status.textContent = "Search is not available: its index could not be loaded.";
    });
  }

  box.addEventListener("focus", function () { pagefind(); });
  box.addEventListener("input", function () {
    var finder = document.getElementById("foilog-finder-box");
    if (onSearchPage && finder) {  // the search page shows the results itself
      finder.value = box.value;
      finder.dispatchEvent(new Event("input"));
      return;
    }
    quick(box.value);
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { close(); box.focus(); }
    if (event.key === "ArrowDown" && document.activeElement === box && !panel.hidden) {
      var first = list.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) close();
  });

  // --- the search page -------------------------------------------------------------------

  var page = document.querySelector("[data-foilog-search-page]");
  if (!page) return;
  page.replaceChildren();
  var params = new URLSearchParams(location.search);
  var chosen = {};
  FILTERS.forEach(function (f) { chosen[f[0]] = params.getAll(f[0]); });

  var pageForm = el("form", "foilog-finder__form");
  pageForm.setAttribute("role", "search");
  pageForm.setAttribute("aria-label", "The log");
  var label = el("label", "foilog-finder__label", "Search the log");
  label.htmlFor = "foilog-finder-box";
  var input = el("input", "foilog-finder__input");
  input.type = "search";
  input.id = "foilog-finder-box";
  input.name = "q";
  input.autocomplete = "off";
  input.value = params.get("q") || "";
  pageForm.append(label, input);
  var layout = el("div", "foilog-finder");
  var filters = el("div", "foilog-finder__filters");
  filters.setAttribute("aria-label", "Filters");
  filters.setAttribute("role", "group");
  var results = el("div", "foilog-finder__results");
  var pageStatus = el("p", "foilog-finder__status");
  pageStatus.setAttribute("role", "status");
  pageStatus.setAttribute("aria-live", "polite");
  var pageList = el("ol", "foilog-finder__list");
  pageList.setAttribute("data-foilog-search-results", "");
  var showMore = el("button", "foilog-finder__more", "Show more results");
  showMore.type = "button";
  showMore.hidden = true;
  results.append(pageStatus, pageList, showMore);
  layout.append(filters, results);
  page.append(pageForm, layout);
  box.value = input.value;

  var groups = {};  // filter -> {value -> the checkbox's count label}
  var shown = [];
  var running = 0;

  function drawFilters(all) {
    filters.replaceChildren();
    FILTERS.forEach(function (f) {
      var key = f[0], values = all[key];
      if (!values || !Object.keys(values).length) return;
      var details = el("details", "foilog-finder__group");
      if (OPEN[key] || chosen[key].length) details.open = true;
      var summary = el("summary", null, f[1]);
      var fieldset = el("fieldset");
      var legend = el("legend", "foilog-visually-hidden", f[1]);
      fieldset.appendChild(legend);
      groups[key] = {};
      var names = Object.keys(values);
      names.sort(key === "year" ? function (a, b) { return b.localeCompare(a); }
                                : function (a, b) { return values[b] - values[a] || a.localeCompare(b); });
      names.forEach(function (value, i) {
        var id = "foilog-filter-" + FILTERS.indexOf(f) + "-" + i;
        var row = el("div", "foilog-finder__option");
        var check = el("input");
        check.type = "checkbox";
        check.id = id;
        check.value = value;
        check.checked = chosen[key].indexOf(value) >= 0;
        check.addEventListener("change", function () {
          chosen[key] = Array.prototype.map.call(fieldset.querySelectorAll("input:checked"),
            function (c) { return c.value; });
          run();
        });
        var optionLabel = el("label", null, value + " ");
        optionLabel.htmlFor = id;
        var count = el("span", "foilog-finder__count", "(" + values[value] + ")");
        optionLabel.appendChild(count);
        groups[key][value] = count;
        row.append(check, optionLabel);
        fieldset.appendChild(row);
      });
      details.append(summary, fieldset);
      filters.appendChild(details);
    });
  }

  function updateCounts(remaining) {
    Object.keys(groups).forEach(function (key) {
      var counts = remaining[key] || {};
      Object.keys(groups[key]).forEach(function (value) {
        groups[key][value].textContent = "(" + (counts[value] || 0) + ")";
      });
    });
  }

  function selected() {
    var out = {};
    FILTERS.forEach(function (f) { if (chosen[f[0]].length) out[f[0]] = { any: chosen[f[0]] }; });
    return out;
  }

  function remember(query) {
    var address = new URL(location.href);
    address.search = "";
    if (query) address.searchParams.set("q", query);
    FILTERS.forEach(function (f) {
      chosen[f[0]].forEach(function (v) { address.searchParams.append(f[0], v); });
    });
    history.replaceState(null, "", address.href);
  }

  function showNext() {
    var from = pageList.children.length;
    var next = shown.slice(from, from + PAGE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (datas) {
      datas.forEach(function (d) { pageList.appendChild(resultItem(d, true)); });
      showMore.hidden = pageList.children.length >= shown.length;
    });
  }

  function run() {
    var mine = ++running;
    var query = input.value.trim();
    var anyFilter = Object.keys(selected()).length > 0;
    remember(query);
    if (!query && !anyFilter) {
      pageList.replaceChildren();
      shown = [];
      showMore.hidden = true;
      pageStatus.textContent = "Type words to search for, or choose filters.";
      pagefind().then(function (pf) { return pf.filters(); }).then(updateCounts);
      return;
    }
    pageStatus.textContent = "Searching…";
    pagefind().then(function (pf) {
      return pf.search(query || null, { filters: selected() });
    }).then(function (found) {
      if (mine !== running) return null;
      shown = found.results;
      updateCounts(found.filters || {});
      pageList.replaceChildren();
      var said = found.results.length
        ? plural(found.results.length, "result", "results") : "No results";
      pageStatus.textContent = said + (query ? " for “" + query + "”" : "") + (anyFilter ? ", with the filters chosen" : "");
      return showNext();
    }).catch(function () {
      pageStatus.textContent = "Search is not available: its index could not be loaded.";
    });
  }

  var typing = null;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(run, 150);
  });
  pageForm.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  showMore.addEventListener("click", function () {
    var first = pageList.children.length;
    showNext().then(function () {
      var link = pageList.children[first] && pageList.children[first].querySelector("a");
      if (link) link.focus();
    });
  });

  pagefind().then(function (pf) { return pf.filters(); }).then(function (all) {
    drawFilters(all);
    run();
  }).catch(function () {
    pageStatus.textContent = "Search is not available: its index could not be loaded.";
  });
})();
