"""The MkDocs fast path (generator/engines/mkdocs/fast.py) changes nothing in the built site.

Every output file of a build with the fast path (the default) must be byte for byte the
file MkDocs builds without it (FOILOG_MKDOCS_FAST=0): the real site, the fixture logs and
logs full of hostile council text. Python-Markdown must get every block the fast path
cannot be sure of, and MkDocs's anchor validation must see the anchors inside the blocks
the fast path takes around Markdown.
"""

from __future__ import annotations

import hashlib
import logging
import textwrap
from contextlib import contextmanager
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.structure.pages import _HTMLHandler

from conftest import FIXTURES, REPO, make_repo, site_files
from generator.engines.mkdocs import fast as mkdocs_fast
from generator.driver import build_site
from generator.engines.mkdocs.rawhtml import normalize, raw_block_ids, restore, skeleton, split_blocks
from test_hostile_properties import FIELDS, FRAGMENTS, LIMITS, LINES, field_values, write_log

EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list"]  # MkDocs's built-in ones and foilog's
BLOCK_LEVEL = frozenset(markdown.Markdown(extensions=EXTENSIONS).block_level_elements)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    # The generator's deadlines and MkDocs's sitemap dates: the same day for both builds.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def tree(site: Path) -> dict[str, bytes]:
    return site_files(site)


def docs_digest(repo: Path) -> dict[str, str]:
    docs = repo / "build" / "docs"
    return {p.relative_to(docs).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(docs.rglob("*")) if p.is_file()}


def assert_same_site(repo: Path, monkeypatch) -> dict:
    """Build `repo` with the fast path and without; every file must be identical. The fast
    path's counts for its build."""
    monkeypatch.delenv(mkdocs_fast.ENVIRONMENT, raising=False)
    fast = build_site(repo, repo / "site-fast")
    counts = mkdocs_fast.stats()
    docs = docs_digest(repo)
    monkeypatch.setenv(mkdocs_fast.ENVIRONMENT, "0")
    slow = build_site(repo, repo / "site-slow")
    assert mkdocs_fast.stats()["pages"] == 0, "FOILOG_MKDOCS_FAST=0 turns the fast path off"
    assert docs_digest(repo) == docs, "the pages on disk are never changed"
    a, b = tree(fast), tree(slow)
    assert sorted(a) == sorted(b)
    differ = [path for path in a if a[path] != b[path]]
    assert not differ, f"{len(differ)} files differ with the fast path, e.g. {differ[:5]}"
    assert any(p.endswith(".html") for p in a) and "pagefind/pagefind.js" in a and "sitemap.xml" in a
    assert counts["in_full"] == 0, counts
    return counts


def test_real_site_is_identical(tmp_path, monkeypatch):
    counts = assert_same_site(make_repo(tmp_path / "real"), monkeypatch)
    # Every generated page goes through the fast path; headings are all the Markdown left
    # (a region's page of links to ask has only a few blocks, a response's page many).
    assert counts["pages"] > 40 and counts["untouched"] == 0 and counts["blocks"] > 4 * counts["pages"], counts


@pytest.mark.parametrize("log", ["shapes", "compare"])
def test_fixture_logs_are_identical(log, tmp_path, monkeypatch):
    counts = assert_same_site(make_repo(tmp_path / log, FIXTURES / log / "content"), monkeypatch)
    assert counts["pages"] > 0 and counts["blocks"] > 0, counts


def every_fragment() -> dict[str, str]:
    """Every hostile fragment at once in every field, within each field's length limit."""
    text = "Start " + "".join(FRAGMENTS) + " end"
    return {name: text[:LIMITS[name] - 10] if name in LIMITS else text[:480] if name in LINES else text
            for name in FIELDS}


