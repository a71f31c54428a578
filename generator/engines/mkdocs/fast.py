"""MkDocs fast path for foilog's pages: raw HTML blocks bypass Python-Markdown.

foilog's pages are mostly raw HTML blocks, separated by blank lines, with a few Markdown
headings between them. MkDocs would parse all of that HTML three times (its own anchor
collector, Python-Markdown's raw-block extractor, Material's search indexer) and hold every
page's HTML at once, because it converts all pages before it renders any. Here:

1. `on_page_markdown` finds each block that Python-Markdown would certainly pass through
   verbatim and replaces it by a placeholder paragraph, a token that does not occur in the
   page. MkDocs and Python-Markdown then convert only the small skeleton that is left
   (headings, their ids, the table of contents and the title come out exactly as before).
   The ids in the replaced blocks are added to the page's anchors (`on_page_content`), the
   way MkDocs would have collected them, so link and anchor validation behave the same.
2. `on_page_context`, before Material's search plugin indexes the page, reads the page's
   file again and puts the blocks back where their placeholders are, giving the HTML
   Python-Markdown would have given. Nothing of the blocks is kept between the two passes.
3. `on_post_page` empties the page's HTML and Markdown once the page is written, so only
   one page's HTML is in memory at a time.
4. Material's search plugin indexes each page with an `html.parser` subclass, in pure
   Python, over the whole page. Its page event is taken by one that does what it does,
   but reads pages made only of text and strictly written tags with `index_sections`,
   which follows the Parser's handlers step by step over one regular-expression split of
   the page (the same sections, titles, texts and ids); any other page goes to Material's
   Parser. This part is pinned to the Material version it reproduces (SEARCH_VERIFIED).
5. The pages it converts share one Markdown instance, reset before each page (`_render`),
   where MkDocs makes a new instance with every extension for every page.

A block is only replaced when it certainly comes out verbatim (see `raw_block_ids`); any
doubt leaves it, and every block after it on the page, to Python-Markdown. A page that
Markdown extensions or plugins outside the known set could treat differently is not
touched at all (the search part does not depend on that). `FOILOG_MKDOCS_FAST=0` in the
environment turns all of it off. The files on disk are never changed, so engines that do
not run hooks see the same pages.

This module is both a part of foilog's hook (generator/engines/mkdocs/hook.py) and a hook of its
own: `hooks: [generator/engines/mkdocs/fast.py]` in any MkDocs config.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from dataclasses import dataclass
from html import escape as _escape
from html import unescape as _unescape
from pathlib import Path

from markdown.htmlparser import htmlparser as _mdparser
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.plugins.foilog.fast")

ENVIRONMENT = "FOILOG_MKDOCS_FAST"

# Markdown extensions whose behaviour on these pages is known: MkDocs's built-in ones and
# those foilog's config adds. Anything else could treat raw HTML or the text between
# blocks differently (md_in_html parses inside raw HTML), so it turns the fast path off.
SAFE_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "attr_list"})

# The versions whose raw-HTML handling and build order this was written against (and is
# tested with): another Python-Markdown or MkDocs turns the fast path off until checked.
VERIFIED = {"markdown": "3.11", "mkdocs": "1.6"}

# Python-Markdown's HTMLExtractor treats these as empty even without `/>` (`empty_tags`).
_EMPTY = frozenset({"hr"})

# Every tag in a block Markdown passes through must be one of these, strictly written:
# a lower-case name, attributes separated by spaces or newlines, each a name alone or
# with a double-quoted value holding no `<`, `>` or `"`. Groups: the name of an end tag;
# the name of a start tag, its attributes, the space before `>`, "/" if self-closing.
# (`_TAG.split` gives the text before each tag, the five groups, and the text after the last.)
_TAG = re.compile(r'<(?:/([a-z][a-z0-9]*)>'
                  r'|([a-z][a-z0-9]*)((?:[ \n]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*")?)*)([ \n]*)(/?)>)')
# Start tags that may carry an anchor (MkDocs collects `id` anywhere and `name` on `<a>`):
# every tag with an attribute of either name, and some without (read exactly afterwards).
_ANCHOR_TAG = re.compile(r'<([a-z][a-z0-9]*)(?=[ \n])[^>]*[ \n](?:[iI][dD]|[nN][aA][mM][eE])(?=[ \n=/>])[^>]*>')
# Elements whose content the HTML parser reads as raw text (or may, in other Python
# versions): a block with any of them is left to Markdown.
_RAW_TEXT = re.compile(r'<(?:script|style|textarea|xmp|iframe|noembed|noframes|noscript|plaintext)[ \n/>]')
# Every `&` must start a complete character reference.
_REFERENCE = re.compile(r'&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);')
_FENCES = ("```", "~~~")
_SPACE_LINE = re.compile(r'(?<=\n) +\n')


@dataclass
class _PageState:
    """What the second pass needs to find the blocks again: no block text."""

    length: int          # of the Markdown body the first pass saw
    digest: int          # hash() of it (the same process, so the same hash)
    prefix: str          # the placeholder token's prefix, absent from the page
    blocks: list[int]    # the numbers of the replaced blocks, in order
    anchors: list        # ids in the replaced blocks (until on_page_content)


_STATS = {"pages": 0, "blocks": 0, "untouched": 0, "in_full": 0, "search_fast": 0, "search_parser": 0}
_state: dict = {"active": False, "docs_dir": None, "block_level": frozenset(), "tab_length": 4,
                "files": None, "search": False, "markdown": None, "render": None,
                "stats": dict(_STATS)}


def requested() -> bool:
    """The fast path unless FOILOG_MKDOCS_FAST=0 (or off, false, no)."""
    return os.environ.get(ENVIRONMENT, "1").strip().lower() not in ("0", "off", "false", "no")


# --- recognising blocks --------------------------------------------------------------------

def normalize(markdown: str, tab_length: int = 4) -> str:
    """What Python-Markdown's NormalizeWhitespace preprocessor makes of the text (without
    the two newlines it appends): raw blocks reach the HTML extractor in this form."""
    text = markdown.replace("\x02", "").replace("\x03", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        text = text.expandtabs(tab_length)
    if " \n" in text:
        text = _SPACE_LINE.sub("\n", text)
    return text


def split_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of non-empty lines in normalized text, without newlines."""
    spans = []
    n, i = len(text), 0
    find = text.find
    while i < n:
        while i < n and text[i] == "\n":
            i += 1
        if i >= n:
            break
        j = find("\n\n", i)
        if j < 0:
            j = n - 1 if text.endswith("\n") else n
        spans.append((i, j))
        i = j
    return spans


