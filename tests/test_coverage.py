"""Coverage of a question set: which authorities it was meant for on which day, which have
replied (themselves or through a successor), who else replied, and the WhatDoTheyKnow links
that ask the rest. Known answers are worked out by hand from the register
(tests/fixtures/coverage holds a small content tree)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import FIXTURES, REPO
from generator.load.catalogue import Catalogue, load_catalogue
from generator.analyse.asking import MAX_URL_LENGTH, ask_links, request_letter, wdtk_request_url
from generator.analyse.coverage import (Coverage, Covered, councils_meant_for, coverage_for, describe_audience,
                                        reference_date, sets_missing_from)
from generator.load.models import Audience, QuestionSet
from generator.load.register import Register, load_register
from generator.load.succession import all_successors, existed_on, last_day, successors_on

TODAY = dt.date(2026, 11, 22)
EDUCATION = ["county", "unitary", "metropolitan_district", "london_borough", "city_corporation"]
ENGLAND_EDUCATION = Audience(nations=["England"], types=EDUCATION)


@pytest.fixture(scope="module")
def register() -> Register:
    return load_register()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(FIXTURES / "coverage", today=TODAY)


def codes(councils) -> list[str]:
    return [c.code for c in councils]


def question_set(**fields) -> QuestionSet:
    data = {"id": "test-set", "title": "Test set", "questions": [{"id": "q1", "text": "A question?"}]}
    data.update(fields)
    return QuestionSet.model_validate(data)


# --- which authorities existed on a day ----------------------------------------------------------


def test_education_authorities_in_england_on_1_december_2022_are_152(register):
    meant = councils_meant_for(register, ENGLAND_EDUCATION, dt.date(2022, 12, 1))
    assert len(meant) == 152
    found = set(codes(meant))
    # Before the April 2023 reorganisations: the three county councils, not their successors.
    assert {"CMA", "NYK", "SOM"} <= found
    assert not {"CBD", "WAF", "NYE", "SMT"} & found
    # Northamptonshire was already gone (April 2021); the City of London and Isles of Scilly count.
    assert "NTH" not in found and {"NNT", "WNT", "LND", "IOS"} <= found
    assert {c.type_code for c in meant} == {"CTY", "UA", "MD", "LBO", "CC"}
    assert {c.nation for c in meant} == {"England"}


def test_education_authorities_in_england_today_are_153(register):
    meant = councils_meant_for(register, ENGLAND_EDUCATION, TODAY)
    # Three county councils went, four unitary authorities came: 152 - 3 + 4.
    assert len(meant) == 153
    found = set(codes(meant))
    assert {"CBD", "WAF", "NYE", "SMT"} <= found
    assert not {"CMA", "NYK", "SOM"} & found


def test_dorset_before_and_after_1_april_2019(register):
    before = set(codes(councils_meant_for(register, ENGLAND_EDUCATION, dt.date(2019, 3, 31))))
    after = set(codes(councils_meant_for(register, ENGLAND_EDUCATION, dt.date(2019, 4, 1))))
    assert {"DOR", "BMH", "POL"} <= before and not {"DST", "BPC"} & before
    assert {"DST", "BPC"} <= after and not {"DOR", "BMH", "POL"} & after
    # Dorset County, Bournemouth and Poole (three) became Dorset Council and BCP (two).
    assert len(before) - len(after) == 1


@pytest.mark.parametrize("code, last", [
    ("DOR", dt.date(2019, 3, 31)),   # end date written as the last day
    ("BKM", dt.date(2020, 3, 31)),
    ("NIR-A", dt.date(2015, 3, 31)),  # no successor named: the end date is the last day
    ("NTH", dt.date(2021, 3, 31)),   # end date written as the successors' first day
    ("CMA", dt.date(2023, 3, 31)),
    ("SWT", dt.date(2023, 3, 31)),
    ("COV", None),
])
def test_last_day_reads_both_ways_the_register_writes_end_dates(register, code, last):
    council = register.get(code)
    assert last_day(council, register) == last
    if last is not None:
        assert existed_on(council, last, register)
        assert not existed_on(council, last + dt.timedelta(days=1), register)


def test_on_every_day_around_a_reorganisation_exactly_one_of_predecessor_and_successor_exists(register):
    checked = 0
    for council in register.councils.values():
        last = last_day(council, register)
        if last is None or not council.replaced_by:
            continue
        for offset in (-1, 0, 1, 2):
            day = last + dt.timedelta(days=offset)
            old = existed_on(council, day, register)
            for successor in (register.get(c) for c in council.replaced_by):
                assert old != existed_on(successor, day, register), (council.code, successor.code, day)
            checked += 1
    assert checked >= 4 * 45


def test_an_authority_not_current_without_an_end_date(register):
    new = dataclasses.replace(register.get("COV"), code="NEWX", start_date="2020-01-01")
    old = dataclasses.replace(register.get("COV"), code="OLDX", end_date="", current=False, replaced_by=("NEWX",))
    lost = dataclasses.replace(register.get("COV"), code="LOSTX", end_date="", current=False, replaced_by=())
    reg = Register({"NEWX": new, "OLDX": old, "LOSTX": lost})
    assert existed_on(old, dt.date(2019, 12, 31), reg) and not existed_on(old, dt.date(2020, 1, 1), reg)
    assert existed_on(new, dt.date(2020, 1, 1), reg)
    # Nothing places it in time, so it is never counted.
    assert not existed_on(lost, dt.date(2010, 1, 1), reg) and not existed_on(lost, TODAY, reg)


def test_successors_are_followed_through_later_reorganisations(register):
    taunton = register.get("TAU")
    assert codes(all_successors(taunton, register)) == ["SWT", "SMT"]
    assert codes(successors_on(taunton, dt.date(2020, 1, 1), register)) == ["SWT"]
    assert codes(successors_on(taunton, TODAY, register)) == ["SMT"]
    assert codes(successors_on(register.get("CMA"), TODAY, register)) == ["CBD", "WAF"]


def test_the_reference_date_and_where_it_came_from():
    sent = question_set(sent="2022-11-14", sent_to={"nations": ["England"], "as_of": "2022-12-01"})
    as_of = question_set(sent_to={"nations": ["England"], "as_of": "2022-12-01"})
    neither = question_set(sent_to={"nations": ["England"]})
    assert reference_date(sent, TODAY) == (dt.date(2022, 11, 14), "sent")
    assert reference_date(as_of, TODAY) == (dt.date(2022, 12, 1), "as_of")
    assert reference_date(neither, TODAY) == (TODAY, "today")
    year = question_set(year=2019, sent_to={"nations": ["England"]})
    assert reference_date(year, TODAY) == (dt.date(2019, 4, 1), "year")
    # A known day wins over the year.
    assert reference_date(question_set(year=2022, sent_to={"as_of": "2022-12-01"}), TODAY)[1] == "as_of"


# --- the audience ------------------------------------------------------------------------------


def test_include_and_exclude(register):
    day = dt.date(2024, 1, 1)
    wales = councils_meant_for(register, Audience(nations=["Wales"], types=["welsh_unitary"]), day)
    assert len(wales) == 22
    changed = councils_meant_for(
        register, Audience(nations=["Wales"], types=["welsh_unitary"], include=["LND"], exclude=["CRF"]), day)
    assert len(changed) == 22
    assert "LND" in codes(changed) and "CRF" not in codes(changed)
    # Only names: exactly those, in name order.
    assert codes(councils_meant_for(register, Audience(include=["COV", "CHI"]), day)) == ["CHI", "COV"]
    # A named authority that did not exist on the day is not meant.
    assert councils_meant_for(register, Audience(include=["DOR"]), dt.date(2020, 1, 1)) == []


def test_the_audience_in_words():
    assert describe_audience(Audience(description="Education authorities in England")) == \
        "Education authorities in England"
    assert describe_audience(Audience(nations=["England"], types=["county", "unitary"])) == \
        "County councils and unitary authorities in England"
    assert describe_audience(Audience(include=["COV"])) == "The authorities named"


# --- coverage ------------------------------------------------------------------------------------


def test_a_set_without_an_audience_has_no_coverage(catalogue):
    assert coverage_for(catalogue, catalogue.question_sets["no-audience-2023"], TODAY) is None


def test_coverage_of_a_set_sent_in_2022(catalogue):
    cov = coverage_for(catalogue, catalogue.question_sets["ot-provision-2022"], TODAY)
    assert (cov.reference_date, cov.date_basis) == (dt.date(2022, 11, 14), "sent")
    assert "14 November 2022" in cov.date_note
    assert cov.description == "Education authorities in England"
    assert len(cov.intended) == 152
    # Coventry and the City of London replied; Cumbria, abolished since, through Cumberland.
    assert [(c.code, e.council.code) for c, e in cov.covered] == [("LND", "LND"), ("COV", "COV"), ("CMA", "CBD")]
    assert len(cov.missing) == 149
    assert "CMA" not in codes(cov.missing) and "NYK" in codes(cov.missing)
    # A district council and an NHS trust replied too, outside the audience; Cumberland's
    # reply is counted for Cumbria, so it is not listed again.
    assert [e.council.code for e in cov.also_replied] == ["CHI", "CWPT"]
    assert cov.percent == 2.0 and cov.percent_text == "2%"  # 3 / 152 = 1.97…


def test_a_set_without_a_sent_date_uses_todays_councils(register):
    qs = question_set(sent_to={"nations": ["England"], "types": EDUCATION})
    cov = coverage_for(Catalogue(register, {qs.id: qs}, []), qs, TODAY)
    assert cov.date_basis == "today" and "sent date not known" in cov.date_note
    assert len(cov.intended) == 153 and cov.covered == [] and cov.percent == 0.0


def test_a_successor_reply_does_not_count_for_a_council_that_still_exists(register, catalogue):
    # Sent in June 2023, the set is meant for Cumberland and Westmorland and Furness
    # themselves: Cumberland's reply covers Cumberland only.
    qs = catalogue.question_sets["ot-provision-2022"]
    cbd = next(e for e in catalogue.entries if e.council.code == "CBD")
    later = qs.model_copy(update={"sent": dt.date(2023, 6, 1)})
    cov = coverage_for(Catalogue(register, {qs.id: later}, [dataclasses.replace(cbd, question_set=later)]), later, TODAY)
    assert [(c.code, e.council.code) for c, e in cov.covered] == [("CBD", "CBD")]
    assert "WAF" in codes(cov.missing) and cov.also_replied == []


def test_an_abolished_council_with_no_reply_is_missing_and_asked_through_its_successors(catalogue):
    qs = catalogue.question_sets["ot-provision-2022"]
    cov = coverage_for(catalogue, qs, TODAY)
    north_yorkshire = next(c for c in cov.missing if c.code == "NYK")
    [link] = cov.ask_links(north_yorkshire, TODAY)
    assert link.council.code == "NYE" and link.instead_of.code == "NYK"
    assert "North Yorkshire County Council was replaced by North Yorkshire Council in 2023" in link.note
    # The register has no WhatDoTheyKnow id for North Yorkshire Council: no link, and it says so.
    assert link.url is None and "no WhatDoTheyKnow id" in link.note

    cumbria = catalogue.register.get("CMA")
    links = ask_links(cumbria, qs, catalogue.register, TODAY)
    assert [(l.council.code, l.instead_of.code, l.url) for l in links] == [("CBD", "CMA", None), ("WAF", "CMA", None)]
    assert "replaced by Westmorland and Furness Council" in links[1].note


def test_named_bodies_outside_the_register_can_be_meant(catalogue):
    cov = coverage_for(catalogue, catalogue.question_sets["named-bodies-2024"], TODAY)
    assert codes(cov.intended) == ["COV", "CWPT"]
    assert [c.code for c, _ in cov.covered] == ["CWPT"] and codes(cov.missing) == ["COV"]
    assert cov.percent_text == "50%"
    # They are meant only by name, never by nation or kind.
    england = councils_meant_for(catalogue.register, Audience(nations=["England"]), dt.date(2024, 2, 1))
    assert "COV" in codes(england) and "CWPT" not in codes(england)


def test_sets_missing_from_a_council(catalogue):
    reg = catalogue.register
    later = catalogue.question_sets["named-bodies-2024"]
    assert sets_missing_from(catalogue, reg.get("NYK"), TODAY) == [catalogue.question_sets["ot-provision-2022"]]
    assert sets_missing_from(catalogue, reg.get("COV"), TODAY) == [later]
    assert sets_missing_from(catalogue, reg.get("CMA"), TODAY) == []  # covered by Cumberland
    assert sets_missing_from(catalogue, reg.get("CHI"), TODAY) == []  # never meant
    assert sets_missing_from(catalogue, reg.get("CBD"), TODAY) == []  # did not exist in 2022


def _reply(outcome: str = "successful"):
    """A stand-in for a response in the log: coverage reads only its outcome."""
    return SimpleNamespace(response=SimpleNamespace(outcome=outcome))


def _coverage(register, intended: int, replied: int, awaiting: int = 0) -> Coverage:
    council = register.get("COV")
    covered = [Covered(council, _reply())] * replied + [Covered(council, _reply("waiting_response"))] * awaiting
    return Coverage(question_set(sent_to={}), TODAY, "today", [council] * intended,
                    covered, [council] * (intended - replied - awaiting), [], register)


@pytest.mark.parametrize("intended, replied, awaiting, percent, text", [
    (3, 1, 0, 33.3, "33.3%"),
    (2, 1, 0, 50.0, "50%"),
    (152, 1, 0, 0.7, "0.7%"),
    (4, 4, 0, 100.0, "100%"),
    (3000, 2999, 0, 99.9, "99.9%"),  # 99.97 would round to 100 with one still missing
    (3000, 1, 0, 0.1, "0.1%"),       # 0.03 would round to 0 with one replied
    (5, 0, 0, 0.0, "0%"),
    (0, 0, 0, None, ""),
    (4, 3, 1, 75.0, "75%"),          # a response still awaited is not a reply
    (3000, 2999, 1, 99.9, "99.9%"),  # nor does it round the rest up to all
    (2, 0, 2, 0.0, "0%"),
])
def test_percent(register, intended, replied, awaiting, percent, text):
    cov = _coverage(register, intended, replied, awaiting)
    assert cov.percent == percent and cov.percent_text == text


def test_replies_awaiting_and_not_in_this_log_are_counted_apart(register):
    cov = _coverage(register, 5, 1, 3)
    assert (len(cov.replied), len(cov.awaiting), len(cov.missing)) == (1, 3, 1)
    assert cov.figures_text == ("1 of the 5 authorities it was meant for has replied (20%); "
                                "3 are awaiting a response; 1 is not in this log.")
    assert _coverage(register, 1, 0, 1).figures_text == (
        "0 of the 1 authority it was meant for have replied (0%); 1 is awaiting a response; 0 are not in this log.")


def test_a_response_awaiting_the_councils_reply_is_not_counted_as_one():
    catalogue = load_catalogue(FIXTURES / "compare", today=TODAY)
    cov = coverage_for(catalogue, catalogue.question_sets["ot-waits-2023"], TODAY)
    # 32 London boroughs; Camden replied, Hackney's response awaits its reply.
    assert len(cov.intended) == 32
    assert [c.council.code for c in cov.replied] == ["CMD"]
    assert [c.council.code for c in cov.awaiting] == ["HCK"]
    assert len(cov.missing) == 30 and "HCK" not in codes(cov.missing)
    assert cov.percent_text == "3.1%"


def test_dates_before_the_registers_history_are_flagged(register):
    cov = _coverage(register, 1, 0)
    assert not cov.register_incomplete
    assert not dataclasses.replace(cov, reference_date=dt.date(2009, 4, 1)).register_incomplete
    assert dataclasses.replace(cov, reference_date=dt.date(2009, 3, 31)).register_incomplete


def test_missing_by_region(register):
    cov = dataclasses.replace(_coverage(register, 0, 0),
                              missing=[register.get(c) for c in ("COV", "LND", "BIR", "CMA", "TAU", "ABE")])
    assert [(region, codes(councils)) for region, councils in cov.missing_by_region()] == [
        ("London", ["LND"]),
        ("North West", ["CMA"]),
        ("Scotland", ["ABE"]),
        ("South West", ["TAU"]),  # no region in the register: its successor's
        ("West Midlands", ["BIR", "COV"]),
    ]


# --- links to WhatDoTheyKnow ---------------------------------------------------------------------


SMALL = question_set(
    title="OT waits & costs",
    questions=[
        {"id": "q1", "number": "1", "text": "How many children wait?"},
        {"id": "q2", "number": "2", "text": "Costs:", "parts": [
            {"id": "q2a", "number": "a", "text": "Per assessment"},
            {"id": "q2b", "number": "2b", "text": "Per session"},
        ]},
    ],
)


def test_the_letter_numbers_questions_and_parts():
    assert request_letter(SMALL) == (
        "Please provide the following information.\n\n"
        "1. How many children wait?\n\n"
        "2. Costs:\n2a. Per assessment\n2b. Per session"
    )
    unnumbered = question_set(questions=[
        {"id": "q1", "text": "First?"},
        {"id": "q2", "heading": "Staff", "text": "Second?", "parts": [{"id": "q2x", "text": "part"}]},
        {"id": "q3", "heading": "Staff", "text": "Third?"},
    ])
    assert request_letter(unnumbered) == (
        "Please provide the following information.\n\n1. First?\n\nStaff\n\n2. Second?\n2a. part\n\n3. Third?"
    )


def test_the_link_for_coventry_is_exactly_right(register):
    [link] = ask_links(register.get("COV"), SMALL, register, TODAY)
    assert link.council.code == "COV" and link.instead_of is None and link.letter_included
    assert link.note == ""
    assert link.url == (
        "https://www.whatdotheyknow.com/new/141"
        "?title=OT%20waits%20%26%20costs"
        "&default_letter=Please%20provide%20the%20following%20information.%0A%0A"
        "1.%20How%20many%20children%20wait%3F%0A%0A"
        "2.%20Costs%3A%0A2a.%20Per%20assessment%0A2b.%20Per%20session"
        "&tags=foilog"
    )


def test_an_abolished_council_is_asked_through_its_successor_when_it_has_an_id(register):
    [link] = ask_links(register.get("DOR"), SMALL, register, TODAY)
    assert link.council.code == "DST" and link.instead_of.code == "DOR"
    assert link.url.startswith("https://www.whatdotheyknow.com/new/91365?title=")
    assert "Dorset County Council was replaced by Dorset Council in 2019" in link.note


def test_no_id_means_no_link_never_a_guessed_one(register):
    [cumberland] = ask_links(register.get("CBD"), SMALL, register, TODAY)
    assert cumberland.url is None and "Cumberland Council has no WhatDoTheyKnow id" in cumberland.note
    # Still a way to ask: a search for its name on WhatDoTheyKnow's new-request page.
    assert cumberland.search_url == "https://www.whatdotheyknow.com/select_authority?query=Cumberland%20Council"
    odd = dataclasses.replace(register.get("COV"), wdtk_id="coventry_city_council")
    [link] = ask_links(odd, SMALL, Register({"COV": odd}), TODAY)
    assert link.url is None
    with pytest.raises(ValueError):
        wdtk_request_url("141/../admin", "t", "l")


def test_hostile_question_text_stays_inside_the_encoded_query(register):
    nasty = '"Quoted" <script>alert(\'x\')</script> & more=1?#frag\n\tnext line; 100% /../'
    qs = question_set(title='Title "with" <b>tags</b> & #hash', questions=[{"id": "q1", "number": "1", "text": nasty}])
    [link] = ask_links(register.get("COV"), qs, register, TODAY)
    url = link.url
    for bad in (" ", '"', "'", "<", ">", "\n", "\t", "#"):
        assert bad not in url, bad
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.whatdotheyknow.com", "/new/141")
    query = parse_qs(parts.query, strict_parsing=True)
    assert set(query) == {"title", "default_letter", "tags"}
    assert query["title"] == ['Title "with" <b>tags</b> & #hash']
    assert query["default_letter"] == ["Please provide the following information.\n\n1. " + nasty.split("\n")[0]
                                       + "\n" + nasty.split("\n")[1]]
    assert query["tags"] == ["foilog"]


def test_a_letter_too_long_for_a_link_is_left_out(register):
    qs = question_set(questions=[{"id": f"q{i}", "text": "How many children are waiting? " * 5} for i in range(60)])
    [link] = ask_links(register.get("COV"), qs, register, TODAY)
    assert not link.letter_included and "too long" in link.note
    assert len(link.url) <= MAX_URL_LENGTH
    assert parse_qs(urlsplit(link.url).query).keys() == {"title", "tags"}


# --- the real content ----------------------------------------------------------------------------


def test_the_real_2022_request_is_meant_for_152_authorities():
    catalogue = load_catalogue(REPO, today=TODAY)
    cov = coverage_for(catalogue, catalogue.question_sets["ehcp-information-request-2022"], TODAY)
    assert cov.date_basis == "as_of" and cov.reference_date == dt.date(2022, 12, 1)
    assert len(cov.intended) == 152
    assert ("COV", "COV") in [(c.code, e.council.code) for c, e in cov.covered]


def test_a_successor_reply_counts_only_once_the_council_it_replaced_is_gone(catalogue):
    # Seen on 1 January 2023, Cumbria County Council still existed: Cumberland's reply is
    # Cumberland's own, outside the audience, and Cumbria has not replied.
    cov = coverage_for(catalogue, catalogue.question_sets["ot-provision-2022"], dt.date(2023, 1, 1))
    assert "CMA" in codes(cov.missing)
    assert [e.council.code for e in cov.also_replied] == ["CHI", "CBD", "CWPT"]
    [link] = cov.ask_links(catalogue.register.get("CMA"), dt.date(2023, 1, 1))
    assert link.council.code == "CMA" and link.instead_of is None
    assert link.url.startswith("https://www.whatdotheyknow.com/new/147?")


def test_the_real_2019_request_is_meant_for_the_councils_of_1_april_2019():
    catalogue = load_catalogue(REPO, today=TODAY)
    qs = catalogue.question_sets["ehcp-ot-provision-2019"]
    cov = coverage_for(catalogue, qs, TODAY)
    assert (cov.reference_date, cov.date_basis) == (dt.date(2019, 4, 1), "year")
    assert "sent in 2019 (date not recorded)" in cov.date_note and "1 April 2019" in cov.date_note
    found = set(codes(cov.intended))
    # Northamptonshire (to 2021) and Cumbria (to 2023) were there; their successors were not.
    assert {"NTH", "CMA", "BKM", "DST", "BPC"} <= found
    assert not {"NNT", "WNT", "CBD", "WAF", "BUC", "DOR"} & found
    # 152 on 1 December 2022, less one: Northamptonshire became two councils in 2021, and
    # Buckinghamshire's county council became one unitary council in 2020.
    assert len(cov.intended) == 151
    # The downloads say the same.
    from exports_oracle import export_files

    package = json.loads(export_files(catalogue)["data/datapackage.json"])
    [described] = [r["description"] for r in package["resources"] if r["name"] == "set-ehcp-ot-provision-2019-csv"]
    assert "Meant for: Education authorities in England; sent in 2019 (date not recorded): the authorities " \
           "that existed on 1 April 2019" in described
