"""Content errors: every problem in every file, at its line, with what to do."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, make_repo
from generator.load.catalogue import load_catalogue
from generator.common.problems import ContentError

TODAY = dt.date(2026, 11, 22)

COVENTRY = "content/responses/cov/ehcp-information-request-2022.yaml"
LEICESTER = "content/responses/lce/ehcp-ot-provision-2019.yaml"


def report(repo: Path) -> list[str]:
    with pytest.raises(ContentError) as err:
        load_catalogue(repo, today=TODAY)
    return [str(p) for p in err.value.problems]


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_real_content_is_valid():
    catalogue = load_catalogue(REPO)
    assert {e.council.code for e in catalogue.entries} == {"LCE", "COV"}
    assert set(catalogue.question_sets) == {"ehcp-ot-provision-2019", "ehcp-information-request-2022"}


def test_typical_mistakes_in_two_files_are_all_reported_in_one_run(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, COVENTRY, "reference: FOI473301950", "refrence: FOI473301950")
    edit(repo, COVENTRY, "  responded: 2023-01-09", "  responded: 09/01/2023")
    edit(repo, COVENTRY, "    outcome: not_applicable\n    text: Not applicable.", "    outcome: not applicable\n    text: No")
    edit(repo, COVENTRY, "  - questions: [q8]", "  - questions: [q11]")
    edit(repo, LEICESTER, "council: LCE", "council: Leicester City Council")
    edit(repo, LEICESTER, "outcome: partially_successful", "outcome: partially_successful\noutcome: successful")
    assert report(repo) == [
        f"{COVENTRY}:4:1: unknown key `refrence` (did you mean `reference`? keys allowed here: council, question_set, legislation, reference, subject, dates, outcome, reuse, source, introduction, contacts, answers, closing, notes, incomplete_copy)",
        f"{COVENTRY}:7:14: `responded` must be a date written YYYY-MM-DD, like 2023-01-09 — got '09/01/2023' (write the year, month and day with dashes; leave the line out if the date is unknown)",
        f"{COVENTRY}:66:14: `outcome` must be one of: answered, partially_answered, not_held, refused, redirected, see_other_answer, not_applicable, in_attachment, awaiting, clarification_requested — got 'not applicable' (did you mean `not_applicable`?)",
        f"{COVENTRY}:67:11: `No` is read by YAML as false, not as the word (put it in quotes: \"No\"; for a yes/no value write true or false)",
        f"{COVENTRY}:81:17: question `q11` is not in question set ehcp-information-request-2022 (did you mean `q1`? questions: q1, q2, q3, q4, q5, q5a, q5b, q5c, q5d, q6, q7, q7a, q7b, q7c, q7d, q8, q9, q9a, q9b, q9c, q10, q10a, q10b, q10c, q10d)",
        f"{LEICESTER}:2:10: `council`: 'Leicester City Council' is not a council code in the register (did you mean LCE? use the council's code from the register: search for the council's name in generator/load/data/uk-local-authorities/uk_local_authorities_future.csv)",
        f"{LEICESTER}:8:1: `outcome` appears twice in the same block (first on line 7) (keep one of them; YAML would silently keep only the last)",
    ]


def test_a_wrong_question_set_and_a_close_council_name(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, COVENTRY, "question_set: ehcp-information-request-2022", "question_set: ehcp-information-request")
    edit(repo, LEICESTER, "council: LCE", "council: Leicester")
    assert report(repo) == [
        f"{COVENTRY}:3:15: `question_set`: there is no question set 'ehcp-information-request' (did you mean `ehcp-information-request-2022`? question sets: ehcp-information-request-2022, ehcp-ot-provision-2019)",
        f"{LEICESTER}:2:10: `council`: 'Leicester' is not a council code in the register (did you mean LCE? use the council's code from the register: search for the council's name in generator/load/data/uk-local-authorities/uk_local_authorities_future.csv)",
    ]


def test_unknown_council_code(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, LEICESTER, "council: LCE", "council: XYZ")
    assert report(repo)[0].startswith(f"{LEICESTER}:2:10: `council`: 'XYZ' is not a council code in the register")


def test_file_in_the_wrong_folder(tmp_path):
    repo = make_repo(tmp_path)
    (repo / "content/responses/cov").rename(repo / "content/responses/coventry")
    assert report(repo) == [
        "content/responses/coventry/ehcp-information-request-2022.yaml:2:10: this response belongs at "
        "content/responses/cov/ehcp-information-request-2022.yaml (move or rename the file so its folder is "
        "the council's code and its name is the question set)"
    ]


def test_dates_that_cannot_be(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, COVENTRY, "  responded: 2023-01-09", "  received: 2023-02-01\n  responded: 2023-01-09")
    edit(repo, LEICESTER, "outcome: partially_successful", "dates:\n  responded: 2004-12-31\n  received: 2027-01-01\noutcome: partially_successful")
    assert report(repo) == [
        f"{COVENTRY}:8:14: `responded` (2023-01-09) is before `received` (2023-02-01) (check both dates; the reply cannot come before the request)",
        f"{LEICESTER}:8:14: `responded` (2004-12-31) is before `received` (2027-01-01) (check both dates; the reply cannot come before the request)",
        f"{LEICESTER}:8:14: `responded` is 2004-12-31, before the Freedom of Information Act came into force (2005-01-01) (check the year)",
        f"{LEICESTER}:9:13: `received` is 2027-01-01, which is in the future (check the year and month)",
    ]


def test_restricted_reuse_needs_the_councils_words(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, COVENTRY, "  terms: restricted\n", "  terms: restricted\n  wording_typo: x\n")
    assert "unknown key `wording_typo`" in report(repo)[0]


def test_a_missing_required_field(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, COVENTRY, "outcome: partially_successful\n", "")
    assert report(repo) == [
        f"{COVENTRY}:2:1: `outcome` is missing (add a line `outcome:` — The overall outcome of the request.)"
    ]


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    repo = make_repo(tmp_path)
    build = [sys.executable, "-m", "generator", "build"]
    ok = subprocess.run(build, cwd=repo, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    before = {p: p.read_bytes() for p in sorted((repo / "site").rglob("*")) if p.is_file()}
    docs_before = {p: p.read_bytes() for p in sorted((repo / "build/docs").rglob("*")) if p.is_file()}
    edit(repo, COVENTRY, "  - questions: [q8]", "  - questionz: [q8]")
    failed = subprocess.run(build, cwd=repo, capture_output=True, text=True)
    assert failed.returncode == 1
    assert f"{COVENTRY}:81:5: unknown key `questionz`" in failed.stderr
    after = {p: p.read_bytes() for p in sorted((repo / "site").rglob("*")) if p.is_file()}
    assert after == before
    assert {p: p.read_bytes() for p in sorted((repo / "build/docs").rglob("*")) if p.is_file()} == docs_before
    assert not list(repo.glob(".site-build-*"))


def test_plain_mkdocs_build_refuses_bad_content_before_touching_the_site(tmp_path):
    repo = make_repo(tmp_path)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    assert subprocess.run(mkdocs, cwd=repo, capture_output=True).returncode == 0
    marker = repo / "site" / "index.html"
    before = marker.read_bytes()
    edit(repo, LEICESTER, "council: LCE", "council: LCX")
    failed = subprocess.run(mkdocs, cwd=repo, capture_output=True, text=True)
    assert failed.returncode != 0
    assert f"{LEICESTER}:2:10: `council`: 'LCX' is not a council code in the register" in failed.stdout + failed.stderr
    assert marker.read_bytes() == before


def test_two_files_claiming_the_same_council_and_question_set(tmp_path):
    repo = make_repo(tmp_path)
    copy = repo / "content/responses/lce/ehcp-information-request-2022.yaml"
    copy.write_text((repo / COVENTRY).read_text(encoding="utf-8"), encoding="utf-8")
    # One message: moving the second file where the first is would not be the fix.
    assert report(repo) == [
        f"content/responses/lce/ehcp-information-request-2022.yaml:2:10: {COVENTRY} already holds COV's "
        f"response to ehcp-information-request-2022 (merge this file into {COVENTRY}, then delete this one)",
    ]


def test_two_misplaced_files_claiming_one_reply_get_one_message_each(tmp_path):
    repo = make_repo(tmp_path)
    held = "content/responses/cov/another.yaml"
    second = "content/responses/lce/ehcp-information-request-2022.yaml"
    (repo / held).write_text((repo / COVENTRY).read_text(encoding="utf-8"), encoding="utf-8")
    (repo / COVENTRY).rename(repo / second)
    assert report(repo) == [
        f"{held}:2:10: this response belongs at {COVENTRY} (move or rename the file so its folder is the "
        "council's code and its name is the question set)",
        f"{second}:2:10: {held} already holds COV's response to ehcp-information-request-2022 "
        f"(merge this file into {held}, then delete this one)",
    ]


def test_topic_and_audience_mistakes_are_reported_at_their_lines(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, "content/topics/ot-providers.yaml", "    question: who-delivers-ot", "    question: who-delivers")
    edit(repo, "content/topics/ot-hours-not-delivered.yaml",
         "  - question_set: ehcp-information-request-2022\n    question: q2",
         "  - question_set: ehcp-information-request-2021\n    question: q2")
    edit(repo, "content/question-sets/ehcp-information-request-2022.yaml",
         "  types: [county, unitary, metropolitan_district, london_borough, city_corporation]\n",
         "  types: [county, unitary, metropolitan_district, london_borough, city_corporation]\n  include: [LEICESTER]\n")
    problems = report(repo)
    assert problems == [
        "content/question-sets/ehcp-information-request-2022.yaml:14:13: `sent_to: include`: 'LEICESTER' is not "
        "a council code in the register (did you mean LCE? use the register's code)",
        "content/topics/ot-hours-not-delivered.yaml:8:19: there is no question set 'ehcp-information-request-2021' "
        "(did you mean `ehcp-information-request-2022`? question sets: ehcp-information-request-2022, ehcp-ot-provision-2019)",
        "content/topics/ot-providers.yaml:9:15: question `who-delivers` is not in question set ehcp-ot-provision-2019 "
        "(did you mean `who-delivers-ot`? questions: who-delivers-ot, advice-requests, advice-outstanding, "
        "advice-average-time, reviews-outstanding, reviews-average-wait, out-of-area-unmet, "
        "intervention-hours-not-provided, locality-capacity, commissioning-manager)",
    ]


def test_a_reply_dated_after_its_council_was_abolished(tmp_path):
    # Carlisle and Cumbria were abolished on 1 April 2023: their last day was 31 March.
    repo = make_repo(tmp_path)
    for code, dates in [("car", "  received: 2023-03-31\n  responded: 2024-01-10\n"),
                        ("cma", "  received: 2023-04-01\n  events:\n"
                                "    - date: 2023-04-20\n      event: complaint_to_commissioner\n"
                                "    - date: 2023-05-02\n      event: acknowledged\n")]:
        (repo / "content/responses" / code).mkdir()
        (repo / "content/responses" / code / "ehcp-information-request-2022.yaml").write_text(
            f"council: {code.upper()}\nquestion_set: ehcp-information-request-2022\ndates:\n{dates}"
            "outcome: waiting_response\n", encoding="utf-8")
    carlisle = "content/responses/car/ehcp-information-request-2022.yaml"
    cumbria = "content/responses/cma/ehcp-information-request-2022.yaml"
    to_cumberland = "use `council: CBD` (Cumberland Council) and move the file to " \
                    "content/responses/cbd/ehcp-information-request-2022.yaml; or check the date"
    assert report(repo) == [
        f"{carlisle}:5:14: `responded` is 2024-01-10, but Carlisle City Council was abolished: its last day "
        f"was 2023-03-31 (a reply from then came from its successor: {to_cumberland})",
        f"{cumbria}:4:13: `received` is 2023-04-01, but Cumbria County Council was abolished: its last day "
        "was 2023-03-31 (a reply from then came from its successor: use `council: CBD` (Cumberland Council) "
        "or `council: WAF` (Westmorland and Furness Council) and move the file to "
        "content/responses/cbd/ehcp-information-request-2022.yaml; or check the date)",
        # The council's own acknowledgement, not the requester's complaint to the Commissioner.
        f"{cumbria}:8:13: `date` is 2023-05-02, but Cumbria County Council was abolished: its last day "
        "was 2023-03-31 (a reply from then came from its successor: use `council: CBD` (Cumberland Council) "
        "or `council: WAF` (Westmorland and Furness Council) and move the file to "
        "content/responses/cbd/ehcp-information-request-2022.yaml; or check the date)",
    ]


def test_a_reply_dated_before_its_council_came_into_being(tmp_path):
    # Cumberland Council came into being on 1 April 2023, taking over from Allerdale,
    # Carlisle, Copeland and (in part) Cumbria: a request they received it may answer.
    repo = make_repo(tmp_path)
    (repo / "content/responses/cbd").mkdir()
    path = repo / "content/responses/cbd/ehcp-information-request-2022.yaml"
    body = "council: CBD\nquestion_set: ehcp-information-request-2022\ndates:\n{}outcome: waiting_response\n"
    path.write_text(body.format("  received: 2023-03-20\n  responded: 2023-04-15\n"), encoding="utf-8")
    load_catalogue(repo, today=TODAY)  # no problem
    path.write_text(body.format("  received: 2023-03-01\n  responded: 2023-03-10\n"), encoding="utf-8")
    found = report(repo)
    assert len(found) == 1 and found[0].startswith(
        "content/responses/cbd/ehcp-information-request-2022.yaml:5:14: `responded` is 2023-03-10, but "
        "Cumberland Council came into being on 2023-04-01 (a reply from then came from the council it "
        "replaced: use `council: ALL` (Allerdale Borough Council)"), found


SET_FILE = "content/question-sets/ehcp-information-request-2022.yaml"


def test_a_code_or_id_in_the_wrong_case_is_told_the_right_one(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, COVENTRY, "question_set: ehcp-information-request-2022", "question_set: EHCP-Information-Request-2022")
    edit(repo, LEICESTER, "council: LCE", "council: lce")
    edit(repo, LEICESTER, "  - questions: [who-delivers-ot]", "  - questions: [Who-Delivers-OT]")
    edit(repo, SET_FILE, "  types: [county", "  include: [shf]\n  types: [county")
    (repo / "content/bodies").mkdir(exist_ok=True)
    (repo / "content/bodies/cwpt.yaml").write_text("code: cwpt\nname: A trust\nkind: nhs_trust\nnation: England\n")
    assert report(repo) == [
        "content/bodies/cwpt.yaml:1:7: `code`: codes are upper case: CWPT (write CWPT)",
        f"{SET_FILE}:13:13: `include`: codes are upper case: SHF (write SHF)",
        f"{COVENTRY}:3:15: `question_set`: ids are lower case: ehcp-information-request-2022 "
        "(write ehcp-information-request-2022)",
        f"{LEICESTER}:2:10: `council`: codes are upper case: LCE (write LCE)",
        f"{LEICESTER}:15:17: `questions`: ids are lower case: who-delivers-ot (write who-delivers-ot)",
    ]


def test_a_code_that_is_not_only_in_the_wrong_case_is_told_what_a_code_is(tmp_path):
    repo = make_repo(tmp_path)
    (repo / "content/bodies").mkdir(exist_ok=True)
    (repo / "content/bodies/cwpt.yaml").write_text("code: c-w\nname: A trust\nkind: nhs_trust\nnation: England\n")
    assert report(repo) == [
        "content/bodies/cwpt.yaml:1:7: `code` must be upper-case letters and digits — got 'c-w' "
        '(a code from the register, for example "COV")',
    ]


def test_a_question_set_with_problems_is_the_one_place_they_are_reported(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, SET_FILE, "title: EHCP Information Request", "title: EHCP Information Request\ntitel: x")
    edit(repo, SET_FILE, "  - id: q4", "  - id: Q4")
    problems = report(repo)
    # Both of the set's own problems, and nothing about the response and topics that use it.
    assert problems == [
        f"{SET_FILE}:4:1: unknown key `titel` (did you mean `title`? keys allowed here: id, title, sent, year, "
        "description, source_url, sent_to, questions)",
        f"{SET_FILE}:31:9: `id`: ids are lower case: q4 (write q4)",
    ]


def test_a_response_to_a_question_set_with_problems_is_not_published(tmp_path):
    from generator.load.catalogue import entries_from, read_known, read_responses

    repo = make_repo(tmp_path)
    edit(repo, SET_FILE, "title: EHCP Information Request", "title: EHCP Information Request\ntitel: x")
    known = read_known(repo, today=TODAY)
    assert known.problems and "ehcp-information-request-2022" in known.unchecked_sets
    entries = entries_from(known, read_responses(known.response_files, known))
    assert [e.path for e in entries] == [LEICESTER]


def test_a_question_set_whose_id_is_not_its_file_name_is_the_one_place_told(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, SET_FILE, "id: ehcp-information-request-2022", "id: ehcp-information-request-2023")
    assert report(repo) == [
        f"{SET_FILE}:2:5: `id` is 'ehcp-information-request-2023' but the file is named "
        "'ehcp-information-request-2022.yaml' (rename the file to ehcp-information-request-2023.yaml, "
        "or change `id` to ehcp-information-request-2022)",
    ]


def test_a_comment_after_free_text_is_refused_and_one_after_a_code_is_not(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, COVENTRY, "council: COV\n", "council: COV  # Coventry City Council\n")
    edit(repo, COVENTRY, "subject: Freedom of Information Act 2000 (FOIA)",
         "subject: Freedom of Information Act 2000 #FOIA wording")
    column = len("subject: Freedom of Information Act 2000 #")
    assert report(repo) == [
        f"{COVENTRY}:5:{column}: `subject`: the words after `#` on this line are read by YAML as a comment and "
        "left out (put the words in a block: `subject: |-` and the words on the next line, indented; a comment "
        "of your own goes on a line of its own)"]


def test_a_syntax_error_does_not_hide_the_problems_before_it(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, COVENTRY, "council: COV", "council: CVO")
    edit(repo, COVENTRY, "    text: Please see response to Question 1 above.",
         "    text: Please see response to Question 1 above, or call 07700 900123.")
    edit(repo, COVENTRY, "notes: >-", "notes: Re: the letter\nnotes2: >-")
    with pytest.raises(ContentError) as err:
        load_catalogue(repo, today=TODAY)
    found = [(p.line, p.severity, p.message.split(":")[0]) for p in err.value.problems]
    assert found == [
        (2, "error", "`council`"),  # read from the lines before the syntax error
        (36, "warning", "a named person's phone number is in free text"),
        (122, "error", "YAML syntax error"),
    ]
    assert "the rest of the file was not checked" in err.value.problems[-1].hint


def _without_reuse_wording(text: str) -> str:
    start, end = text.index("  wording: >-\n"), text.index("introduction:")
    return text[:start] + text[end:]


@pytest.mark.parametrize("change, line, words", [
    (_without_reuse_wording, 10, "restricted re-use needs the council's own words"),
    (lambda t: t.replace("  responded: 2023-01-09", "  responded: 2031-01-09"), 7, "which is in the future"),
    (lambda t: t.replace("    see: [q1]\n    text: Please see", "    text: Please see"), 33, "`see` is missing"),
    (lambda t: t.replace("  - questions: [q5b]", "  - questions: [q5b, q5b]"), 57, "is listed twice in this answer"),
], ids=["re-use", "dates", "answer", "answered twice"])
def test_the_rules_about_parts_that_fit_run_when_another_part_does_not(tmp_path, change, line, words):
    repo = make_repo(tmp_path)
    path = repo / COVENTRY
    text = path.read_text(encoding="utf-8")
    assert change(text) != text
    path.write_text(change(text), encoding="utf-8")
    edit(repo, COVENTRY, "reference: FOI473301950", "refrence: FOI473301950")
    found = report(repo)
    assert found[0].startswith(f"{COVENTRY}:4:1: unknown key `refrence`")
    assert any(p.startswith(f"{COVENTRY}:{line}:") and words in p for p in found), found
