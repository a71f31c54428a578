"""The model carries every shape of real answer listed in DOMAIN.md ("Real answers are
messy"), proved on a fixture content tree with one response per shape."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, page_text
from generator.analyse.analysis import answers_to, comparison_rows, resolved_outcome
from generator.load.catalogue import load_catalogue
from generator.load.register import load_register
from generator.analyse.formatting import format_value

SHAPES = FIXTURES / "shapes"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(SHAPES)


def entry(catalogue, code):
    return next(e for e in catalogue.entries if e.council.code == code)


def page(site, code):
    return page_text((site / f"councils/{code.lower()}/ot-waiting-2022/index.html").read_text(encoding="utf-8"))


def test_outcome_differs_per_question_with_sections_as_data(catalogue):
    leeds = entry(catalogue, "LDS")
    by_q = {a.questions[0]: a for a in leeds.response.answers}
    assert by_q["q1"].outcome == "answered"
    assert (by_q["q5"].outcome, by_q["q5"].sections) == ("refused", ["40(2)"])
    assert (by_q["q7b"].outcome, by_q["q7b"].sections) == ("refused", ["43(2)"])
    assert (by_q["q10"].outcome, by_q["q10"].sections) == ("refused", ["22"])
    carlisle = {a.questions[0]: a for a in entry(catalogue, "CAR").response.answers}
    assert (carlisle["q1"].outcome, carlisle["q1"].sections) == ("refused", ["12"])


def test_redirect_to_another_body_and_one_statement_for_many_questions(catalogue, shapes_site):
    adur = entry(catalogue, "ADU")
    (answer,) = adur.response.answers
    assert answer.outcome == "redirected" and answer.redirect_to[0].name == "West Sussex County Council"
    qs = adur.question_set
    assert all(answers_to(adur, q.id) == [answer] for q in qs.all_questions())
    text = page(shapes_site, "ADU")
    assert text.count("Questions 1-10. Adur District Council is not the education authority.") == 1


def test_see_another_answer_and_as_stated_above(catalogue, shapes_site):
    carlisle = entry(catalogue, "CAR")
    as_stated = next(a for a in carlisle.response.answers if a.text == "As stated above.")
    assert as_stated.see == ["q1"]
    assert resolved_outcome(carlisle, as_stated) == "refused"
    assert "Refers to the answer to Question 1." in page(shapes_site, "CAR")


def test_waiting_for_clarification_and_lifecycle_events(catalogue, shapes_site):
    aberdeen = entry(catalogue, "ABE")
    assert aberdeen.response.outcome == "waiting_clarification"
    assert [e.event for e in aberdeen.response.dates.events] == [
        "clarification_requested", "clarification_lapsed", "internal_review_requested"]
    leeds = entry(catalogue, "LDS")
    assert leeds.response.dates.events[0].due.isoformat() == "2022-03-29"
    assert [e.event for e in entry(catalogue, "CAR").response.dates.events] == ["narrowing_offered"]
    text = page(shapes_site, "ABE")
    assert "Clarification lapsed" in text and "Awaiting answer" in text


def test_answer_only_in_an_attachment_is_distinct_from_not_held(catalogue, shapes_site):
    trust = entry(catalogue, "CWPT")
    assert trust.council.type_name == "NHS trust"
    assert trust.response.answers[0].outcome == "in_attachment"
    text = page(shapes_site, "CWPT")
    assert "The answer is only in the attachment “FOI 2022-031 response.pdf”; it has not been transcribed." in text
    assert "not transcribed" in text and "Not held" not in text


def test_values_beside_the_councils_words(catalogue):
    leeds = {a.questions[0]: a for a in entry(catalogue, "LDS").response.answers}
    assert [format_value(v) for v in leeds["q1"].values] == [
        "4,382 requests (2019/20)", "4,100 requests (2020/21)", "3,951 requests (2021/22)"]
    assert format_value(leeds["q2"].values[0]) == "on average 7 weeks"
    assert "209 days" in leeds["q2"].text
    assert format_value(leeds["q3"].values[0]) == "48.84 FTE (as of 2022-03-31)"
    assert format_value(leeds["q4"].values[0]) == "63.3% (2020 to 2022)"
    assert format_value(leeds["q5"].values[0]) == "fewer than 7 children"
    assert format_value(leeds["q6"].values[0]) == "£170 per case"
    assert "15 per month at £170 per case" in leeds["q6"].text and "£4950" in leeds["q6"].text
    assert format_value(leeds["q9"].values[0]) == "Spot purchasing"
    carlisle = {a.questions[0]: a for a in entry(catalogue, "CAR").response.answers}
    assert carlisle["q2"].text == "4 weeks"  # months were asked; the council's unit is kept
    assert format_value(carlisle["q5"].values[0]) == "0 children"
    assert carlisle["q5"].text == "None (3 are still ongoing)"
    assert carlisle["q9"].text == "Zero" and carlisle["q10"].text == "N/a"
    assert carlisle["q3"].text == "39.25 weeks of OT time were purchased."


def test_published_figures_are_kept_as_published(catalogue, shapes_site):
    leeds = entry(catalogue, "LDS")
    assert "kept as the council gave it" in leeds.response.notes
    assert "21/22 3,951" in page(shapes_site, "LDS")


def test_open_vocabulary_suppliers_named_or_withheld(catalogue):
    leeds = {a.questions[0]: a for a in entry(catalogue, "LDS").response.answers}
    assert leeds["q7a"].text == "Open Select List of approved providers"
    assert leeds["q7b"].sections == ["43(2)"]


def test_contacts_in_full_as_team_mailbox_or_withheld(catalogue, shapes_site):
    trust = entry(catalogue, "CWPT").response.answers[1].contacts[0]
    assert trust.is_individual and trust.email == "alex.example@nhs.example"
    text = page(shapes_site, "CWPT")
    assert "Alex Example" in text and "alex.example@nhs.example" not in text and "withheld by this site" in text
    team = entry(catalogue, "CAR").response.answers[5].contacts[0]
    assert not team.is_individual
    assert "send@carlisle.gov.uk" in page(shapes_site, "CAR")
    withheld = entry(catalogue, "LDS").response.answers[8].contacts[0]
    assert withheld.withheld_under == ["40(2)"]
    assert "Contact details withheld by the council under s.40(2)." in page(shapes_site, "LDS")


def test_scottish_body_under_foisa(catalogue, shapes_site):
    aberdeen = entry(catalogue, "ABE")
    assert aberdeen.response.legislation == "FOISA"
    assert aberdeen.council.nation == "Scotland"
    assert "FOISA s.17" in page(shapes_site, "ABE")


def test_abolished_council_and_its_successor(catalogue, shapes_site):
    carlisle = entry(catalogue, "CAR")
    assert carlisle.council.end_date == "2023-04-01" and carlisle.council.replaced_by == ("CBD",)
    text = page_text((shapes_site / "councils/car/index.html").read_text(encoding="utf-8"))
    assert "Last day 31 March 2023, then replaced by Cumberland Council" in text


def test_names_vary_from_the_register():
    register = load_register()
    assert register.suggest("Greenwich Borough Council")[0] == "GRE"
    assert register.suggest("Royal Borough of Greenwich") == ["GRE"]
    assert register.suggest("leicester city council") == ["LCE"]


def test_question_numbers_repeat_and_sub_questions(catalogue, shapes_site):
    greenwich = entry(catalogue, "GRE")
    assert len(answers_to(greenwich, "q7a")) == 2  # its answer to 7a, and its answer to all of 7
    rows = comparison_rows(catalogue, greenwich.question_set, "q7a")
    row = next(r for r in rows if r.council.code == "GRE")
    assert len(row.answers) == 2
    text = page_text((shapes_site / "question-sets/ot-waiting-2022/q7a/index.html").read_text(encoding="utf-8"))
    assert "Repeated question 7a: see the list above." in text and "Greenwich Therapy Services Ltd" in text


def test_every_fixture_response_is_in_every_comparison(catalogue, shapes_site):
    for q in catalogue.question_sets["ot-waiting-2022"].all_questions():
        text = page_text((shapes_site / f"question-sets/ot-waiting-2022/{q.id}/index.html").read_text(encoding="utf-8"))
        for e in catalogue.entries:
            assert e.council.nice_name in text, (q.id, e.council.code)
