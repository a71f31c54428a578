"""A named person's email address or phone number in free text is withheld everywhere the
site shows it (pages, search index, feed, downloads), organisations' mailboxes and lines
are kept, and `publish_personal_contacts` publishes them; `foilog validate` warns of each."""

from __future__ import annotations

import gzip
import html
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, make_repo, page_text
from test_pipeline import several_sets  # noqa: F401  (a fixture)
from generator.load import personal
from generator.generate.incremental import generate_incremental
from generator.driver import read_mkdocs_config
from generator.load.settings import settings_from
from generator.load.catalogue import load_catalogue
from generator.load.personal import WITHHELD_NOTICE, withhold
from generator.load.settings import Settings

GREENWICH = "content/responses/gre/ot-waiting-2022.yaml"
RESPONSE_PAGE = "councils/gre/ot-waiting-2022/index.html"

# An officer's details in the subject (the feed shows it), the introduction, an answer
# (with a value quoting it), and the closing; a named contact with a phone and no email.
PERSONAL_RESPONSE = """\
council: GRE
question_set: ot-waiting-2022
subject: "FOI 4471: reply from Joe.Dawson@royalgreenwich.gov.uk"
dates:
  received: 2022-12-20
  responded: 2023-01-25
outcome: successful
introduction: |
  Thank you for your request. Joe Dawson (Joe.Dawson@royalgreenwich.gov.uk, mobile
  07700 900111) dealt with it. Our team can be reached at foi@royalgreenwich.gov.uk or
  info.requests@royalgreenwich.gov.uk, or on 0300 123 4567.
contacts:
  - name: Priya Shah
    role: OT lead
    phone: 0208 921 5555
answers:
  - questions: [q1]
    outcome: answered
    text: "We received 120 requests. Queries to j.smith@royalgreenwich.gov.uk on 07700 900222."
    values:
      - number: 120
        unit: count
        counting: requests
        quote: "Queries to j.smith@royalgreenwich.gov.uk on 07700 900222."
  - questions: [q7]
    outcome: answered
    text: >-
      Our suppliers are listed below. Ask the OT lead on +44 (0)7700 900456 or
      07700.900.789, or Priya Shah on 020 8921 5555.
closing: |
  For a review write to Sam Patel, sam.patel@royalgreenwich.gov.uk, 07700 900333, or the
  FOI team at foi@royalgreenwich.gov.uk.
"""
PERSONAL = ["Joe.Dawson@royalgreenwich.gov.uk", "07700 900111", "j.smith@royalgreenwich.gov.uk", "07700 900222",
            "+44 (0)7700 900456", "07700.900.789", "0208 921 5555", "020 8921 5555",
            "sam.patel@royalgreenwich.gov.uk", "07700 900333"]
CONTACT_PHONE = "0208 921 5555"
KEPT = ["foi@royalgreenwich.gov.uk", "info.requests@royalgreenwich.gov.uk", "0300 123 4567"]


def personal_repo(where: Path, publish: bool) -> Path:
    repo = make_repo(where, FIXTURES / "shapes" / "content")
    (repo / GREENWICH).write_text(PERSONAL_RESPONSE, encoding="utf-8")
    if publish:
        config = repo / "mkdocs.yml"
        config.write_text(config.read_text().replace("publish_personal_contacts: false",
                                                     "publish_personal_contacts: true"))
    return repo