@settings(max_examples=2, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(fields=field_values())
@example(fields=every_fragment())
def test_hostile_logs_are_identical(fields, tmp_path_factory, monkeypatch):
    """Logs whose every text field holds hostile text (as in test_hostile_properties)."""
    root = tmp_path_factory.mktemp("hostile")
    empty = root / "no-content"
    empty.mkdir()
    repo = make_repo(root / "repo", empty)
    write_log(repo, fields)
    counts = assert_same_site(repo, monkeypatch)
    assert counts["pages"] > 0, counts


# --- which blocks go around Markdown -------------------------------------------------------

@pytest.mark.parametrize("block", [
    '<span class="x">inline first</span>',                # not a block-level tag
    '<div>\n<p>never closed</p>',                          # unbalanced
    'Markdown *text*',                                     # not HTML
    '<div>a</div> and text after it',                      # the element ends inside its line
    '<div>a</div><div>b</div>',                            # two elements on one line
    '<div>a</div>\nthen text',                             # text on the next line
    '<hr>', '<hr></hr>', '<div/>', '<p class="x"/>',        # empty or self-closing at the top
    '<div\nclass="x">a</div>',                             # a line break after the name
    '   <div>indented</div>',                              # not at the start of the line
    '<div title="a>b">x</div>',                            # `>` inside a value
    "<div title='single'>x</div>",                         # a value in single quotes
    '<div>&#39 without semicolon</div>', '<div>a & b</div>',  # a bare `&`
    '<div><!-- a comment --></div>', '<div><?pi ?></div>', '<div><![CDATA[x]]></div>',
    '<div><script>1 < 2</script></div>', '<div><style>p{}</style></div>',
    '<div>a < b</div>', '<div></></div>', '<DIV>upper case</DIV>',
    '<div>x</span></div>x',
])
def test_doubtful_blocks_are_left_to_markdown(block):
    assert raw_block_ids(block, BLOCK_LEVEL) is None


def test_a_div_across_a_blank_line_and_what_follows_stay_markdown():
    page = '# Title\n\n<div class="a">\n<p>one</p>\n\n<p>two</p>\n</div>\n\n<p>three</p>\n'
    assert skeleton(page, BLOCK_LEVEL) is None  # nothing after a doubtful HTML block is replaced
    page = '# Title\n\n<p>zero</p>\n\n<div class="a">\n<p>one</p>\n\n<p>two</p>\n</div>\n\n<p>three</p>\n'
    made = skeleton(page, BLOCK_LEVEL)
    assert made.blocks == [1] and made.text.count(made.prefix) == 1


@pytest.mark.parametrize("block, ids", [
    ('<div class="x">\n<p>a <a href="#q">link</a></p>\n</div>', []),
    ('<div id="a&amp;b"><a name="n">x</a><p name="no">y</p><br/><img src="i.png"></div>', ["a&b", "n"]),
    ('<figure id="f"><svg viewBox="0 0 1 1"><title id="t">T</title></svg></figure>\n<p id="p2">x</p>',
     ["f", "t", "p2"]),
    ('<table>\n<tr><td Id="upper">1</td></tr>\n</table>', ["upper"]),
    ('<section data-id="not" title="id=x" id>bare id</section>', [None]),
])
def test_raw_blocks_and_their_anchors(block, ids):
    assert raw_block_ids(block, BLOCK_LEVEL) == ids
    assert set(ids) == mkdocs_anchors(block)


def mkdocs_anchors(text: str) -> set:
    """The anchors MkDocs's own collector finds in the text."""
    handler = _HTMLHandler()
    handler.feed(text)
    handler.close()
    return handler.present_anchor_ids


def convert(text: str) -> str:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": False}})
    return md.convert(text)


def fast_convert(text: str) -> tuple[str, set]:
    made = skeleton(text, BLOCK_LEVEL)
    if made is None:
        return convert(text), mkdocs_anchors(normalize(text))
    html = restore(convert(made.text), text, made.prefix, made.blocks)
    assert html is not None
    return html, mkdocs_anchors(made.text) | set(made.anchors)


# Random pages: blocks of well-formed HTML (some of which Markdown passes through, some
# not), Markdown, and the pitfalls between them, with now and then a random piece
# dropped in anywhere.
PIECES = ['<div class="a">', "</div>", "<p>", "</p>", "<span>", "</span>", "<br>", "<hr>", "<td>", "</td>",
          '<a id="q1" href="#x">', "</a>", "text", " ", "\n", "\n\n", "\t", "   ", "&amp;", "&#39;", "&#39",
          "&", "<", ">", "# Heading", "- item", "    code", "<!-- c -->", "<script>", "</script>", "*em*",
          "```", "`tick`", "foilograwblock0", "{: .c }", "| a | b |", "\r\n", "\x02", '<div\nid="nl">']
CLEAN = ["text", "more words", "&amp;", "&#39;", "&#x27;", "a &lt; b", "two\nlines", "  ", "# not a heading",
         "*em*", "`c`", ">", "\t", "\n    four", "x  ", "\n```\n"]
TEXT = st.sampled_from(CLEAN * 4 + ["&#39", "& bare", "<!-- c -->", "\n\n\n"])
VOID = st.sampled_from(["<br>", "<br/>", '<img src="x.png">', "<hr>", "<hr/>", "<input>", "<wbr>"])
TAGS = st.sampled_from(["div", "p", "table", "tr", "td", "li", "ul", "figure", "section", "h2", "details",
                        "span", "a", "em", "svg", "title"])
ATTRS = st.sampled_from(["", ' class="c"', ' id="i1"', ' id="i2" class="x"', ' name="n"', ' data-sort="a&amp;b"',
                         " download", ' id="dup"', ' ID="Up"'] * 6 + [" title='q'", '\nid="nl"', ' id="a>b"'])


def _element(children, tags=TAGS):
    def make(tag, attrs, kids):
        inside = "".join(kids).replace("\n\n", "\n")  # blank lines only where TEXT puts them
        return f"<{tag}{attrs}>{inside}</{tag}>"

    return st.builds(make, tags, ATTRS, st.lists(st.one_of(children, st.just("\n")), max_size=4))


ELEMENT = st.recursive(st.one_of(TEXT, VOID), _element, max_leaves=6)
TOP = st.one_of(_element(ELEMENT, st.sampled_from(["div", "p", "table", "figure", "section", "ul"])),
                _element(ELEMENT))
HTML = st.lists(TOP, min_size=1, max_size=3).flatmap(
    lambda items: st.sampled_from(["\n"] * 6 + ["", " "]).map(lambda sep: sep.join(items)))
MARKDOWN = st.sampled_from(["# Title", "## Part {#part}", "### Q1 {#q1}", "Plain words.", "- a\n- b",
                            "    indented", "| a | b |\n|---|---|\n| 1 | 2 |", "&copy; 2024", "> quote",
                            "Text with <span>inline</span> HTML.", "Title\n====="])
SOUP = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join)
BLOCK = st.one_of(HTML, HTML, HTML, HTML, MARKDOWN, MARKDOWN, SOUP)
PAGES = st.tuples(st.lists(BLOCK, min_size=1, max_size=6).map("\n\n".join),
                  st.integers(0, 10**6), st.sampled_from(PIECES + [""] * 4 * len(PIECES))).map(
    lambda t: t[0][:t[1] % (len(t[0]) + 1)] + t[2] + t[0][t[1] % (len(t[0]) + 1):])