def raw_block_ids(block: str, block_level: frozenset) -> list | None:
    """The anchor ids in `block` if Python-Markdown would certainly pass the block through
    verbatim as raw HTML; None if it might not.

    Such a block is one or more elements, each starting at the beginning of a line with a
    block-level tag (not `<hr>`, not self-closing, its name followed by a space or `>`) and
    ending at the end of a line, where the HTML extractor's stack of open tags (which it
    pops down to the matching name, so void tags inside close with their parent) empties;
    every tag is strictly written (`_TAG`), every `&` starts a character reference, and
    there are no comments, declarations, processing instructions or raw-text elements.
    """
    if block[0] != "<" or "<!" in block or "<?" in block or _RAW_TEXT.search(block):
        return None
    parts = _TAG.split(block)
    last = len(parts) - 1
    if last // 6 != block.count("<") or parts[last]:
        return None  # some `<` does not start a strictly written tag, or text follows the last
    amps = block.count("&")
    if amps and len(_REFERENCE.findall(block)) != amps:
        return None
    stack: list[str] = []
    push, pop = stack.append, stack.pop
    for k in range(1, last, 6):
        closing = parts[k]
        if closing:
            if stack and stack[-1] == closing:
                pop()
            elif closing in stack:
                while pop() != closing:
                    pass
            elif stack:
                continue  # an end tag the extractor ignores
            else:
                return None
            if not stack:
                # The element ends here: a line break and the next element must follow, or nothing.
                after = parts[k + 5]
                if after != "\n" if k + 6 < last else after:
                    return None
        else:
            name, selfclosing = parts[k + 1], parts[k + 4]
            if stack:
                if not selfclosing and name not in _EMPTY:
                    push(name)
            elif (name in block_level and not selfclosing and name not in _EMPTY
                    and (parts[k + 2] or parts[k + 3] or " ")[0] == " "):
                push(name)  # a top-level element, where the last one ended (every `<` is a tag)
            else:
                return None
    if stack:
        return None
    anchors: list = []
    lower = block.lower()
    if " id" in lower or "\nid" in lower or " name" in lower or "\nname" in lower:
        for m in _ANCHOR_TAG.finditer(block):
            _anchors_from(m.group(1), m.group(0), anchors)
    return anchors


