"""MkDocs fast path for foilog's pages: raw HTML blocks bypass Python-Markdown.

foilog's pages are mostly raw HTML blocks, separated by blank lines, with a few Markdown
headings between them. MkDocs would parse all of that HTML twice (its own anchor
collector, Python-Markdown's raw-block extractor) and hold every page's HTML at once, because it converts all pages before it renders any. Here:

1. `on_page_markdown` finds each block (generator/engines/mkdocs/rawhtml.py) that Python-Markdown would certainly pass through
   verbatim and replaces it by a placeholder paragraph, a token that does not occur in the
   page. MkDocs and Python-Markdown then convert only the small skeleton that is left
   (headings, their ids, the table of contents and the title come out exactly as before).
   The ids in the replaced blocks are added to the page's anchors (`on_page_content`), the
   way MkDocs would have collected them, so link and anchor validation behave the same.
2. `on_page_context`, before any other plugin sees the page's HTML, reads the page's
   file again and puts the blocks back where their placeholders are, giving the HTML
   Python-Markdown would have given. Nothing of the blocks is kept between the two passes.
3. `on_post_page` empties the page's HTML and Markdown once the page is written, so only
   one page's HTML is in memory at a time.
4. The pages it converts share one Markdown instance, reset before each page (`_render`),
   where MkDocs makes a new instance with every extension for every page.

A block is only replaced when it certainly comes out verbatim (see `rawhtml.raw_block_ids`); any
doubt leaves it, and every block after it on the page, to Python-Markdown. A page that
Markdown extensions or plugins outside the known set could treat differently is not
touched at all. `FOILOG_MKDOCS_FAST=0` in the
environment turns all of it off. Each part is used only while the internals of MkDocs,
and Python-Markdown it relies on are as they were checked
(generator/engines/mkdocs/internals.py); otherwise a warning says so and MkDocs does it. The files on disk are never changed, so engines that do
not run hooks see the same pages.

This module is both a part of foilog's hook (generator/engines/mkdocs/hook.py) and a hook of its
own: `hooks: [generator/engines/mkdocs/fast.py]` in any MkDocs config.
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.plugins import event_priority

from generator.engines.mkdocs import internals
from generator.engines.mkdocs.rawhtml import restore, skeleton

log = logging.getLogger("mkdocs.plugins.foilog.fast")

ENVIRONMENT = "FOILOG_MKDOCS_FAST"

# Markdown extensions whose behaviour on these pages is known: MkDocs's built-in ones and
# those foilog's config adds. Anything else could treat raw HTML or the text between
# blocks differently (md_in_html parses inside raw HTML), so it turns the fast path off.
SAFE_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "attr_list"})

# The parts of this module whose internals of MkDocs and Python-Markdown are
# checked (generator/engines/mkdocs/internals.py) before a build uses them.
PARTS = (internals.FAST, internals.RENDER)


@dataclass
class _PageState:
    """What the second pass needs to find the blocks again: no block text."""

    length: int          # of the Markdown body the first pass saw
    digest: int          # hash() of it (the same process, so the same hash)
    prefix: str          # the placeholder token's prefix, absent from the page
    blocks: list[int]    # the numbers of the replaced blocks, in order
    anchors: list        # ids in the replaced blocks (until on_page_content)


_STATS = {"pages": 0, "blocks": 0, "untouched": 0, "in_full": 0}
_state: dict = {"active": False, "docs_dir": None, "block_level": frozenset(), "tab_length": 4,
                "files": None, "markdown": None, "render": None,
                "stats": dict(_STATS)}


def requested() -> bool:
    """The fast path unless FOILOG_MKDOCS_FAST=0 (or off, false, no)."""
    return os.environ.get(ENVIRONMENT, "1").strip().lower() not in ("0", "off", "false", "no")


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


def configure(config, usable: frozenset | None = None) -> bool:
    """Decide whether this build takes the fast path; called from on_config. `usable`: the
    parts whose internals hold (internals.check), checked here when not given."""
    _state.update(active=False, files=None, markdown=None, render=None, stats=dict(_STATS))
    if not requested():
        log.debug("foilog: MkDocs fast path turned off by %s", ENVIRONMENT)
        return False
    if usable is None:
        usable = internals.check(PARTS)
    if internals.FAST not in usable:
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
    import markdown

    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
    _state.update(active=True, docs_dir=Path(config.docs_dir).resolve(),
                  block_level=frozenset(md.block_level_elements), tab_length=md.tab_length)
    if internals.RENDER in usable:
        from mkdocs.structure import pages

        _state["render"] = pages.Page.render  # pages of this class may be rendered by `_render`
    return True


def stats() -> dict:
    """Counts for the last build: pages converted through the fast path, blocks passed
    around Markdown, pages left untouched, pages converted again in full."""
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
@event_priority(100)  # before any other plugin reads page.content
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
    _state["files"] = _state["markdown"] = None
