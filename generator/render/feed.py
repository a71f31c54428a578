"""An Atom feed (RFC 4287) of the responses most recently added or changed.

The feed is one XML document, `feed.xml` at the root of the site. It is built as an
element tree and serialised by `xml.etree.ElementTree`, so every council-supplied word
(titles, references, subjects) reaches the feed as escaped character data and can never
become markup. Before that, control and direction-override characters are shown as
visible symbols, as on the site's pages, and any other character XML 1.0 forbids is
removed.

Identifiers are tag URIs (RFC 4151) minted from a fixed tagging entity, `foilog,2026`,
so they do not depend on where the site is hosted:

- the feed: `tag:foilog,2026:responses`;
- a response: `tag:foilog,2026:response/<council code in lower case>/<question set id>`,
  for example `tag:foilog,2026:response/cov/ehcp-information-request-2022`. A council
  replies at most once to a question set, so the pair names one response for good, and
  editing the response keeps its id.

An entry's `updated` time is when its file last changed and `published` is when it was
first added, both from git history (see `history.py`). When history cannot say, the
response's own dates stand in for `updated` (for a response with none, its file's
modification time, else the build day) and `published` is left out. The feed's
`updated` time is the latest entry's, or 1970-01-01T00:00:00Z when there are no
responses. Entries run newest first, ties broken by council name then question set id,
and the feed holds at most `FEED_LIMIT` of them.

Links are absolute when a site URL is given (the `site_url` of mkdocs.yml). Without
one they are relative to the feed's own address, which is the site's root; the feed is
then still well-formed and valid, but readers that fetch it outside the site may not
resolve them.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from generator.load.catalogue import Catalogue, Entry
from generator.common.escape import clean
from generator.load.history import EPOCH, EntryDates, content_dates
from generator.load.vocabulary import RESPONSE_OUTCOMES
from generator.analyse.formatting import REUSE_LABELS, format_date, response_url, set_url

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
ATOM_MEDIA_TYPE = "application/atom+xml"

FEED_PATH = "feed.xml"
FEED_LIMIT = 50
TAG_AUTHORITY = "foilog,2026"
FEED_ID = f"tag:{TAG_AUTHORITY}:responses"
OUTCOME_SCHEME = f"tag:{TAG_AUTHORITY}:outcome"
QUESTION_SET_SCHEME = f"tag:{TAG_AUTHORITY}:question-set"
COUNCIL_SCHEME = f"tag:{TAG_AUTHORITY}:council"

# Everything outside XML 1.0's Char production (after `clean`, only U+FFFE, U+FFFF and
# unpaired surrogates can remain).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def entry_id(entry: Entry) -> str:
    """The response's permanent Atom id, from its council code and question set id only."""
    return f"tag:{TAG_AUTHORITY}:response/{entry.council.code.lower()}/{entry.question_set.id}"


def xml_text(value: object) -> str:
    """Text that XML 1.0 can carry, with control and bidi characters made visible."""
    return _NOT_XML.sub("", clean(str(value)))


def xml_line(value: object) -> str:
    """`xml_text` on one line, runs of white space folded to single spaces."""
    return " ".join(xml_text(value).split())


def atom_date(when: dt.datetime) -> str:
    """An RFC 3339 date-time in UTC, to the second."""
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _base(site_url: str) -> str:
    base = (site_url or "").strip()
    return base if not base or base.endswith("/") else base + "/"


def _href(base: str, url: str) -> str:
    """A site URL such as `councils/cov/` made absolute, or kept relative to the root."""
    return base + url if base else (url or "./")