def _anchors_from(tag: str, text: str, into: list) -> None:
    """Anchor ids from a start tag (`text`, from `<` to `>`), read as MkDocs's _HTMLHandler
    reads them: the standard library parser's attribute loop, with Python-Markdown's patches."""
    find, unescape = _mdparser.attrfind_tolerant.match, _mdparser.unescape
    k, end = _mdparser.tagfind_tolerant.match(text, 1).end(), len(text)
    while k < end:
        m = find(text, k)
        if not m:
            break
        name, rest, value = m.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        if value:
            value = unescape(value)
        name = name.lower()
        if name == "id" or (name == "name" and tag == "a"):
            into.append(value)
        k = m.end()


@dataclass
class Skeleton:
    text: str               # the Markdown with the replaced blocks' placeholders
    prefix: str
    blocks: list[int]       # the numbers of the replaced blocks
    anchors: list


def skeleton(markdown: str, block_level: frozenset, tab_length: int = 4) -> Skeleton | None:
    """The page's Markdown with each verbatim raw block replaced by a placeholder
    paragraph; None when nothing would be replaced."""
    text = normalize(markdown, tab_length)
    if text.startswith(_FENCES) or "\n```" in text or "\n~~~" in text:
        return None
    prefix = "foilograwblock"
    while prefix in text:
        prefix += "x"
    pieces: list[str] = []
    chosen: list[int] = []
    anchors: list = []
    last = 0
    for number, (start, end) in enumerate(split_blocks(text)):
        block = text[start:end]
        ids = raw_block_ids(block, block_level) if block[0] == "<" else None
        if ids is None:
            if "<" in block or ("&" in block and len(_REFERENCE.findall(block)) != block.count("&")):
                break  # the HTML parsers' state after this block is not certain
            continue
        pieces.append(text[last:start])
        pieces.append(f"{prefix}{len(chosen)}")
        chosen.append(number)
        anchors.extend(ids)
        last = end
    if not chosen:
        return None
    pieces.append(text[last:])
    return Skeleton("".join(pieces), prefix, chosen, anchors)


def restore(html: str, markdown: str, prefix: str, blocks: list[int], tab_length: int = 4) -> str | None:
    """`html` (converted from the skeleton) with each placeholder paragraph replaced by its
    block, as Python-Markdown would have output it; None if the placeholders are not all
    there, once each and in order."""
    parts = re.split(f"<p>{re.escape(prefix)}([0-9]+)</p>", html)
    if len(parts) != 2 * len(blocks) + 1:
        return None
    text = normalize(markdown, tab_length)
    spans = split_blocks(text)
    out = [parts[0]]
    for i, number in enumerate(blocks):
        if parts[2 * i + 1] != str(i) or number >= len(spans):
            return None
        start, end = spans[number]
        out.append(text[start:end])
        # Python-Markdown keeps the newline after a raw block that a blank line follows;
        # at the very end of the page it strips it with the rest of the trailing space.
        tail = parts[2 * i + 2]
        if tail:
            out.append("\n")
        out.append(tail)
    return "".join(out)


# --- the search index --------------------------------------------------------------------

# The Material for MkDocs version whose search plugin's page event and Parser
# (material/plugins/search/plugin.py) `_page_context_for` and `index_sections` reproduce:
# with another version, Material's search plugin reads every page itself.
SEARCH_VERIFIED = {"material": "9.8.1"}

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

    The HTML must be text and strictly written tags only (`_TAG`): no comments,
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
    parts = _TAG.split(html)
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


def _add_entry_from_context(index, page) -> None:
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
        _state["stats"]["search_parser"] += 1
        type(index).add_entry_from_context(index, page)
        return
    _state["stats"]["search_fast"] += 1
    for section in sections:
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)


_MATERIAL_SUBSTITUTION = r"\s?data-search-\w+=\"[^\"]+\""  # what Material strips from the page after


def _page_context_for(plugin, search_index_class):
    """What Material's SearchPlugin.on_page_context does (in the verified version), with
    the page read by `index_sections`. Material then strips `data-search-*` attributes
    from the page with a regular expression that tries every character of the page; a
    page without "data-search-" is left as it is without trying."""

    def on_page_context(context, *, page, config, nav):
        if not plugin.config.enabled:
            return None
        index = plugin.search_index
        if type(index) is search_index_class:
            _add_entry_from_context(index, page)
        else:
            index.add_entry_from_context(page)
        content = page.content
        if not isinstance(content, str) or "data-search-" in content:
            page.content = re.sub(_MATERIAL_SUBSTITUTION, "", content)
        return None

    on_page_context._foilog_fast = True
    return on_page_context


