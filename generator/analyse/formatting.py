"""Where pages live and how values read: URL helpers and formatting shared by the page
templates, the downloads and the feed."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from generator.load.catalogue import Entry
from generator.common.memo import kept_by_identity
from generator.load.models import QuestionSet, Topic, Value
from generator.load.vocabulary import QUALIFIERS
from generator.load.register import Council

OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OGL_DEFAULT_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."

REUSE_LABELS = {"ogl": "OGL", "restricted": "Restricted", "not_stated": "Not stated"}

UNIT_WORDS = {
    "count": ("", ""), "days": ("day", "days"), "working_days": ("working day", "working days"),
    "weeks": ("week", "weeks"), "months": ("month", "months"), "years": ("year", "years"),
    "hours": ("hour", "hours"), "minutes": ("minute", "minutes"), "percent": ("%", "%"),
    "fte": ("FTE", "FTE"), "gbp": ("", ""),
}


# --- where pages live --------------------------------------------------------------------

def council_url(council: Council) -> str:
    return f"councils/{council.slug}/"


def response_url(entry: Entry) -> str:
    return f"councils/{entry.council.slug}/{entry.question_set.id}/"


def set_url(qs: QuestionSet) -> str:
    return f"question-sets/{qs.id}/"


def question_url(qs: QuestionSet, qid: str) -> str:
    return f"question-sets/{qs.id}/{qid}/"


@lru_cache(maxsize=65536)
def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for the site's relative URLs, without asking for the working
    directory on every call."""
    if ".." in path.split("/") or ".." in start.split("/") or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    to = [p for p in path.split("/") if p and p != "."]
    here = [p for p in start.split("/") if p and p != "."]
    common = 0
    for a, b in zip(to, here):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def relative(from_url: str, to_url: str) -> str:
    """A link from one page's directory URL to another's, as MkDocs writes them."""
    anchor = ""
    if "#" in to_url:
        to_url, anchor = to_url.split("#", 1)
        anchor = "#" + anchor
    if to_url == from_url and anchor:
        return anchor
    if (not from_url or from_url[-1] == "/") and _plain(to_url) and _plain(from_url):
        # Most links, without working out a relative path (what _relpath gives): a page at
        # or below this one is the rest of its URL; a page in another top folder is found by
        # climbing to the top of the site.
        if to_url.startswith(from_url):
            rest = to_url[len(from_url):].rstrip("/")
            return (rest + "/" if rest else "./") + anchor
        if to_url.partition("/")[0] != from_url.partition("/")[0]:
            down = to_url.rstrip("/")
            return "../" * from_url.count("/") + (down + "/" if down else "") + anchor
    rel = _relpath(to_url.rstrip("/") or ".", from_url.rstrip("/") or ".")
    return ("./" if rel == "." else rel + "/") + anchor


def _plain(url: str) -> bool:
    """Whether a URL is relative, with no empty segment and none starting with a dot."""
    return not url.startswith(("/", ".")) and "//" not in url and "/." not in url


# An address with nothing a mail program would read as more than one recipient or as
# extra headers (`?cc=`, `&body=`).
_EMAIL = re.compile(r"[^\s@<>()\[\]\\,;:\"?&#%/]+@[^\s@<>()\[\]\\,;:\"?&#%/]+\.[A-Za-z]{2,}")


def mailto(email: str) -> str | None:
    """A mailto: link for a plain email address, or None for anything else (which is then
    shown as text only)."""
    email = email.strip()
    return f"mailto:{email}" if _EMAIL.fullmatch(email) else None


def topic_url(topic: Topic) -> str:
    return f"topics/{topic.id}/"


# A table too long for one page is cut into numbered pages below the page it belongs to
# (render/paging.py). A question set's own such pages are named with words no question id
# may take (load/checks.py).

def part_url(url: str, number: int) -> str:
    """The `number`th (from 1) page of a long table of the page at `url`."""
    return f"{url}{number}/"


def set_part_url(qs: QuestionSet, table: str, number: int) -> str:
    """The `number`th page of a question set's "deadlines" or "outcomes" table."""
    return f"{set_url(qs)}{table}/{number}/"


