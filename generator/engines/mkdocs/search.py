"""Material's search plugin's page event, done faster for pages of a strict shape.

Material's search plugin indexes each page with an `html.parser` subclass, in pure Python,
over the whole page. Its page event is taken by one that does what it does, but reads pages
made only of text and strictly written tags with `index_sections`, which follows the
Parser's handlers step by step over one regular-expression split of the page (the same
sections, titles, texts and ids); any other page goes to Material's Parser. This part is
pinned to the Material version it reproduces (generator/engines/mkdocs/internals.py).
"""

from __future__ import annotations

import re
from html import escape as _escape
from html import unescape as _unescape

from generator.engines.mkdocs.rawhtml import TAG

_SEARCH_ATTR = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(=)?(?:"([^"]*)")?')
# Elements the standard library parser reads as raw text, in this Python version or
# others (and `title`, which later versions read as escapable raw text): left to Material.
_SEARCH_RAW = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                         "noscript", "plaintext"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SEARCH_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})  # Parser.keep
_SEARCH_SKIP = ("object", "script", "style")                                   # Parser.skip
_attr_cache: dict = {}


def _search_attrs(raw: str) -> dict:
    """The attributes of a strictly written start tag (the text after its name), as the
    standard library parser passes them to Material's Parser, in a dict."""
    found = _attr_cache.get(raw)
    if found is None:
        found = {}
        for name, equals, value in _SEARCH_ATTR.findall(raw):
            if not equals:
                value = None
            elif value:
                value = _unescape(value)
            found[name.lower()] = value
        if len(_attr_cache) > 1024:
            _attr_cache.clear()
        _attr_cache[raw] = found
    return found


def index_sections(html: str, void: frozenset | None = None) -> list | None:
    """The sections Material's search Parser divides the page's `html` into (the same
    `Section` objects, with the same titles, texts, ids and exclusions), or None when the
    HTML is not of the strict shape read here: then Material's Parser must read it.

    The HTML must be text and strictly written tags only (`TAG`): no comments,
    declarations, processing instructions, stray `<` or raw-text elements. On such HTML the
    standard library parser calls the Parser's handlers with each tag and, for the text
    between two tags, with that text unescaped in one piece; the handlers are followed
    here step by step. Material compares elements by tag name alone (a skipped `div` skips
    every open `div`), and so does this.
    """
    from material.plugins.search.plugin import Element, Section
    from material.plugins.search.plugin import void as material_void

    if not isinstance(html, str):
        return None
    parts = TAG.split(html)
    if len(parts) // 6 != html.count("<"):
        return None  # some `<` does not start a strictly written tag
    void = material_void if void is None else void
    escape, unescape, attributes, keep, headings = _escape, _unescape, _search_attrs, _SEARCH_KEEP, _HEADINGS
    context: list = []      # the open elements: (tag, attribute text)
    counts: dict = {}       # tag -> how many open elements have it
    skip = set(_SEARCH_SKIP)
    skipped = 0             # open elements whose tag is in `skip`
    sections: list = []
    section = None
    parts.extend((None, None, None, None, None))  # after the last text: no tag
    tokens = iter(parts)
    for text, closing, tag, raw, _, selfclosing in zip(tokens, tokens, tokens, tokens, tokens, tokens):
        if text and not skipped:
            # Parser.handle_data
            if "&" in text:
                text = unescape(text)
            pre = "pre" in counts
            if not pre:
                text = " " if text.isspace() else text.replace("\n", " ")
            if section is None:
                section = Section(Element("hx"))
                sections.append(section)
            if section.el.tag in counts:
                if not any(tag == "a" and attributes(raw).get("class") == "headerlink" for tag, raw in context):
                    section.title.append(escape(text, quote=False))
            elif text.isspace():
                data = section.text
                if not data or not data[-1].isspace() or pre:
                    data.append(text)
            else:
                section.text.append(escape(text, quote=False))
        if closing is None:
            if tag is None:
                break  # the end of the page
            if tag in _SEARCH_RAW:
                return None
            # Parser.handle_starttag
            if tag not in void:
                attrs = attributes(raw) if raw else {}
                context.append((tag, raw))
                counts[tag] = counts.get(tag, 0) + 1
                if tag in skip:
                    skipped += 1
                if tag in headings and "id" in attrs:
                    depth = len(context)
                    if tag != "h1" and not sections:
                        section = Section(Element("hx"), depth)
                        sections.append(section)
                    section = Section(Element(tag, dict(attrs)), depth)
                    if sections:
                        section.id = attrs["id"]
                    sections.append(section)
                if section is None:
                    section = Section(Element("hx"))
                    sections.append(section)
                if "data-search-exclude" in attrs or attrs.get("class") == "linenodiv":
                    if tag not in skip:
                        skip.add(tag)
                        skipped += counts[tag]
                elif not skipped and tag in keep:
                    (section.title if section.el.tag in counts else section.text).append(f"<{tag}>")
            if not selfclosing:
                continue
            closing = tag
        elif closing in _SEARCH_RAW:
            return None
        # Parser.handle_endtag
        if not context or context[-1][0] != closing:
            continue
        depth = len(context)
        if section.depth > depth:
            for earlier in reversed(sections):
                if earlier.depth <= depth:
                    section.depth = float("inf")
                    section = earlier
                    break
        context.pop()
        if counts[closing] == 1:
            del counts[closing]
        else:
            counts[closing] -= 1
        if closing in skip:
            skipped -= 1
            if closing not in _SEARCH_SKIP:
                skip.remove(closing)
                skipped -= counts.get(closing, 0)
            continue
        if not skipped and closing in keep:
            data = section.title if section.el.tag in counts else section.text
            index = data.index(f"<{closing}>")
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{closing}>")
    return sections


