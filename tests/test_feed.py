"""The Atom feed: valid against RFC 4287's schema, stable ids, inert council text, and
dates from git history with a deterministic fallback."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, REPO, make_repo
from generator.load import history
from generator.load.catalogue import Catalogue, load_catalogue
from generator.render.feed import FEED_ID, entry_id, render_feed
from generator.load.history import EPOCH, EntryDates, content_dates, entry_dates
from generator.load.models import Dates

ATOM = "{http://www.w3.org/2005/Atom}"
NS = {"a": "http://www.w3.org/2005/Atom"}
SITE = "https://foi.example.org/log/"
COVENTRY = "content/responses/cov/ehcp-information-request-2022.yaml"
LEICESTER = "content/responses/lce/ehcp-ot-provision-2019.yaml"
SHAPES = FIXTURES / "shapes" / "content"
UTC = dt.timezone.utc
# RFC 4151: tag:<domain or email>,<date>:<specific>
TAG_URI = re.compile(r"^tag:[A-Za-z0-9.@-]+,\d{4}(-\d{2}(-\d{2})?)?:[\w.~!$&'()*+,;=:@/?-]+$")


@pytest.fixture(scope="module")
def schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(FIXTURES / "atom" / "atom.rng")))


@pytest.fixture(scope="module")
def real() -> Catalogue:
    return load_catalogue(REPO)


@pytest.fixture(scope="module")
def shapes(tmp_path_factory) -> Catalogue:
    return load_catalogue(make_repo(tmp_path_factory.mktemp("shapes"), SHAPES))


def parse(feed: str) -> etree._Element:
    return etree.fromstring(feed.encode("utf-8"))


def assert_valid(schema: etree.RelaxNG, feed: str) -> etree._Element:
    root = parse(feed)
    assert schema.validate(root), str(schema.error_log)
    return root


def dates_at(catalogue: Catalogue, *stamps: str) -> dict[str, EntryDates]:
    """Git-like dates for the entries in order: published and updated at each stamp."""
    out = {}
    for entry, stamp in zip(catalogue.entries, stamps):
        when = dt.datetime.fromisoformat(stamp)
        out[entry.path] = EntryDates(when, when, from_git=True)
    return out


def ids(root: etree._Element) -> list[str]:
    return [e.findtext(f"{ATOM}id") for e in root.iter(f"{ATOM}entry")]


# --- the schema itself --------------------------------------------------------------------

@pytest.mark.parametrize("example", ["rfc4287-brief.xml", "rfc4287-extensive.xml"])
def test_schema_accepts_the_rfcs_own_examples(schema, example):
    document = etree.parse(str(FIXTURES / "atom" / example))
    assert schema.validate(document), str(schema.error_log)


def test_schema_rejects_feeds_that_break_the_rfc(schema, real):
    feed = render_feed(real, SITE, "FOI disclosure log", {})
    broken = {
        "no feed id": re.sub(r"<id>tag:foilog,2026:responses</id>", "", feed),
        "date not RFC 3339": re.sub(r"<updated>[^<]*</updated>", "<updated>9 January 2023</updated>", feed, count=1),
        "two titles": feed.replace("<title ", "<title>again</title><title ", 1),
        "unknown text type": feed.replace('<summary type="text">', '<summary type="markdown">', 1),
    }
    for why, text in broken.items():
        assert not schema.validate(parse(text)), why


# --- validity and the RFC's rules the schema leaves to prose ------------------------------

@pytest.mark.parametrize("site_url", [SITE, ""])
@pytest.mark.parametrize("which", ["real", "shapes"])
def test_feed_is_valid_atom(schema, request, which, site_url):
    catalogue = request.getfixturevalue(which)
    feed = render_feed(catalogue, site_url, "FOI disclosure log", {})
    root = assert_valid(schema, feed)
    assert feed.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"')
    assert len(root.findall("a:entry", NS)) == len(catalogue.entries)
    # RFC 4287 4.1.1: a feed author, one self link; 4.1.2: each entry an alternate link.
    assert root.find("a:author/a:name", NS).text == "FOI disclosure log"
    assert len(root.findall("a:link[@rel='self']", NS)) == 1
    for entry in root.findall("a:entry", NS):
        assert len(entry.findall("a:link[@rel='alternate']", NS)) == 1
    assert len(set(ids(root))) == len(catalogue.entries)
    # 3.3: no white space in a date construct or IRI
    for element in root.iter(f"{ATOM}id", f"{ATOM}updated", f"{ATOM}published"):
        assert element.text == element.text.strip() and " " not in element.text


def test_links_are_absolute_with_a_site_url_and_relative_without(real):
    absolute = parse(render_feed(real, "https://foi.example.org/log", "Log", {}))
    assert absolute.find("a:link[@rel='self']", NS).get("href") == "https://foi.example.org/log/feed.xml"
    assert absolute.find("a:link[@rel='alternate']", NS).get("href") == "https://foi.example.org/log/"
    hrefs = [link.get("href") for link in absolute.iter(f"{ATOM}link")]
    assert all(h.startswith("https://foi.example.org/log/") for h in hrefs)
    assert "https://foi.example.org/log/councils/cov/ehcp-information-request-2022/" in hrefs

    relative = parse(render_feed(real, "", "Log", {}))
    assert relative.find("a:link[@rel='self']", NS).get("href") == "feed.xml"
    hrefs = [link.get("href") for link in relative.iter(f"{ATOM}link")]
    assert "councils/cov/ehcp-information-request-2022/" in hrefs
    assert not any("://" in h for h in hrefs)
    assert not any(k.endswith("}base") for e in relative.iter() for k in e.attrib)


def test_entries_carry_outcome_and_question_set_categories(real):
    root = parse(render_feed(real, SITE, "Log", {}))
    cov = next(e for e in root.findall("a:entry", NS) if e.findtext("a:id", namespaces=NS).endswith("/cov/ehcp-information-request-2022"))
    terms = {c.get("scheme").rsplit(":", 1)[1]: (c.get("term"), c.get("label")) for c in cov.findall("a:category", NS)}
    assert terms["outcome"] == ("partially_successful", "Partially successful")
    assert terms["question-set"] == ("ehcp-information-request-2022", "EHCP Information Request")
    assert terms["council"] == ("COV", "Coventry City Council")
    assert cov.findtext("a:title", namespaces=NS) == "Coventry City Council: EHCP Information Request"
    assert cov.find("a:content", NS).get("type") == "html"
    assert "9 January 2023" in cov.findtext("a:content", namespaces=NS)


# --- ids ----------------------------------------------------------------------------------------

def test_ids_are_tag_uris_from_council_and_question_set(real):
    entry = next(e for e in real.entries if e.path == COVENTRY)
    assert entry_id(entry) == "tag:foilog,2026:response/cov/ehcp-information-request-2022"
    assert TAG_URI.match(entry_id(entry)) and TAG_URI.match(FEED_ID)
    changed = dataclasses.replace(entry, path="elsewhere.yaml", response=entry.response.model_copy(
        update={"outcome": "refused", "subject": "Another subject", "reference": "X1"}))
    assert entry_id(changed) == entry_id(entry)


def test_same_inputs_give_the_same_bytes_and_ids_survive_a_move(shapes):
    dates = dates_at(shapes, *[f"2024-0{i + 1}-01T09:00:00+00:00" for i in range(len(shapes.entries))])
    first = render_feed(shapes, SITE, "Log", dates)
    assert render_feed(shapes, SITE, "Log", dict(dates)) == first
    moved = render_feed(shapes, "https://elsewhere.example.net/", "Renamed log", dates)
    assert moved != first
    assert parse(moved).findtext("a:id", namespaces=NS) == parse(first).findtext("a:id", namespaces=NS) == FEED_ID
    assert ids(parse(moved)) == ids(parse(first))
    assert len(ids(parse(first))) == len(shapes.entries)


# --- untrusted text -------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> ]]> & &amp; <![CDATA[x]]> \x00\x07\x1b[31m \u202eevil\u2066 \ufffe\uffff\ud800 end"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def _hostile(catalogue: Catalogue) -> Catalogue:
    entry = next(e for e in catalogue.entries if e.path == COVENTRY)
    bad = dataclasses.replace(
        entry,
        response=entry.response.model_copy(update={"subject": HOSTILE, "reference": HOSTILE}),
        question_set=entry.question_set.model_copy(update={"title": HOSTILE}),
        council=dataclasses.replace(entry.council, official_name=HOSTILE),
    )
    return dataclasses.replace(catalogue, entries=[bad if e is entry else e for e in catalogue.entries])


def test_hostile_text_is_escaped_and_stripped(schema, real):
    feed = render_feed(_hostile(real), SITE, HOSTILE, {})
    root = assert_valid(schema, feed)
    assert "<script" not in feed and "]]>" not in feed and "<![CDATA[" not in feed
    for bad in "\x00\x07\x1b\u202e\u2066\ufffe\uffff\ud800":
        assert bad not in feed
    assert {e.tag for e in root.iter()} <= {f"{ATOM}{n}" for n in (
        "feed", "id", "title", "subtitle", "updated", "author", "name", "link", "generator",
        "entry", "published", "category", "summary", "content")}
    entry = next(e for e in root.findall("a:entry", NS) if "/cov/" in e.findtext("a:id", namespaces=NS))
    title = entry.findtext("a:title", namespaces=NS)
    # control and bidi characters are shown, not obeyed; the rest arrives as plain text
    assert title.startswith("<script>alert(1)</script> ]]> & &amp; <![CDATA[x]]> \u2400\u2407\u241b[31m [U+202E]evil[U+2066]")
    assert title.endswith(" end: <script>alert(1)</script> ]]> & &amp; <![CDATA[x]]> \u2400\u2407\u241b[31m [U+202E]evil[U+2066] end")
    assert root.findtext("a:title", namespaces=NS).startswith("<script>alert(1)</script>")
    html = _Tags()
    html.feed(entry.findtext("a:content", namespaces=NS))
    assert set(html.tags) <= {"div", "p", "a", "strong", "ul", "li"}
    assert "script" not in html.tags
    assert "<script>alert(1)</script>" in "".join(html.text)


def test_hostile_text_from_a_content_file(schema, tmp_path):
    repo = make_repo(tmp_path / "repo")
    path = repo / COVENTRY
    text = path.read_text(encoding="utf-8")
    quoted = json.dumps("<script>x</script> ]]> & \u0001 \u202e")  # a JSON string is valid YAML
    path.write_text(text.replace("subject: Freedom of Information Act 2000 (FOIA)", f"subject: {quoted}"),
                    encoding="utf-8")
    feed = render_feed(load_catalogue(repo), SITE, "Log", {})
    root = assert_valid(schema, feed)
    content = "".join(e.findtext("a:content", namespaces=NS) for e in root.findall("a:entry", NS))
    assert "Subject: &lt;script&gt;x&lt;/script&gt; ]]&gt; &amp; \u2401 [U+202E]" in content
    assert "<script" not in feed and "\x01" not in feed


# --- order, limit and the feed's own date --------------------------------------------------------

def test_newest_first_ties_by_council_name_then_set_and_capped(shapes):
    # Names in the opposite order to the register codes, and two entries from one
    # council name, so that neither the codes nor the file order can pass for the rule.
    entries = sorted(shapes.entries, key=lambda e: e.council.code)
    renamed = []
    for i, entry in enumerate(entries):
        name = "Same Council" if i < 2 else f"Council {chr(ord('Z') - i)}"
        qs = entry.question_set.model_copy(update={"id": f"set-{'b' if i == 0 else 'a'}"})
        renamed.append(dataclasses.replace(entry, council=dataclasses.replace(entry.council, official_name=name),
                                           question_set=qs))
    catalogue = dataclasses.replace(shapes, entries=renamed)
    stamps = ["2024-05-01T10:00:00+00:00"] * len(renamed)
    stamps[2] = "2024-06-01T10:00:00+01:00"
    dates = dates_at(catalogue, *stamps)
    order = ids(parse(render_feed(catalogue, SITE, "Log", dates)))
    newest = renamed[2]
    assert order[0] == entry_id(newest)
    rest = [renamed[i] for i in reversed(range(3, len(renamed)))] + [renamed[1], renamed[0]]
    assert order[1:] == [entry_id(e) for e in rest]

    root = parse(render_feed(catalogue, SITE, "Log", dates, limit=2))
    assert ids(root) == order[:2]
    assert root.findtext("a:updated", namespaces=NS) == "2024-06-01T09:00:00Z"


def test_published_only_when_history_knows_it(real):
    cov = next(e for e in real.entries if e.path == COVENTRY)
    dates = {cov.path: EntryDates(dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
                                  dt.datetime(2024, 3, 4, 5, 6, 7, tzinfo=UTC), from_git=True)}
    root = parse(render_feed(real, SITE, "Log", dates))
    by_id = {e.findtext("a:id", namespaces=NS): e for e in root.findall("a:entry", NS)}
    known = by_id[entry_id(cov)]
    assert known.findtext("a:published", namespaces=NS) == "2024-01-02T03:04:05Z"
    assert known.findtext("a:updated", namespaces=NS) == "2024-03-04T05:06:07Z"
    other = next(e for e in real.entries if e.path == LEICESTER)
    fallback = by_id[entry_id(other)]
    assert fallback.find("a:published", NS) is None
    assert fallback.findtext("a:updated", namespaces=NS) == history.content_dates(other, REPO).updated.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_empty_catalogue_gives_a_valid_feed_dated_at_the_epoch(schema, real):
    feed = render_feed(dataclasses.replace(real, entries=[]), SITE, "Log", {})
    root = assert_valid(schema, feed)
    assert root.findtext("a:updated", namespaces=NS) == "1970-01-01T00:00:00Z"
    assert root.find("a:entry", NS) is None


# --- dates from content -----------------------------------------------------------------------------

def test_content_dates_prefer_reply_then_received_then_sent_then_file_time(real):
    entry = next(e for e in real.entries if e.path == COVENTRY)
    response, qs = entry.response, entry.question_set

    def with_dates(responded, received, sent):
        r = response.model_copy(update={"dates": response.dates.model_copy(
            update={"responded": responded, "received": received})})
        return dataclasses.replace(entry, response=r, question_set=qs.model_copy(update={"sent": sent}))

    day = dt.date
    midnight = lambda d: dt.datetime(d.year, d.month, d.day, tzinfo=UTC)  # noqa: E731
    cases = [
        ((day(2023, 1, 9), day(2022, 12, 1), day(2022, 11, 1)), midnight(day(2023, 1, 9))),
        ((None, day(2022, 12, 1), day(2022, 11, 1)), midnight(day(2022, 12, 1))),
        ((None, None, day(2022, 11, 1)), midnight(day(2022, 11, 1))),
        ((None, None, None), dt.datetime.fromtimestamp(int((REPO / entry.path).stat().st_mtime), UTC)),
    ]
    for args, expected in cases:
        assert content_dates(with_dates(*args), REPO) == EntryDates(expected, expected, False)


def test_an_undated_uncommitted_response_is_dated_by_its_file_or_the_build_day(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    repo = make_repo(tmp_path / "repo", SHAPES)
    catalogue = load_catalogue(repo)
    entry = catalogue.entries[0]
    undated = dataclasses.replace(entry, response=entry.response.model_copy(update={"dates": Dates()}),
                                  question_set=entry.question_set.model_copy(update={"sent": None}))
    os.utime(repo / entry.path, (1700000000, 1700000000))
    when = dt.datetime.fromtimestamp(1700000000, UTC)
    assert content_dates(undated, repo) == EntryDates(when, when, False)
    feed = parse(render_feed(dataclasses.replace(catalogue, entries=[undated]), SITE, "Log",
                             entry_dates(repo, [undated])))
    assert feed.findtext("a:entry/a:updated", namespaces=NS) == "2023-11-14T22:13:20Z"
    (repo / entry.path).unlink()
    build_day = dt.datetime(2026, 1, 1, tzinfo=UTC)
    assert content_dates(undated, repo) == EntryDates(build_day, build_day, False)
    assert EPOCH not in content_dates(undated, repo)


def test_outside_a_git_repository_dates_come_from_content(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    repo = make_repo(tmp_path / "repo", SHAPES)
    catalogue = load_catalogue(repo)
    dates = entry_dates(repo, catalogue.entries)
    assert dates == {e.path: content_dates(e, repo) for e in catalogue.entries}
    abe = dates["content/responses/abe/ot-waiting-2022.yaml"]  # received only
    assert abe == EntryDates(dt.datetime(2022, 3, 1, tzinfo=UTC), dt.datetime(2022, 3, 1, tzinfo=UTC), False)
    assert dates["content/responses/gre/ot-waiting-2022.yaml"].updated == dt.datetime(2023, 1, 25, tzinfo=UTC)


def test_without_git_dates_come_from_content(real, monkeypatch):
    monkeypatch.setattr(history, "_GIT", ["git-that-is-not-installed-anywhere"])
    assert entry_dates(REPO, real.entries) == {e.path: content_dates(e, REPO) for e in real.entries}


# --- dates from git ---------------------------------------------------------------------------------

def _git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout


FIRST = "2024-02-03T10:20:30+00:00"
SECOND = "2024-05-06T14:00:00+01:00"
THIRD = "2024-07-08T09:00:00+00:00"


@pytest.fixture()
def git_repo(tmp_path, monkeypatch) -> Path:
    """A project in its own git repository: everything committed at FIRST, then the
    Coventry response changed at SECOND."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    repo = make_repo(tmp_path / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Add responses", when=FIRST)
    path = repo / COVENTRY
    path.write_text(path.read_text(encoding="utf-8").replace("reference: FOI473301950", "reference: FOI473301951"),
                    encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "Correct the reference", when=SECOND)
    return repo


