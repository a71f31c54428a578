"""Rules across fields and files that the model alone cannot see: a question answered
twice, dates that cannot be for the question set replied to, and numbers that are not
figures."""

from __future__ import annotations

import pytest

from conftest import make_repo
from test_validation import COVENTRY, LEICESTER, SET_FILE as SET_2022, report, edit

SET_2019 = "content/question-sets/ehcp-ot-provision-2019.yaml"


def test_a_question_answered_twice_is_refused(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, LEICESTER, "  - questions: [who-delivers-ot]", "  - questions: [who-delivers-ot, who-delivers-ot]")
    edit(repo, LEICESTER, "  - questions: [reviews-outstanding,", "  - questions: [advice-requests, reviews-outstanding,")
    assert report(repo) == [
        f"{LEICESTER}:15:34: question `who-delivers-ot` is listed twice in this answer (list each question once)",
        f"{LEICESTER}:34:17: question `advice-requests` is answered twice: answer 2 of `answers` covers it too "
        "(put everything the council said about it in one answer, or correct the question's id)",
    ]


def test_a_question_set_sent_on_a_day_that_cannot_be(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, SET_2022, "year: 2022", "sent: 2026-11-23")
    edit(repo, COVENTRY, "  responded: 2023-01-09", "  responded: 2026-11-22")
    edit(repo, SET_2019, "year: 2019", "sent: 2004-12-31")
    assert report(repo) == [
        f"{SET_2022}:4:7: `sent` is 2026-11-23, which is in the future (check the year and month)",
        f"{SET_2019}:4:7: `sent` is 2004-12-31, before the Freedom of Information Act came into force (2005-01-01) "
        "(check the year)",
        f"{COVENTRY}:7:14: `responded` is 2026-11-22, before the question set was sent (2026-11-23) "
        "(check this date, and `sent` in question set ehcp-information-request-2022)",
    ]


def test_a_question_set_sent_in_a_year_to_come(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, SET_2019, "year: 2019", "year: 2027")
    assert report(repo) == [f"{SET_2019}:4:7: `year` is 2027, which is in the future (check the year)"]


def test_a_reply_dated_before_its_question_set_was_sent(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, SET_2022, "year: 2022", "sent: 2022-12-01")
    edit(repo, COVENTRY, "  responded: 2023-01-09",
         "  received: 2022-11-30\n  responded: 2023-01-09\n  events:\n    - date: 2022-11-29\n      event: acknowledged")
    edit(repo, LEICESTER, "outcome: partially_successful", "dates:\n  received: 2018-12-31\noutcome: partially_successful")
    assert report(repo) == [
        f"{COVENTRY}:7:13: `received` is 2022-11-30, before the question set was sent (2022-12-01) "
        "(check this date, and `sent` in question set ehcp-information-request-2022)",
        f"{COVENTRY}:10:13: `date` is 2022-11-29, before the question set was sent (2022-12-01) "
        "(check this date, and `sent` in question set ehcp-information-request-2022)",
        f"{LEICESTER}:8:13: `received` is 2018-12-31, before the year the question set was sent (2019) "
        "(check this date, and `year` in question set ehcp-ot-provision-2019)",
    ]


@pytest.mark.parametrize("written", ["nan", "inf", "-inf", "1e400", '"1e400"', ".nan", "-.inf"])
def test_a_number_that_is_not_a_figure_is_refused(tmp_path, written):
    repo = make_repo(tmp_path)
    edit(repo, LEICESTER, "      - number: 5\n", f"      - number: {written}\n")
    problems = report(repo)
    assert len(problems) == 1 and problems[0].startswith(f"{LEICESTER}:30:17: `number` must be a number — got "), problems


def test_a_web_address_holding_a_hidden_character_is_refused(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, SET_2019, "year: 2019", 'year: 2019\nsource_url: "https://example.org/\\u200fset"')
    edit(repo, LEICESTER, "outcome: partially_successful",
         'outcome: partially_successful\nsource:\n  url: "https://example.org/a\\u202egpj.exe"\n'
         '  attachments:\n    - title: Letter\n      url: "https://example.org/\\U000e0041"')
    edit(repo, LEICESTER, "        phone: 0116 4545472\n",
         '        phone: 0116 4545472\n        url: "https://example.org/\\u2061"\n')
    edit(repo, LEICESTER, "  - team: Information Governance & Risk Team\n",
         '  - team: Information Governance & Risk Team\n    url: "https://example.org/\\u061c"\n')
    edit(repo, COVENTRY, "        url: https://www.happyhealthylives.uk/integrated-care-board/",
         '        url: "https://www.happyhealthylives.uk/\\u00adicb/"')
    (repo / "content/bodies").mkdir(exist_ok=True)
    (repo / "content/bodies/cwpt.yaml").write_text(
        'code: CWPT\nname: A trust\nkind: nhs_trust\nnation: England\nurl: "https://example.org/\\u2066x"\n')
    what = "that changes how the address reads (copy the address again from the browser's address bar)"
    assert report(repo) == [
        f"content/bodies/cwpt.yaml:5:6: `url` holds a hidden character, U+2066, {what}",
        f"{SET_2019}:5:13: `source_url` holds a hidden character, U+200F, {what}",
        f"{COVENTRY}:26:14: `url` holds a hidden character, U+00AD, {what}",
        f"{LEICESTER}:9:8: `url` holds a hidden character, U+202E, {what}",
        f"{LEICESTER}:12:12: `url` holds a hidden character, U+E0041, {what}",
        f"{LEICESTER}:59:14: `url` holds a hidden character, U+2061, {what}",
        f"{LEICESTER}:62:10: `url` holds a hidden character, U+061C, {what}",
    ]
