"""Council-supplied text renders as inert text wherever it lands."""

from __future__ import annotations

import html as html_lib
import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from conftest import make_repo, page_text
from generator.driver import build_site
from generator.common.escape import finalize, html_text, md_inline, paragraphs

HOSTILE = (
    "<script>alert(1)</script> a | b || c <img src=x onerror=alert(2)> "
    "[click](javascript:alert(3)) ![img](data:text/html,evil) {{ 7*7 }} {% raw %} "
    "<!-- comment --> *stars* _under_ `code` [^1] !!! note &amp; &lt;"
)
SHORT_HOSTILE = "<script>alert(1)</script> | {{ 7*7 }} [x](javascript:alert(3)) <b onclick=x>"
HOSTILE_BLOCK = HOSTILE + "\n\n# Heading\n| a | b |\n|---|---|\n<div onclick=alert(4)>x</div>"

COVENTRY = "content/responses/cov/ehcp-information-request-2022.yaml"
QSET = "content/question-sets/ehcp-information-request-2022.yaml"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("hostile"))
    path = repo / COVENTRY
    text = path.read_text(encoding="utf-8")
    quoted = json.dumps(HOSTILE)  # a JSON string is a valid double-quoted YAML scalar
    block = json.dumps(HOSTILE_BLOCK)
    text = text.replace("reference: FOI473301950", f"reference: {json.dumps(SHORT_HOSTILE)}")
    text = text.replace("subject: Freedom of Information Act 2000 (FOIA)", f"subject: {quoted}")
    text = text.replace("    text: Spot purchasing, time limited.", f"    text: {block}")
    text = text.replace("      - name: Coventry and Warwickshire Partnership NHS Trust\n",
                        f"      - name: {quoted}\n", 1)
    text = text.replace("  - team: Information Governance Team", f"  - team: {quoted}")
    path.write_text(text, encoding="utf-8")
    qset = repo / QSET
    qset.write_text(qset.read_text(encoding="utf-8").replace(
        "        text: Direct relationships", f"        text: {quoted}"), encoding="utf-8")
    return build_site(repo)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.attributes += [name for name, _ in attrs]


PAGES = [
    "councils/cov/ehcp-information-request-2022/index.html",
    "question-sets/ehcp-information-request-2022/q5b/index.html",
    "question-sets/ehcp-information-request-2022/q7b/index.html",
    "question-sets/ehcp-information-request-2022/index.html",
    "question-sets/ehcp-information-request-2022/ask/west-midlands/index.html",
]


@pytest.mark.parametrize("page", PAGES)
def test_hostile_text_adds_no_element_or_attribute(hostile_site, page):
    html = (hostile_site / page).read_text(encoding="utf-8")
    article = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', html, re.S).group(1)
    # Links that ask a council on WhatDoTheyKnow carry the questions percent-encoded.
    asks = re.findall(r'href="(https://www\.whatdotheyknow\.com/new/[^"]*)"', article)
    assert bool(asks) == ("/ask/" in page)
    assert all(re.fullmatch(r"[A-Za-z0-9/:.?=&%_~-]+", html_lib.unescape(url)) for url in asks)
    article = re.sub(r'href="https://www\.whatdotheyknow\.com/new/[^"]*"', 'href=""', article)
    tags = _Tags()
    tags.feed(article)
    assert not [a for a in tags.attributes if a.startswith("on")]
    assert "<script" not in article
    assert "<img" not in article
    assert "onerror" not in re.sub(r"&lt;img src=x onerror=alert\(2\)&gt;", "", article)
    assert "<div onclick" not in article
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', html))
    assert "<sup" not in article  # no footnote
    assert "<code>" not in article
    assert "<em>" not in article
    assert "49" not in page_text(article)  # {{ 7*7 }} was not evaluated


def test_hostile_text_is_shown_verbatim(hostile_site):
    text = page_text((hostile_site / PAGES[0]).read_text(encoding="utf-8"))
    assert " ".join(HOSTILE.split()) in text
    for line in HOSTILE_BLOCK.splitlines():
        assert " ".join(line.split()) in text
    compare = page_text((hostile_site / PAGES[1]).read_text(encoding="utf-8"))
    assert " ".join(HOSTILE.split()) in compare


def test_hostile_title_is_escaped_in_the_head(hostile_site):
    html = (hostile_site / PAGES[1]).read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    assert "<script>alert" not in head


def test_markdown_escapes_round_trip_through_markdown():
    import markdown

    text = "".join(chr(c) for c in range(33, 127))
    html = markdown.markdown(f"## {md_inline(text)}", extensions=["toc", "attr_list"])
    from html import unescape

    inner = re.sub(r"<[^>]+>", "", html)
    assert unescape(inner) == text


def test_control_and_direction_characters_are_made_visible():
    out = paragraphs("a\x07b\u202ec\x00")
    assert "\x07" not in out and "\u202e" not in out and "\x00" not in out
    assert "␇" in out and "[U+202E]" in out


@pytest.mark.parametrize("hidden", ["\u200e", "\u200f", "\u061c", "\U000e0041", "\u00ad", "\u2028", "\u2029",
                                    "\u202e", "\x00"])
def test_a_hidden_character_is_marked_and_ends_an_address(hidden):
    out = paragraphs(f"see https://example.org/a{hidden}b now")
    assert hidden not in out and f'href="https://example.org/a"' in out


def test_a_chart_shows_hidden_characters_as_markers():
    from generator.render.charts import bar_chart

    svg = bar_chart([("answered", "Council\u202e", 1)], "Outcomes of Question 1\u202e\x00", "Done\u200f", "c")
    assert not re.search("[\u202e\u200f\x00]", svg)
    assert "Question 1[U+202E]␀</title>" in svg and "Council[U+202E]</text>" in svg and "Done[U+200F]" in svg


@pytest.mark.parametrize("email, href", [
    ("foi@coventry.gov.uk", "mailto:foi@coventry.gov.uk"),
    (" foi@coventry.gov.uk ", "mailto:foi@coventry.gov.uk"),
    ("foi@coventry.gov.uk?bcc=someone@example.org", None),
    ("a@b.uk&body=hello", None),
    ("javascript:alert(1)@x.uk", None),
    ("Information Governance Team", None),
    ("foi@coventry.gov.uk, other@example.org", None),
])
def test_only_plain_email_addresses_become_mailto_links(email, href):
    from generator.analyse.formatting import mailto

    assert mailto(email) == href


_SPECIAL_TEXT = st.text(alphabet=st.sampled_from(list("ab &<>\"'\n\r\t\x00\x1b\x7f\x85\u202e\u200b\u2060\ufeff\u00e9£")),
                        max_size=16)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(_SPECIAL_TEXT, st.integers(), st.floats(allow_nan=False), st.none(), _SPECIAL_TEXT.map(Markup)))
def test_html_text_is_what_a_template_puts_out(value):
    """The fragments' escaping (escape.html_text, which escapes text itself) gives what
    Jinja's `{{ value }}` would: the renderer's finalize, then markupsafe's escape."""
    assert html_text(value) == str(escape(finalize(value)))