def _add_entry_from_context(index, page, stats: dict) -> None:
    """Material's SearchIndex.add_entry_from_context, with the page's sections from
    `index_sections` when its HTML is of the strict shape, else from Material's Parser."""
    search = page.meta.get("search") or {}
    if search.get("exclude"):
        return
    try:
        sections = index_sections(page.content)
    except ValueError:
        sections = None  # Material's Parser meets the same trouble, and reports it
    if sections is None:
        stats["search_parser"] += 1
        type(index).add_entry_from_context(index, page)
        return
    stats["search_fast"] += 1
    for section in sections:
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)


_MATERIAL_SUBSTITUTION = r"\s?data-search-\w+=\"[^\"]+\""  # what Material strips from the page after


def _page_context_for(plugin, search_index_class, stats: dict):
    """What Material's SearchPlugin.on_page_context does (in the verified version), with
    the page read by `index_sections`. Material then strips `data-search-*` attributes
    from the page with a regular expression that tries every character of the page; a
    page without "data-search-" is left as it is without trying."""

    def on_page_context(context, *, page, config, nav):
        if not plugin.config.enabled:
            return None
        index = plugin.search_index
        if type(index) is search_index_class:
            _add_entry_from_context(index, page, stats)
        else:
            index.add_entry_from_context(page)
        content = page.content
        if not isinstance(content, str) or "data-search-" in content:
            page.content = re.sub(_MATERIAL_SUBSTITUTION, "", content)
        return None

    on_page_context._foilog_fast = True
    return on_page_context


def install(config, stats: dict) -> bool:
    """Put `_page_context_for` in the place of Material's search plugin's page event, if
    Material's search plugin is used (the caller has checked its version and internals
    against generator/engines/mkdocs/internals.py); `stats` counts the pages read each way."""
    try:
        from material.plugins.search.plugin import SearchIndex, SearchPlugin
    except ImportError:
        return False
    events = config.plugins.events.get("page_context", [])
    installed = False
    for i, method in enumerate(events):
        plugin = getattr(method, "__self__", None)
        if isinstance(plugin, SearchPlugin) and getattr(method, "__func__", None) is SearchPlugin.on_page_context:
            replacement = _page_context_for(plugin, SearchIndex, stats)
            if hasattr(method, "mkdocs_priority"):
                replacement.mkdocs_priority = method.mkdocs_priority
            events[i] = replacement
            installed = True
    return installed