def _at(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp).astimezone(UTC)


def test_dates_come_from_the_first_and_last_commit(git_repo, schema):
    catalogue = load_catalogue(git_repo)
    dates = entry_dates(git_repo, catalogue.entries)
    assert dates[COVENTRY] == EntryDates(_at(FIRST), _at(SECOND), True)
    assert dates[LEICESTER] == EntryDates(_at(FIRST), _at(FIRST), True)
    assert entry_dates(git_repo, catalogue.entries) == dates

    root = assert_valid(schema, render_feed(catalogue, SITE, "Log", dates))
    first = root.find("a:entry", NS)
    assert first.findtext("a:id", namespaces=NS) == "tag:foilog,2026:response/cov/ehcp-information-request-2022"
    assert first.findtext("a:published", namespaces=NS) == "2024-02-03T10:20:30Z"
    assert first.findtext("a:updated", namespaces=NS) == "2024-05-06T13:00:00Z"
    assert root.findtext("a:updated", namespaces=NS) == "2024-05-06T13:00:00Z"


def test_history_follows_a_renamed_file(git_repo):
    old = "content/responses/cov/misfiled.yaml"
    _git(git_repo, "mv", LEICESTER, old)
    _git(git_repo, "commit", "-q", "-m", "Misfile", when=SECOND)
    _git(git_repo, "mv", old, LEICESTER)
    _git(git_repo, "commit", "-q", "-m", "File it back", when=THIRD)
    catalogue = load_catalogue(git_repo)
    dates = entry_dates(git_repo, catalogue.entries)
    assert dates[LEICESTER] == EntryDates(_at(FIRST), _at(THIRD), True)