def _install_search(config) -> bool:
    """Put `_page_context_for` in the place of Material's search plugin's page event, if
    this is a version of Material whose search plugin it reproduces."""
    try:
        import material
        from material.plugins.search.plugin import SearchIndex, SearchPlugin
    except ImportError:
        return False
    if not (material.__version__ + ".").startswith(SEARCH_VERIFIED["material"] + "."):
        log.info("foilog: the fast search indexing is checked with Material for MkDocs %s, not %s: "
                 "its search plugin reads every page", SEARCH_VERIFIED["material"], material.__version__)
        return False
    events = config.plugins.events.get("page_context", [])
    installed = False
    for i, method in enumerate(events):
        plugin = getattr(method, "__self__", None)
        if isinstance(plugin, SearchPlugin) and getattr(method, "__func__", None) is SearchPlugin.on_page_context:
            replacement = _page_context_for(plugin, SearchIndex)
            if hasattr(method, "mkdocs_priority"):
                replacement.mkdocs_priority = method.mkdocs_priority
            events[i] = replacement
            installed = True
    return installed


# --- the MkDocs events ---------------------------------------------------------------------

def _ours(method) -> bool:
    return getattr(method, "_foilog_fast", False)


def _mark(function):
    function._foilog_fast = True
    return function


def _extension_name(extension) -> str | None:
    if not isinstance(extension, str):
        return None
    return extension.removeprefix("markdown.extensions.")


def configure(config) -> bool:
    """Decide whether this build takes the fast path; called from on_config."""
    _state.update(active=False, files=None, search=False, markdown=None, render=None, stats=dict(_STATS))
    if not requested():
        log.debug("foilog: MkDocs fast path turned off by %s", ENVIRONMENT)
        return False
    _state["search"] = _install_search(config)
    import markdown
    import mkdocs

    versions = {"markdown": markdown.__version__, "mkdocs": mkdocs.__version__}
    if any(not (versions[name] + ".").startswith(minor + ".") for name, minor in VERIFIED.items()):
        log.info("foilog: the MkDocs fast path is checked with Python-Markdown %s and MkDocs %s, not "
                 "%s and %s: MkDocs converts every page in full", VERIFIED["markdown"], VERIFIED["mkdocs"],
                 versions["markdown"], versions["mkdocs"])
        return False
    unknown = [e for e in config.markdown_extensions if _extension_name(e) not in SAFE_EXTENSIONS]
    if unknown:
        log.info("foilog: Markdown extensions %s: MkDocs converts every page in full", unknown)
        return False
    events = config.plugins.events
    ours = events.get("page_context", [])
    mine = next((m for m in ours if _ours(m)), None)
    foreign = [m for name in ("page_read_source", "page_markdown", "page_content")
               for m in events.get(name, []) if not _ours(m)]
    if mine is not None:
        foreign += [m for m in ours[:ours.index(mine)] if not _ours(m)]
    if foreign:
        log.info("foilog: other plugins read or change pages' Markdown or HTML (%s): MkDocs converts "
                 "every page in full", ", ".join(sorted({getattr(m, "__qualname__", str(m)) for m in foreign})))
        return False
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
    _state.update(active=True, docs_dir=Path(config.docs_dir).resolve(),
                  block_level=frozenset(md.block_level_elements), tab_length=md.tab_length)
    from mkdocs.structure import pages

    if all(hasattr(pages, name) for name in _MKDOCS_PAGE_PARTS):
        _state["render"] = pages.Page.render  # pages of this class may be rendered by `_render`
    return True


def stats() -> dict:
    """Counts for the last build: pages converted through the fast path, blocks passed
    around Markdown, pages left untouched, pages converted again in full; pages indexed
    for search by `index_sections`, and by Material's own Parser."""
    return dict(_state["stats"])


def _in_docs(page) -> bool:
    path = page.file.abs_src_path
    if path is None or page.file.generated_by:
        return False
    try:
        Path(path).resolve().relative_to(_state["docs_dir"])
    except ValueError:
        return False
    return True


@_mark
def on_config(config, **kwargs):
    configure(config)
    return config


