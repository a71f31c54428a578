"""Property-based: arbitrary text in every text field a contributor or council can fill is
shown verbatim as text, and adds no element or attribute, everywhere it lands: page bodies,
table cells, headings, link text, <title>, the search index, the Atom feed, the CSV and
JSON downloads and chart labels.

Each example writes a small log whose every text field holds generated text (a mix of
hostile fragments and arbitrary Unicode), builds it with MkDocs exactly as `foilog build`
does, and compares each built page's element-and-attribute skeleton with the same log
built with plain words in every field.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import io
import json
import os
import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import make_repo, page_text, search_fragments
from generator.driver import build_site
from generator.common.escape import clean
from generator.exports.tables import FORMULA_GUARD

SET_A, SET_B = "hostile-set-a", "hostile-set-b"

# Every text field of the model that reaches the site, by name.
FIELDS = [
    "set_title", "set_description", "set_audience", "q1_number", "q1_heading", "q1_text", "q2_text", "q2_option",
    "q2a_text", "setb_title", "setb_q_text",
    "topic_title", "topic_description", "topic_note",
    "body_name", "body_short_name", "body_region",
    "reference", "subject", "introduction", "closing", "notes", "event_note", "reuse_wording",
    "via", "attachment_title", "answer_text", "answer_note", "value_counting", "value_per",
    "value_period", "contact_name", "contact_role", "contact_team", "contact_org",
    "contact_address", "contact_email", "contact_phone", "redirect_name", "ogl_attribution", "ogl_answer_text", "body_answer_text",
]

# Where each field must be readable: the page (under site/) and whether it is part of the
# page's <title>.
RESPONSE = "councils/cov/hostile-set-a/index.html"
LANDS = {
    "set_title": ["question-sets/hostile-set-a/index.html", RESPONSE, "index.html"],
    "set_description": ["question-sets/hostile-set-a/index.html"],
    "set_audience": ["question-sets/hostile-set-a/index.html"],
    "q1_number": ["question-sets/hostile-set-a/q1/index.html"],
    "q1_heading": ["question-sets/hostile-set-a/index.html"],
    "q1_text": ["question-sets/hostile-set-a/q1/index.html", RESPONSE],
    "q2_text": ["question-sets/hostile-set-a/q2/index.html"],
    "q2_option": ["question-sets/hostile-set-a/q2/index.html"],
    "q2a_text": ["question-sets/hostile-set-a/q2a/index.html"],
    "setb_title": ["question-sets/hostile-set-b/index.html"],
    "setb_q_text": ["question-sets/hostile-set-b/b1/index.html"],
    "topic_title": ["topics/hostile-topic/index.html", "topics/index.html"],
    "topic_description": ["topics/hostile-topic/index.html"],
    "topic_note": ["topics/hostile-topic/index.html"],
    "body_name": ["councils/hstl/index.html"],
    "body_short_name": ["question-sets/hostile-set-b/b1/index.html"],
    "body_region": ["councils/hstl/index.html"],
    "reference": [RESPONSE],
    "subject": [RESPONSE],
    "introduction": [RESPONSE],
    "closing": [RESPONSE],
    "notes": [RESPONSE],
    "event_note": [RESPONSE],
    "reuse_wording": [RESPONSE, "attributions/index.html"],
    "via": [RESPONSE],
    "attachment_title": [RESPONSE],
    "answer_text": [RESPONSE, "question-sets/hostile-set-a/q1/index.html"],
    "answer_note": [RESPONSE],
    "value_counting": [RESPONSE],
    "value_per": [RESPONSE],
    "value_period": [RESPONSE],
    "contact_name": [RESPONSE],
    "contact_role": [RESPONSE],
    "contact_team": [RESPONSE],
    "contact_org": [RESPONSE],
    "contact_address": [RESPONSE],
    "contact_email": [RESPONSE],
    "contact_phone": [RESPONSE],
    "redirect_name": [RESPONSE],
    "ogl_attribution": ["councils/lce/hostile-set-a/index.html"],
    "ogl_answer_text": ["councils/lce/hostile-set-a/index.html", "question-sets/hostile-set-a/q1/index.html"],
    "body_answer_text": ["councils/hstl/hostile-set-b/index.html", "question-sets/hostile-set-b/b1/index.html"],
}
TITLES = {"set_title": [RESPONSE, "question-sets/hostile-set-a/index.html"],
          "q1_text": [], "topic_title": ["topics/hostile-topic/index.html"],
          "body_name": ["councils/hstl/index.html"]}
# Short one-line fields (the model's `Line`): at most 500 characters.
LINES = {"set_title", "set_audience", "q1_heading", "q2_option", "setb_title", "topic_title", "body_name",
         "body_short_name", "body_region", "subject", "via", "attachment_title", "value_counting",
         "value_per", "value_period", "contact_name", "contact_role", "contact_team", "contact_org",
         "contact_email", "contact_phone",
         "redirect_name"}
# Fields the model caps lower than a line (500) or a text (5,000 characters).
LIMITS = {"reference": 200, "q1_number": 200}


def q(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text`."""
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif " " <= ch <= "~":
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def write_log(root: Path, f: dict[str, str]) -> Path:
    """A small log (two question sets, a topic, a body outside the register and three
    responses) with `f[name]` in every text field."""
    content = root / "content"
    for folder in ("question-sets", "topics", "bodies", "responses/cov", "responses/lce", "responses/hstl"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    (content / f"question-sets/{SET_A}.yaml").write_text(f"""\
id: {SET_A}
title: {q(f["set_title"])}
sent: 2022-12-01
description: {q(f["set_description"])}
sent_to:
  description: {q(f["set_audience"])}
  include: [COV, LCE, SHF]
questions:
  - id: q1
    number: {q(f["q1_number"])}
    heading: {q(f["q1_heading"])}
    text: {q(f["q1_text"])}
    kind: number
  - id: q2
    number: "2"
    text: {q(f["q2_text"])}
    kind: choice
    options: [{q(f["q2_option"])}, Other]
    parts:
      - id: q2a
        number: 2a
        text: {q(f["q2a_text"])}
""", encoding="utf-8")
    (content / f"question-sets/{SET_B}.yaml").write_text(f"""\
id: {SET_B}
title: {q(f["setb_title"])}
year: 2023
questions:
  - id: b1
    text: {q(f["setb_q_text"])}
""", encoding="utf-8")
    (content / "topics/hostile-topic.yaml").write_text(f"""\
id: hostile-topic
title: {q(f["topic_title"])}
description: {q(f["topic_description"])}
questions:
  - question_set: {SET_A}
    question: q1
    note: {q(f["topic_note"])}
  - question_set: {SET_B}
    question: b1
""", encoding="utf-8")
    (content / "bodies/hstl.yaml").write_text(f"""\
code: HSTL
name: {q(f["body_name"])}
short_name: {q(f["body_short_name"])}
kind: nhs_trust
nation: England
region: {q(f["body_region"])}
url: https://example.org/trust
""", encoding="utf-8")
    (content / f"responses/cov/{SET_A}.yaml").write_text(f"""\
council: COV
question_set: {SET_A}
reference: {q(f["reference"])}
subject: {q(f["subject"])}
dates:
  received: 2022-12-02
  responded: 2023-01-09
  events:
    - date: 2022-12-05
      event: acknowledged
      note: {q(f["event_note"])}
outcome: partially_successful
reuse:
  terms: restricted
  wording: {q(f["reuse_wording"])}
source:
  url: https://example.org/reply?a=1&b=2
  via: {q(f["via"])}
  attachments:
    - title: {q(f["attachment_title"])}
      url: https://example.org/letter.pdf
introduction: {q(f["introduction"])}
contacts:
  - team: {q(f["contact_team"])}
    organisation: {q(f["contact_org"])}
    address: {q(f["contact_address"])}
    email: {q(f["contact_email"])}
    phone: {q(f["contact_phone"])}
  - name: {q(f["contact_name"])}
    role: {q(f["contact_role"])}
    email: officer@example.org
answers:
  - questions: [q1]
    outcome: answered
    text: {q(f["answer_text"])}
    note: {q(f["answer_note"])}
    values:
      - number: 12
        unit: count
        counting: {q(f["value_counting"])}
        per: {q(f["value_per"])}
        period: {q(f["value_period"])}
  - questions: [q2]
    outcome: in_attachment
    attachment: {q(f["attachment_title"])}
    text: Please see the attached letter.
  - questions: [q2a]
    outcome: redirected
    text: This is held by another body.
    redirect_to:
      - name: {q(f["redirect_name"])}
        url: https://example.org/elsewhere
closing: {q(f["closing"])}
notes: {q(f["notes"])}
""", encoding="utf-8")
    (content / f"responses/lce/{SET_A}.yaml").write_text(f"""\
council: LCE
question_set: {SET_A}
outcome: successful
reuse:
  terms: ogl
  attribution: {q(f["ogl_attribution"])}
answers:
  - questions: [q1]
    outcome: answered
    text: {q(f["ogl_answer_text"])}
  - questions: [q2, q2a]
    outcome: not_held
    sections: ["1(1)"]
    text: The information is not held.
""", encoding="utf-8")
    (content / f"responses/hstl/{SET_B}.yaml").write_text(f"""\
council: HSTL
question_set: {SET_B}
outcome: successful
answers:
  - questions: [b1]
    outcome: answered
    text: {q(f["body_answer_text"])}
""", encoding="utf-8")
    return root


def build(root: Path, fields: dict[str, str]) -> Path:
    """The log with these fields, built by the project's own build command."""
    empty = root.parent / "no-content"
    empty.mkdir(parents=True, exist_ok=True)
    repo = make_repo(root, empty)
    write_log(repo, fields)
    return build_site(repo)


# --- what a page is made of ---------------------------------------------------------------


class Skeleton(HTMLParser):
    """Every element and attribute name in a page, in order, leaving out what the text itself
    decides: paragraph and line breaks, and links made from addresses in the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.shape: list[str] = []
        self.tags: set[str] = set()
        self.autolinks: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        self.attributes += [(tag, k, v or "") for k, v in attrs.items()]
        if tag in ("p", "br"):
            return
        if tag == "a" and attrs.get("rel") == "nofollow noopener":
            self.autolinks.append(attrs.get("href", ""))
            return
        self.shape.append(tag + "[" + ",".join(sorted(attrs)) + "]")

    handle_startendtag = handle_starttag


def skeleton(html: str) -> Skeleton:
    parser = Skeleton()
    parser.feed(html)
    parser.close()
    return parser


def squash(text: str) -> str:
    return " ".join(clean(text).split())


# --- generated text -----------------------------------------------------------------------

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '<a href="javascript:alert(3)">x</a>',
    "[link](javascript:alert(4))", "![img](data:text/html,evil)", "<svg onload=alert(5)>",
    "| a | b |", "\n|---|---|\n", "\n# Heading\n", "\n\n## Two\n\n", "{{ 7*7 }}", "{% raw %}", "{#",
    "<!-- c -->", "-->", "[^1]", "\n[^1]: foot\n", "!!! note", "??? x", "*em*", "__strong__", "`code`",
    "```", "~~~", "> quote", "---", "\\", "&amp;", "&lt;b&gt;", "&#60;", "]]>", "<![CDATA[", "'", '"',
    "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\x00", "\x07", "\x1b[31m", "\x85", "\u2028",
    "\u200e", "\u200f", "\u061c", "\U000e0041\U000e007f", "\u00ad", "\u2029", "\u2061",
    "https://example.org/a\u202eevil", "http://x.test/b\u200fc",
    "\t", "\r\n", "\r", "=SUM(A1)", "+1", "-1", "@x", "https://example.org/p?a=1&b=2", "http://x.test/(a)",
    "mailto:a@b", "x" * 300, "word " * 40, "{attr=x}", "{: .cls }", "[[x]]", ":material-alert:",
    "<style>*{}</style>", "<iframe src=//x>", "on" + "click=alert(6)", "%0a%3Cscript%3E",
]

_arbitrary = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), _arbitrary), min_size=1, max_size=4).map("".join)


def usable(text: str, limit: int) -> bool:
    return bool(squash(text)) and len(text) <= limit


def field_values():
    return st.fixed_dictionaries({
        name: hostile_text.filter(lambda t, n=name: usable(t, LIMITS.get(n, 500 if n in LINES else 5000)))
        for name in FIELDS
    })


PLAIN = {name: f"Plain {name.replace('_', ' ')}" for name in FIELDS}

# Characters that change how text reads, or hide in it, without being seen: none may reach
# a reader as it is (on a page, in a chart, in the search index or the feed). Written out
# here, not taken from the generator, so that a character the generator forgets is caught.
HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u200b\u200e\u200f\u2028\u2029"
                    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\U000e0000-\U000e007f]")
# Every one of them in every field, with addresses they sit inside: tried on every run.
EVERY_HIDDEN = {name: "a\u202eb\u2066c\u200ed\u200fe\u061cf\U000e0041g\u00adh\u2028i\u2029j\u2061k\x00l\ufeffm"
                      " see https://example.org/p\u202eq and http://x.test/r\U000e0041s." for name in FIELDS}


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("plain") / "repo", PLAIN)


def html_pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


EXAMPLES = int(os.environ.get("FOILOG_PROPERTY_EXAMPLES", "8"))


# Each example is a whole build, so by default a failure is reported as found, without
# shrinking; FOILOG_PROPERTY_SHRINK=1 shrinks it to a minimal example.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if os.environ.get("FOILOG_PROPERTY_SHRINK") else [])


@settings(max_examples=EXAMPLES, deadline=None, phases=PHASES, derandomize=not os.environ.get("FOILOG_PROPERTY_RANDOM"),
          database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(fields=field_values())
@example(fields=EVERY_HIDDEN)
def test_generated_text_is_inert_and_verbatim_everywhere(fields, plain_site, tmp_path_factory):
    site = build(tmp_path_factory.mktemp("hostile") / "repo", fields)
    plain, hostile = html_pages(plain_site), html_pages(site)
    assert sorted(hostile) == sorted(plain), "the same pages are built"

    for path, html in hostile.items():
        got, want = skeleton(html), skeleton(plain[path])
        # The same elements with the same attributes, as a multiset: rows sorted by
        # council or question text may come in another order.
        if Counter(got.shape) != Counter(want.shape):
            added, removed = Counter(got.shape) - Counter(want.shape), Counter(want.shape) - Counter(got.shape)
            diff = "\n".join(list(difflib.unified_diff(want.shape, got.shape, lineterm="", n=2))[:40])
            raise AssertionError(f"{path}: council text added {dict(added)} and removed {dict(removed)}:\n{diff}")
        for href in got.autolinks:
            assert re.match(r"https?://", href), (path, href)
            assert not re.search(r"\[U\+[0-9A-F]+\]|[\u2400-\u2421]", href), f"{path}: a hidden character in {href}"
        hidden = HIDDEN.search(unescape(html))
        assert hidden is None, f"{path}: U+{ord(hidden.group()):04X} is on the page as it is"
        for tag, name, value in got.attributes:
            assert not name.startswith("on"), (path, tag, name)
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (path, tag, value)

    texts = {path: page_text(html) for path, html in hostile.items()}
    for name, pages in LANDS.items():
        for path in pages:
            assert squash(fields[name]) in texts[path], f"{name} is not shown verbatim on {path}"
    for name, pages in TITLES.items():
        for path in pages:
            title = re.search(r"<title>(.*?)</title>", hostile[path], re.S).group(1)
            assert "<" not in title
            assert squash(fields[name]) in " ".join(page_text(title).split()), f"{name} in <title> of {path}"

    check_search_index(site, fields)
    check_feed(site, fields)
    check_downloads(site, fields)


def check_search_index(site: Path, fields: dict[str, str]) -> None:
    """Pagefind's fragments hold each page's text, title and filters as the reader will be
    shown them (as text, by search.js): every field is there verbatim, and no hidden
    character is there as it is."""
    contents, titles = [], []
    for fragment in search_fragments(site / "pagefind").values():
        contents.append(fragment["content"])
        titles.append(fragment["meta"].get("title", ""))
        for text in (fragment["content"], fragment["meta"].get("title", ""),
                     *(v for values in fragment["filters"].values() for v in values)):
            assert HIDDEN.search(text) is None, (fragment["url"], "a hidden character as it is")
    # Pagefind ends each block with a full stop and joins blocks with a space, or none: so
    # each line of a field is looked for, without whitespace.
    joined = "".join("".join(contents).split())
    for name in ("answer_text", "body_answer_text", "q1_text", "closing"):
        for line in fields[name].splitlines():
            assert "".join(squash(line).split()) in joined, f"{name} is not in the search index"
    assert any(squash(fields["set_title"]) in " ".join(title.split()) for title in titles)


def check_feed(site: Path, fields: dict[str, str]) -> None:
    feed = etree.fromstring((site / "feed.xml").read_bytes())  # well-formed XML or this raises
    assert HIDDEN.search("".join(feed.itertext())) is None, "a hidden character in the feed"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = " ".join(feed.xpath("//a:entry/a:title/text()", namespaces=ns))
    assert squash(fields["set_title"]) in " ".join(titles.split())
    for content in feed.xpath("//a:entry/a:content", namespaces=ns):
        assert content.get("type") == "html"
        parsed = skeleton(content.text or "")
        assert not parsed.tags & {"script", "img", "iframe", "svg", "style"}
        assert not [a for _, a, _ in parsed.attributes if a.startswith("on")]
        for _, name, value in parsed.attributes:
            if name == "href":
                assert re.match(r"(https?://|\.\.?/|/|[a-z0-9-]+/)", value), value


def check_downloads(site: Path, fields: dict[str, str]) -> None:
    rows = json.loads(gzip.decompress((site / "data/answers.json.gz").read_bytes()))
    rows = rows["rows"]
    json_values = {v for row in rows for v in row.values() if isinstance(v, str)}
    with gzip.open(site / "data/answers.csv.gz", "rt", encoding="utf-8-sig", newline="") as fh:
        csv_values = {cell for row in csv.reader(io.StringIO(fh.read())) for cell in row}
    for name in ("answer_text", "ogl_answer_text", "body_answer_text", "reference", "reuse_wording", "q1_text"):
        raw = fields[name]
        assert raw in json_values, f"{name} is not exact in answers.json.gz"
        # CSV cells: a guard before what a spreadsheet would run as a formula, and line
        # breaks as \n (as the data package's dialect says); JSON holds the exact text.
        formula = raw[:1] in ("\t", "\r") or raw.lstrip()[:1] in ("=", "+", "-", "@")
        guarded = FORMULA_GUARD + raw if formula else raw
        guarded = guarded.replace("\r\n", "\n").replace("\r", "\n")
        assert guarded in csv_values, f"{name} is not exact in answers.csv.gz"