@settings(max_examples=800, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(PAGES)
def test_fast_conversion_equals_markdown_on_random_pages(text):
    """The same HTML and the same anchors as Python-Markdown and MkDocs, on random pages."""
    want = convert(text), mkdocs_anchors(normalize(text))
    assert fast_convert(text) == want


def test_generated_pages_convert_the_same_and_keep_their_anchors(tmp_path):
    """Every block of the real site's pages: the same HTML and anchors as MkDocs finds."""
    from generator.driver import docs_dir_of, read_mkdocs_config
    from generator.generate.incremental import generate_incremental
    from generator.load.settings import settings_from
    from mkdocs.utils import meta

    repo = make_repo(tmp_path / "real")
    config = read_mkdocs_config(repo)
    generate_incremental(repo, docs_dir_of(repo, config), settings_from(config))
    pages = sorted((repo / "build" / "docs").rglob("*.md"))
    assert pages
    replaced = 0
    for path in pages:
        body = meta.get_data(path.read_text(encoding="utf-8-sig"))[0]
        made = skeleton(body, BLOCK_LEVEL)
        replaced += len(made.blocks) if made else 0
        assert fast_convert(body) == (convert(body), mkdocs_anchors(normalize(body))), path
    assert replaced > 100


def test_split_blocks():
    text = "\n\na\nb\n\n\nc\n"
    assert [text[s:e] for s, e in split_blocks(text)] == ["a\nb", "c"]
    assert split_blocks("x") == [(0, 1)] and split_blocks("x\n") == [(0, 1)] and split_blocks("\n\n") == []


# --- anchors in raw blocks, as MkDocs's link validation sees them ----------------------------

HOOK = str(REPO / "generator" / "engines" / "mkdocs" / "fast.py")


def hook_stats() -> dict:
    """The counts of the fast path loaded by MkDocs as a hook of its own (a module apart)."""
    import sys

    return sys.modules[HOOK].stats()


@contextmanager
def mkdocs_log():
    """What MkDocs logs (INFO and up) meanwhile, however other tests left logging set up."""
    lines: list[str] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = lambda record: lines.append(record.getMessage())
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def small_site(tmp_path: Path, other: str, extensions: str = "") -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(textwrap.dedent("""\
        # Home

        <div class="foilog-x">
        <p id="inside-a-block">An anchor in raw HTML.</p>
        <a name="named"></a>
        </div>

        ## A heading
        """), encoding="utf-8")
    (docs / "other.md").write_text(f"# Other\n\n<p>Raw.</p>\n\n{other}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: t
        docs_dir: docs
        strict: true
        validation:
          anchors: warn
        hooks:
          - {HOOK}
        markdown_extensions:
          - toc:
              permalink: false
          - attr_list
        """) + extensions, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


@pytest.mark.parametrize("fast", ["1", "0"])
def test_links_to_anchors_in_raw_blocks_validate(fast, tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv(mkdocs_fast.ENVIRONMENT, fast)
    good = small_site(tmp_path, "[in a block](index.md#inside-a-block), [named](index.md#named), "
                                "[heading](index.md#a-heading)")
    with mkdocs_log() as lines:
        build(load_config(str(good), site_dir=str(tmp_path / "site")))
    assert not [line for line in lines if "does not contain an anchor" in line]
    assert hook_stats()["pages"] == (2 if fast == "1" else 0)


@pytest.mark.parametrize("fast", ["1", "0"])
def test_a_link_to_a_missing_anchor_still_fails_a_strict_build(fast, tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    monkeypatch.setenv(mkdocs_fast.ENVIRONMENT, fast)
    bad = small_site(tmp_path, "[missing](index.md#no-such-anchor) and [in a block](index.md#inside-a-block)")
    with mkdocs_log() as lines, pytest.raises(Abort):
        build(load_config(str(bad), site_dir=str(tmp_path / "site")))
    anchors = [line for line in lines if "does not contain an anchor" in line]
    assert len(anchors) == 1 and "'#no-such-anchor'" in anchors[0], lines
    assert hook_stats()["pages"] == (2 if fast == "1" else 0)


def test_other_markdown_extensions_turn_the_fast_path_off(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = small_site(tmp_path, "[in a block](index.md#inside-a-block)", "  - md_in_html\n")
    with mkdocs_log() as lines:
        build(load_config(str(config), site_dir=str(tmp_path / "site")))
    assert hook_stats()["pages"] == 0
    assert any("Markdown extensions ['md_in_html']" in line for line in lines), lines


def test_a_page_whose_placeholders_do_not_come_back_is_converted_in_full(tmp_path, monkeypatch):
    """The safety net: when the blocks cannot be put back (the file changed during the build,
    say), the page is converted the ordinary way, with the same result."""
    import sys

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = small_site(tmp_path, "[in a block](index.md#inside-a-block)")
    monkeypatch.setenv(mkdocs_fast.ENVIRONMENT, "0")
    build(load_config(str(config), site_dir=str(tmp_path / "slow")))
    monkeypatch.delenv(mkdocs_fast.ENVIRONMENT)
    loaded = load_config(str(config), site_dir=str(tmp_path / "fast"))
    monkeypatch.setattr(sys.modules[HOOK], "restore", lambda *args, **kwargs: None)
    build(loaded)
    assert hook_stats()["pages"] == 2 and hook_stats()["in_full"] == 2
    assert tree(tmp_path / "fast") == tree(tmp_path / "slow")


# --- one Markdown instance for the build ----------------------------------------------------

def test_one_markdown_instance_keeps_nothing_from_page_to_page(tmp_path, monkeypatch):
    """Pages converted with one Markdown instance, reset between them: link references,
    heading ids, titles, tables of contents and anchors are each page's own, exactly as
    with a new instance for every page."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(6):
        title = f"# Page {i}\n\n" if i % 3 else ""  # some pages have no h1: the title comes from elsewhere
        refs = "[shared]: https://example.com/a\n\n" if i == 1 else ""
        (docs / f"p{i}.md").write_text(
            f"{title}<div class=\"x\">\n<p id=\"raw{i}\">Raw {i}.</p>\n</div>\n\n## Same heading\n\n"
            f"See [shared][] and [other](p{(i + 1) % 6}.md#same-heading).\n\n{refs}## Same heading\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n## Part {#part}\n\n<p>end</p>\n",
            encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: t
        docs_dir: docs
        hooks:
          - {HOOK}
        markdown_extensions:
          - toc:
              permalink: true
          - attr_list
          - tables
          - fenced_code
        """), encoding="utf-8")
    created = []
    original = markdown.Markdown.__init__

    def counting(self, *args, **kwargs):
        created.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(markdown.Markdown, "__init__", counting)
    monkeypatch.setenv(mkdocs_fast.ENVIRONMENT, "0")
    build(load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "slow")))
    slow_instances = len(created)
    created.clear()
    monkeypatch.delenv(mkdocs_fast.ENVIRONMENT)
    build(load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "fast")))
    assert hook_stats()["pages"] == 6
    assert len(created) <= slow_instances - 4, (len(created), slow_instances)
    assert tree(tmp_path / "fast") == tree(tmp_path / "slow")