@_mark
@event_priority(-100)  # last: the Markdown as every other plugin left it
def on_page_markdown(markdown, page, config, files, **kwargs):
    _state["files"] = files
    if not _state["active"] or getattr(page, "foilog_fast", None) is not None or not _in_docs(page):
        return markdown
    made = skeleton(markdown, _state["block_level"], _state["tab_length"])
    if made is None:
        _state["stats"]["untouched"] += 1
        return markdown
    page.foilog_fast = _PageState(len(markdown), hash(markdown), made.prefix, made.blocks, made.anchors)
    if _state["render"] is not None and type(page).render is _state["render"]:
        page.render = functools.partial(_render, page)  # MkDocs calls it next
    _state["stats"]["pages"] += 1
    _state["stats"]["blocks"] += len(made.blocks)
    return made.text


@_mark
def on_page_content(html, page, config, files, **kwargs):
    state = getattr(page, "foilog_fast", None)
    if state is not None and state.anchors:
        # MkDocs collected the skeleton's ids; these are the ones it would have found in the blocks.
        page.present_anchor_ids = set(page.present_anchor_ids or ()) | set(state.anchors)
        state.anchors = []
    return html


# What `_render` uses of MkDocs's page module.
_MKDOCS_PAGE_PARTS = ("Page", "_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor", "_RelativePathTreeprocessor",
                      "_ExtractTitleTreeprocessor", "get_toc", "log")


def _render(page, config, files) -> None:
    """MkDocs's Page.render (MkDocs 1.6), but with one Markdown instance for the whole build,
    reset before each page, where MkDocs makes a new one, with all its extensions, for
    every page. Only the extensions in SAFE_EXTENSIONS are in it (see `configure`), none of
    which keeps anything from one page to the next that `Markdown.reset` does not clear;
    MkDocs's own per-page processors are registered again for each page, as MkDocs does,
    and come in the same order."""
    from mkdocs.structure import pages

    del page.render  # once: a page converted again goes through MkDocs's own
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    md = _state["markdown"]
    if md is None or md[0] is not config:
        import markdown

        md = (config, markdown.Markdown(extensions=config["markdown_extensions"],
                                        extension_configs=config["mdx_configs"] or {}))
        _state["markdown"] = md
    else:
        md[1].reset()
    md = md[1]

    raw_html_ext = pages._RawHTMLPreprocessor()
    raw_html_ext._register(md)
    extract_anchors_ext = pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = pages._RelativePathTreeprocessor(page.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = pages._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)

    page.content = md.convert(page.markdown)
    page.toc = pages.get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = extract_title_ext.title
    page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    if pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative_path_ext.links_to_anchors


def _convert_in_full(page, config) -> None:
    from mkdocs.utils import meta

    page.markdown = meta.get_data(page.file.content_string)[0]
    page.render(config, _state["files"])
    _state["stats"]["in_full"] += 1


@_mark
@event_priority(100)  # before Material's search plugin indexes page.content
def on_page_context(context, page, config, nav, **kwargs):
    state = getattr(page, "foilog_fast", None)
    if state is None:
        return context
    page.foilog_fast = None
    source = page.file.content_string
    body = source[len(source) - state.length:] if state.length else ""
    html = None
    if len(body) == state.length and hash(body) == state.digest:
        html = restore(page.content, body, state.prefix, state.blocks, _state["tab_length"])
    if html is None:
        # The file changed since the first pass, or the placeholders did not come through:
        # convert this page the ordinary way.
        log.debug("foilog: %s converted again in full", page.file.src_uri)
        _convert_in_full(page, config)
    else:
        page.content = html
    return context


@_mark
@event_priority(-100)  # last: every other plugin has had the page
def on_post_page(output, page, config, **kwargs):
    if _state["active"]:
        # The page is written: let its HTML and Markdown go. Empty strings, not None: with
        # no content, MkDocs would work the page's title out again from its Markdown.
        page.content = ""
        page.markdown = ""
    return output


@_mark
def on_post_build(config, **kwargs):
    if _state["active"]:
        s = _state["stats"]
        log.debug("foilog: fast path: %d pages, %d raw HTML blocks around Markdown; %d pages untouched, "
                  "%d converted again in full", s["pages"], s["blocks"], s["untouched"], s["in_full"])
    if _state["search"]:
        s = _state["stats"]
        log.debug("foilog: search: %d pages indexed by the fast reader, %d by Material's Parser",
                  s["search_fast"], s["search_parser"])
    _state["files"] = _state["markdown"] = None