def site_texts(top: Path) -> dict[str, str]:
    """Every text file under `top` by its path; a gzip-compressed file (the search index's
    chunks, compressed downloads) by its decompressed text, Pagefind's binary chunks by the
    text in them."""

    found = {}
    for path in sorted(top.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            binary = data.startswith(b"pagefind_dcd") and not data.startswith(b"pagefind_dcd{")
            data = data.removeprefix(b"pagefind_dcd")
            try:
                found[path.relative_to(top).as_posix()] = data.decode("utf-8", errors="ignore" if binary else "strict")
            except UnicodeDecodeError:
                continue
    return found


def indexed_text(texts: dict[str, str]) -> str:
    """The pages' text as the search index holds it, to show a reader."""
    return "\n".join(text for name, text in texts.items() if name.startswith("pagefind/fragment/"))


def leaks(texts: dict[str, str]) -> list[tuple[str, str]]:
    """(file, detail) for every named person's detail a file shows, as written or with its
    white space folded (as a page may fold a line break), character references decoded."""
    return [(name, detail) for name, text in texts.items() for detail in PERSONAL
            if detail in html.unescape(text) or detail in " ".join(html.unescape(text).split())]


def build_site_of(repo: Path) -> dict[str, str]:
    from generator.driver import build_site

    return site_texts(build_site(repo))


@pytest.fixture(scope="module")
def withheld_site(tmp_path_factory) -> dict[str, str]:
    return build_site_of(personal_repo(tmp_path_factory.mktemp("withheld"), publish=False))


@pytest.fixture(scope="module")
def published_site(tmp_path_factory) -> dict[str, str]:
    return build_site_of(personal_repo(tmp_path_factory.mktemp("published"), publish=True))


def test_no_named_persons_detail_is_anywhere_in_the_built_site(withheld_site):
    assert {"feed.xml", "data/answers.csv.gz", "data/answers.json.gz", RESPONSE_PAGE} <= set(withheld_site)
    assert "Joe Dawson" in indexed_text(withheld_site)
    assert leaks(withheld_site) == []


def test_the_withheld_words_are_where_the_details_were(withheld_site):
    page = page_text(withheld_site[RESPONSE_PAGE])
    assert "Joe Dawson (withheld by this site (personal data), mobile withheld by this site (personal data))" in page
    assert "Sam Patel, withheld by this site (personal data), withheld by this site (personal data), or the" in page
    assert "or Priya Shah on withheld by this site (personal data)." in page
    for name in ("feed.xml", "data/answers.csv.gz", "data/answers.json.gz"):
        assert WITHHELD_NOTICE in withheld_site[name], name
    assert WITHHELD_NOTICE in indexed_text(withheld_site)


def test_organisations_mailboxes_and_lines_stay(withheld_site):
    page = page_text(withheld_site[RESPONSE_PAGE])
    for detail in KEPT:
        assert detail in page


def test_the_setting_publishes_them(published_site):
    page = page_text(published_site[RESPONSE_PAGE])
    for detail in PERSONAL:
        assert detail in page, detail
    assert "07700.900.789" in published_site["data/answers.csv.gz"]
    assert WITHHELD_NOTICE not in published_site["data/answers.csv.gz"]


def test_a_leak_is_seen_when_the_rule_misses_mobiles(tmp_path, monkeypatch):
    monkeypatch.setattr(personal, "MOBILE_RE", re.compile(r"(?!)"))
    repo = personal_repo(tmp_path / "repo", publish=False)
    generate_incremental(repo, repo / "build" / "docs", settings_from(read_mkdocs_config(repo)))
    assert ("data/answers.csv.gz", "07700.900.789") in leaks(site_texts(repo / "build" / "docs"))


def test_a_change_of_the_setting_generates_again(tmp_path):
    repo = personal_repo(tmp_path / "repo", publish=False)
    docs = repo / "build" / "docs"
    answers = docs / "data" / "answers.csv.gz"
    generate_incremental(repo, docs, Settings(publish_personal_contacts=False))
    assert b"07700.900.789" not in gzip.decompress(answers.read_bytes())
    again = generate_incremental(repo, docs, Settings(publish_personal_contacts=True))
    assert not again.unchanged and b"07700.900.789" in gzip.decompress(answers.read_bytes())
    generate_incremental(repo, docs, Settings(publish_personal_contacts=False))
    assert b"07700.900.789" not in gzip.decompress(answers.read_bytes())


def test_each_is_warned_of_at_its_line_and_column(tmp_path):
    repo = personal_repo(tmp_path / "repo", publish=False)
    warnings = load_catalogue(repo).warnings
    source = (repo / GREENWICH).read_text(encoding="utf-8")
    # Each time the file writes one, but the contact's own phone: that is data, not free
    # text, and withheld by the contacts rule.
    expected = [d for d in PERSONAL for _ in range(source.count(d)) if d != CONTACT_PHONE]
    assert sorted(w.message.rsplit(": ", 1)[1] for w in warnings) == sorted(expected)
    lines = source.splitlines()
    for warning in warnings:
        assert lines[warning.line - 1][warning.column - 1:].startswith(warning.message.rsplit(": ", 1)[1])
        assert WITHHELD_NOTICE in warning.hint


# --- the rule on a file's raw data -----------------------------------------------------------

# Every field of a response that holds words, by where it is in a file.
FREE_TEXT = [
    ("subject",), ("introduction",), ("closing",), ("notes",), ("dates", "events", 0, "note"),
    ("reuse", "wording"), ("reuse", "attribution"), ("source", "via"), ("source", "attachments", 0, "title"),
    ("answers", 0, "text"), ("answers", 0, "note"), ("answers", 0, "attachment"),
    ("answers", 0, "redirect_to", 0, "name"), ("answers", 0, "values", 0, "quote"),
    ("answers", 0, "values", 0, "counting"), ("answers", 0, "values", 0, "per"),
    ("answers", 0, "values", 0, "choice"), ("answers", 0, "values", 0, "period"),
] + [(*where, "contacts", 0, key) for where in ((), ("answers", 0))
     for key in ("name", "role", "team", "organisation", "address")]


def placed(loc: tuple, text: str) -> dict:
    """A response's raw data holding `text` at `loc` alone (every list position 0)."""
    value: object = text
    for key in reversed(loc):
        value = [value] if isinstance(key, int) else {key: value}
    return value


def at(data, loc: tuple):
    for key in loc:
        data = data[key]
    return data


@pytest.mark.parametrize("loc", FREE_TEXT, ids=lambda loc: ".".join(map(str, loc)))
def test_every_free_text_field_is_withheld(loc):
    data = placed(loc, "Call Jo Bloggs on 07700 900456 or jo.bloggs@example.gov.uk.")
    details = withhold(data)
    assert at(data, loc) == f"Call Jo Bloggs on {WITHHELD_NOTICE} or {WITHHELD_NOTICE}."
    assert [d.loc for d in details] == [loc, loc]


@pytest.mark.parametrize("written", ["07700 900456", "+44 (0)7700 900456", "07700.900.789", "+447700900456",
                                     "0044 7700 900456", "07700-900-456", "(07700) 900456"])
def test_mobiles_however_written(written):
    data = {"answers": [{"text": f"Ring {written} today."}]}
    withhold(data)
    assert data["answers"][0]["text"] == f"Ring {WITHHELD_NOTICE} today."


@pytest.mark.parametrize("text", [
    "Direct line: 0116 454 2222.", "DDI 0116 454 2222", "Ext. 0116 454 2222", "Call 0116 454 2222 (direct line).",
    "Jo Bloggs, jo.bloggs@example.gov.uk, 0116 454 2222", "Tel (direct): 0116 454 2222",
])
def test_a_landline_beside_a_person_is_withheld(text):
    data = {"closing": text}
    withhold(data)
    assert "0116 454 2222" not in data["closing"] and WITHHELD_NOTICE in data["closing"]


@pytest.mark.parametrize("text", [
    "Email foi@example.gov.uk, info.requests@example.gov.uk, infogov@example.gov.uk or enquiries@example.gov.uk.",
    "Write to customer.services@example.gov.uk, sendteam@example.gov.uk or icocasework@ico.org.uk.",
    "Call 0300 123 4567, 0800 123 4567 or the switchboard on 0116 454 1000.",
    "Figures: 2021/22, 01/04/2021, 0.5 and 0 1 2 3 4 5 6 7 8 9.",
])
def test_organisations_details_and_figures_stay(text):
    data = {"introduction": text}
    assert withhold(data) == [] and data["introduction"] == text


@pytest.mark.parametrize("extension", ["ext 2345", "ext. 2345", "extension 2345", "x2345", "(ext 2345)", ", ext 2345"])
def test_a_number_with_an_extension_is_withheld_with_it_and_the_switchboard_alone_stays(extension):
    data = {"closing": f"Call Jo on 0116 454 1000 {extension}. Switchboard: 0116 454 1000."}
    withhold(data)
    assert data["closing"] == f"Call Jo on {WITHHELD_NOTICE}. Switchboard: 0116 454 1000."


def test_what_a_team_contact_gives_stays_and_a_named_contacts_phone_goes():
    data = {"contacts": [{"team": "OT team", "phone": "07700 900999"}, {"name": "Jo Bloggs", "phone": "0116 454 3333"}],
            "closing": "The OT team is on 07700 900999; Jo on (0116) 4543333."}
    withhold(data)
    assert data["closing"] == f"The OT team is on 07700 900999; Jo on {WITHHELD_NOTICE}."


def test_a_number_withheld_in_an_answer_is_withheld_in_the_words_a_value_quotes():
    # The label makes the landline a person's; the value quotes the number without it.
    data = {"answers": [{"text": "Direct line: 0116 454 2222", "values": [{"quote": "0116 454 2222"}]}]}
    withhold(data)
    assert data["answers"][0]["values"][0]["quote"] == WITHHELD_NOTICE
    assert data["answers"][0]["values"][0]["quote"] in data["answers"][0]["text"]


def test_validate_says_the_setting_publishes_them(tmp_path):
    warnings = load_catalogue(personal_repo(tmp_path / "repo", publish=True), publish_personal_contacts=True).warnings
    assert warnings and all("publishes it" in w.hint and WITHHELD_NOTICE not in w.hint for w in warnings)


def test_withholding_is_off_when_the_setting_publishes():
    data = {"notes": "Jo: 07700 900456"}
    assert [d.written for d in withhold(data, publish_personal_contacts=True)] == ["07700 900456"]
    assert data["notes"] == "Jo: 07700 900456"


def test_the_real_contents_mailboxes_are_organisations(tmp_path):
    from conftest import REPO

    shutil.copytree(REPO / "content", tmp_path / "content")
    assert load_catalogue(tmp_path).warnings == []


def test_every_process_of_a_log_cut_by_question_set_reads_the_setting(tmp_path, several_sets, monkeypatch):
    from test_pipeline import SET_DAY, workers
    from test_split import _spy

    monkeypatch.setenv("SOURCE_DATE_EPOCH", SET_DAY)
    repo = make_repo(tmp_path / "repo", several_sets)
    for path in (repo / "content" / "responses").rglob("*.yaml"):
        with path.open("a", encoding="utf-8") as fh:
            fh.write("notes: Checked with Jo Bloggs on 07700 900456.\n")
    calls = _spy(monkeypatch)
    workers(monkeypatch, 2)
    for publish in (False, True):
        docs = tmp_path / f"docs-{publish}"
        generate_incremental(repo, docs, Settings(publish_personal_contacts=publish))
        pages = [text for name, text in site_texts(docs).items() if name.startswith("councils/") and "Jo Bloggs" in text]
        assert len(pages) == len(list((repo / "content" / "responses").rglob("*.yaml")))
        assert all(("07700 900456" in page) is publish and (WITHHELD_NOTICE in page) is not publish for page in pages)
    assert len(calls) == 2 and all(all(run) for run in calls)  # cut into runs, each with responses


def test_a_number_that_is_an_addresss_mailbox_is_withheld_once_with_it():
    data = {"notes": "Texts to 07700900456@sms.example.com reach Jo."}
    assert [d.written for d in withhold(data)] == ["07700900456@sms.example.com"]
    assert data["notes"] == f"Texts to {WITHHELD_NOTICE} reach Jo."


def test_a_detail_split_over_two_lines_is_warned_of_at_its_own_value(tmp_path):
    repo = personal_repo(tmp_path / "repo", publish=False)
    path = repo / GREENWICH
    # Folded over two lines in the closing (written with its line break) and in an
    # answer (read as one line), and written whole only in a later field.
    text = path.read_text(encoding="utf-8").replace("07700 900333, or the", "07700\n  900333, or the")
    text = text.replace("lead on +44 (0)7700 900456 or", "lead on +44 (0)7700\n      900456 or")
    path.write_text(text + "notes: Sam is on 07700 900333, Jo on +44 (0)7700 900456.\n", encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [w for w in load_catalogue(repo).warnings if w.message.endswith(("900333", "900456"))]
    assert [lines[w.line - 1].split(":")[0].strip() for w in found] == ["text", "closing", "notes", "notes"]
    assert leaks({"page": page_text(build_site_of(repo)[RESPONSE_PAGE])}) == []