def test_uncommitted_changes_fall_back_to_content_dates(git_repo):
    path = git_repo / COVENTRY
    path.write_text(path.read_text(encoding="utf-8").replace("FOI473301951", "FOI473301952"), encoding="utf-8")
    catalogue = load_catalogue(git_repo)
    dates = entry_dates(git_repo, catalogue.entries)
    cov = next(e for e in catalogue.entries if e.path == COVENTRY)
    assert dates[COVENTRY] == content_dates(cov, git_repo)
    assert dates[COVENTRY].from_git is False
    assert dates[LEICESTER] == EntryDates(_at(FIRST), _at(FIRST), True)

    _git(git_repo, "add", COVENTRY)  # staged but not committed is still uncommitted
    assert entry_dates(git_repo, catalogue.entries)[COVENTRY] == content_dates(cov, git_repo)


def test_a_project_inside_a_larger_repository(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    outer = tmp_path / "outer"
    repo = make_repo(outer / "site", SHAPES)
    _git(outer, "init", "-q", "-b", "main")
    _git(outer, "add", "-A")
    _git(outer, "commit", "-q", "-m", "Add", when=FIRST)
    catalogue = load_catalogue(repo)
    dates = entry_dates(repo, catalogue.entries)
    assert set(dates.values()) == {EntryDates(_at(FIRST), _at(FIRST), True)}
    assert len(dates) == len(catalogue.entries)

    changed = "content/responses/gre/ot-waiting-2022.yaml"
    with open(repo / changed, "a", encoding="utf-8") as fh:
        fh.write("notes: Checked again.\n")
    catalogue = load_catalogue(repo)
    dates = entry_dates(repo, catalogue.entries)
    entry = next(e for e in catalogue.entries if e.path == changed)
    assert dates[changed] == content_dates(entry, repo)
    assert sum(d.from_git for d in dates.values()) == len(catalogue.entries) - 1


def test_shallow_clone_without_the_history_falls_back(git_repo, tmp_path):
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{git_repo}", str(clone))
    assert _git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    catalogue = load_catalogue(clone)
    dates = entry_dates(clone, catalogue.entries)
    assert dates == {e.path: content_dates(e, clone) for e in catalogue.entries}