def region_slug(region: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", region.casefold())) or "region"


def ask_url(qs: QuestionSet, region: str) -> str:
    """The page of links that ask the authorities of `region` not in this log."""
    return f"{set_url(qs)}ask/{region_slug(region)}/"


def attributions_url(terms: str, number: int) -> str:
    """The `number`th page of the councils credited under re-use `terms`."""
    return f"attributions/{terms.replace('_', '-')}/{number}/"


def page_path(url: str) -> str:
    # Every page is the index.md of a folder named as its address, even a page with none
    # below it (a reply): Zensical reads a relative link in raw HTML from the folder of
    # the page's file, MkDocs from the page's address, and the two are then the same.
    # (`a/b.md` would save a folder per page; MkDocs builds the same site from it, but
    # Zensical's links from such a page go one folder too high.)
    return url + "index.md"


# --- formatting helpers used by templates ------------------------------------------------

def format_number(n: float) -> str:
    return f"{int(n):,}" if float(n).is_integer() else f"{n:,}"


# A value's words are shown on its response's page and its question's page, and written
# in the downloads and the nothing-lost check's expectations: made once for each value,
# for as many values as a large log holds.
@kept_by_identity(100_000)
def format_value(value: Value) -> str:
    """A normalised value in words, e.g. "on average 5 weeks", "fewer than 7 children"."""
    if value.yes_no is not None:
        text = "Yes" if value.yes_no else "No"
    elif value.choice is not None:
        text = value.choice
    else:
        number = format_number(value.number)
        singular, plural = UNIT_WORDS.get(value.unit or "count", ("", ""))
        if value.unit == "gbp":
            text = f"£{number}"
        elif value.unit == "percent":
            text = f"{number}%"
        elif value.unit == "count" and value.counting:
            text = f"{number} {value.counting}"
        else:
            word = singular if value.number == 1 else plural
            text = f"{number} {word}".strip()
        if value.per:
            text += f" per {value.per}"
        qualifier = QUALIFIERS[value.qualifier]
        if qualifier == "median":
            text = f"median {text}"
        elif qualifier:
            text = f"{qualifier} {text}"
    extras = []
    if value.period:
        extras.append(value.period)
    if value.as_of:
        extras.append(f"as of {value.as_of.isoformat()}")
    return text + (f" ({'; '.join(extras)})" if extras else "")


def sort_key(n: float) -> str:
    """A number as a table sort key: plain digits, no thousands separators."""
    return str(int(n)) if float(n).is_integer() else repr(float(n))


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def plural(n: int, one: str, many: str | None = None) -> str:
    """"1 working day", "2 working days"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def short_date(d) -> str:
    """"Mon 27 Dec 2021" (not locale-dependent)."""
    return f"{WEEKDAYS[d.weekday()][:3]} {d.day} {MONTHS[d.month - 1][:3]} {d.year}"


def format_date(d) -> str:
    """"9 January 2023", or "not known" (not locale-dependent)."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}" if d else "not known"


def long_date(d) -> str:
    """A date as running text names it: "Friday 16 December 2022" (not locale-dependent)."""
    return f"{WEEKDAYS[d.weekday()]} {format_date(d)}"


def section_label(section: str) -> str:
    if section.startswith(("EIR ", "FOISA ")):
        act, number = section.split(" ", 1)
        return f"{act} s.{number}" if act == "FOISA" else f"EIR reg. {number}"
    return f"s.{section}"


def section_spoken(section: str) -> str:
    """A section as it is said in words ("section 12", "FOISA section 12", "EIR regulation
    12(4)(b)"): the title of its short label, which search also indexes."""
    if section.startswith(("EIR ", "FOISA ")):
        act, number = section.split(" ", 1)
        return f"{act} section {number}" if act == "FOISA" else f"EIR regulation {number}"
    return f"section {section}"


def question_count(qs: QuestionSet) -> str:
    """How many questions a set asks, as its request counts them: "10 questions (25 with
    their parts)", "1 question"."""
    asked, every = len(qs.questions), len(qs.all_questions())
    text = plural(asked, "question")
    return text if every == asked else f"{text} ({every} with their parts)"


def year_suffix(qs: QuestionSet) -> str:
    """" (2021)" to follow a set's title, or nothing when the year is unknown or the title
    already holds it."""
    year = qs.year_sent
    if year is None or re.search(rf"(?<!\d){year}(?!\d)", qs.title):
        return ""
    return f" ({year})"