def _atom(parent: ET.Element | None, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    """An Atom element; its namespace is the default one, declared on the root."""
    element = ET.Element(name, attrs) if parent is None else ET.SubElement(parent, name, attrs)
    if text is not None:
        element.text = text
    return element


def _html(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, name, attrs)
    element.text = text
    return element


def _content_html(entry: Entry, base: str) -> str:
    """The entry's content: a short HTML account of the response, serialised so that
    council text is escaped once here and again when it becomes the element's text."""
    response, qs = entry.response, entry.question_set
    div = ET.Element("div")
    lead = _html(div, "p", f"Response from {xml_line(entry.council.official_name)} to ")
    _html(lead, "a", xml_line(qs.title), href=_href(base, set_url(qs))).tail = ": "
    _html(lead, "strong", RESPONSE_OUTCOMES[response.outcome]).tail = "."
    facts = []
    if response.dates.received:
        facts.append(f"Request received: {format_date(response.dates.received)}")
    if response.dates.responded:
        facts.append(f"Reply dated: {format_date(response.dates.responded)}")
    if response.reference:
        facts.append(f"Council reference: {xml_line(response.reference)}")
    if response.subject:
        facts.append(f"Subject: {xml_line(response.subject)}")
    facts.append(f"Re-use terms: {REUSE_LABELS[response.reuse.terms]}")
    items = _html(div, "ul")
    for fact in facts:
        _html(items, "li", fact)
    _html(_html(div, "p"), "a", "Read the response", href=_href(base, response_url(entry)))
    return ET.tostring(div, encoding="unicode", method="html")


def _summary(entry: Entry) -> str:
    response = entry.response
    outcome = RESPONSE_OUTCOMES[response.outcome]
    if response.dates.responded:
        return f"{outcome}. Reply dated {format_date(response.dates.responded)}."
    return f"{outcome}."


def _entry(feed: ET.Element, entry: Entry, dates: EntryDates, base: str) -> None:
    element = _atom(feed, "entry")
    council, qs = entry.council, entry.question_set
    _atom(element, "id", entry_id(entry))
    _atom(element, "title", xml_line(f"{council.official_name}: {qs.title}"), type="text")
    _atom(element, "link", rel="alternate", type="text/html", href=_href(base, response_url(entry)))
    if dates.from_git:
        _atom(element, "published", atom_date(dates.published))
    _atom(element, "updated", atom_date(dates.updated))
    author = _atom(element, "author")
    _atom(author, "name", xml_line(council.official_name))
    _atom(element, "category", term=entry.response.outcome, scheme=OUTCOME_SCHEME,
          label=RESPONSE_OUTCOMES[entry.response.outcome])
    _atom(element, "category", term=qs.id, scheme=QUESTION_SET_SCHEME, label=xml_line(qs.title))
    _atom(element, "category", term=council.code, scheme=COUNCIL_SCHEME, label=xml_line(council.official_name))
    _atom(element, "summary", _summary(entry), type="text")
    _atom(element, "content", _content_html(entry, base), type="html")


def feed_entries(catalogue: Catalogue, dates: Mapping[str, EntryDates],
                 limit: int = FEED_LIMIT) -> list[tuple[Entry, EntryDates]]:
    """The responses the feed lists, with their dates: newest `updated` first, ties broken
    by council name then question set id, at most `limit` of them."""
    dated = [(entry, dates.get(entry.path) or content_dates(entry)) for entry in catalogue.entries]
    dated.sort(key=lambda pair: (pair[0].council.official_name, pair[0].question_set.id))
    dated.sort(key=lambda pair: pair[1].updated, reverse=True)  # stable: ties keep name order
    return dated[:limit]


def render_feed(catalogue: Catalogue, site_url: str, site_name: str,
                dates: Mapping[str, EntryDates], limit: int = FEED_LIMIT) -> str:
    """The Atom feed of the responses most recently added or changed, as XML text.

    `dates` maps `Entry.path` to its dates (see `history.entry_dates`); an entry missing
    from it gets its content dates. The same arguments always give the same text."""
    base = _base(site_url)
    listed = feed_entries(catalogue, dates, limit)
    name = xml_line(site_name) or "FOI disclosure log"
    feed = _atom(None, "feed", **{"xmlns": ATOM_NS, f"{{{XML_NS}}}lang": "en-GB"})
    _atom(feed, "id", FEED_ID)
    _atom(feed, "title", f"{name}: responses added or changed", type="text")
    _atom(feed, "subtitle", "Councils' replies to Freedom of Information requests, newest first.", type="text")
    _atom(feed, "updated", atom_date(max((d.updated for _, d in listed), default=EPOCH)))
    _atom(_atom(feed, "author"), "name", name)
    _atom(feed, "link", rel="self", type=ATOM_MEDIA_TYPE, href=_href(base, FEED_PATH))
    _atom(feed, "link", rel="alternate", type="text/html", href=_href(base, ""))
    _atom(feed, "generator", "foilog")
    for entry, entry_dates in listed:
        _entry(feed, entry, entry_dates, base)
    ET.indent(feed, space="  ")
    body = ET.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"
