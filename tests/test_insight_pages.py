"""Deadlines, coverage, downloads and the feed where a reader looks for them, on the
comparison fixture (tests/fixtures/compare) whose figures were worked out by hand."""

from __future__ import annotations

import csv
import gzip
import html as html_lib
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

from conftest import page_text
from generator.load.models import QuestionSet


def read(site, path):
    return (site / path).read_text(encoding="utf-8")


def test_question_set_page_counts_who_has_replied(compare_site):
    text = page_text(read(compare_site, "question-sets/ot-waits-2021/index.html"))
    assert ("Meant for: London borough councils; the authorities that existed when the request was sent, "
            "on 30 March 2021.") in text
    assert ("5 of the 32 authorities it was meant for have replied (15.6%); 0 are awaiting a response; "
            "27 are not in this log. An authority not in this log may have replied elsewhere. "
            "1 other body also replied.") in text
    assert "London: 27 not in this log" in text
    assert "Also replied, though the request was not meant for them: Adur District Council." in text


def test_a_response_awaiting_its_reply_is_counted_apart_everywhere(compare_site):
    # 32 London boroughs as of 1 May 2023: Camden replied, Hackney's reply is awaited.
    figures = ("1 of the 32 authorities it was meant for has replied (3.1%); 1 is awaiting a response; "
               "30 are not in this log.")
    text = page_text(read(compare_site, "question-sets/ot-waits-2023/index.html"))
    assert figures in text and "Awaiting a response: London Borough of Hackney." in text
    assert "London: 30 not in this log" in text
    assert figures in page_text(read(compare_site, "index.html"))
    assert figures in page_text(read(compare_site, "question-sets/index.html"))
    hackney = page_text(read(compare_site, "councils/hck/index.html"))
    assert "1 reply and 1 awaiting a response." in hackney
    question = page_text(read(compare_site, "question-sets/ot-waits-2023/assessment-wait/index.html"))
    assert ("1 council in this log replied to this question set: 1 answered. 30 of the 32 authorities it was "
            "meant for are not in this log. 1 council is awaiting a response.") in question
    topic = page_text(read(compare_site, "topics/ot-assessment-wait/index.html"))
    assert "1 council replied: 1 answered. 1 is awaiting a response." in topic


def ask_links(html):
    return [html_lib.unescape(u) for u in re.findall(r'href="(https://www\.whatdotheyknow\.com/new/[^"]*)"', html)]


def test_every_missing_authority_can_be_asked(compare_site):
    page = read(compare_site, "question-sets/ot-waits-2021/index.html")
    assert not ask_links(page) and '<a href="ask/london/">London</a>: 27 not in this log' in page
    html = read(compare_site, "question-sets/ot-waits-2021/ask/london/index.html")
    links = ask_links(html)
    assert len(links) == 27
    barnet = next(u for u in links if urlsplit(u).path == "/new/59")   # Barnet's WhatDoTheyKnow id
    query = parse_qs(urlsplit(barnet).query)
    assert query["title"] == ["OT waits in London 2021"]
    assert query["tags"] == ["foilog"]
    assert query["default_letter"][0].splitlines()[2:] == [
        "1. What is the average wait from referral to OT assessment?", "",
        "2. How many children are waiting for an OT assessment?", "",
        "3. What was your OT budget in 2020/21?"]
    for code in ("/new/103", "/new/206"):        # Camden and Hackney replied: not asked again
        assert all(urlsplit(u).path != code for u in links)


def test_council_page_lists_requests_it_has_not_answered(compare_site):
    text = page_text(read(compare_site, "councils/isl/index.html"))
    assert "Requests not in this log" in text and "OT waits in London 2023" in text
    assert "it may have replied elsewhere" in text
    assert [urlsplit(u).path for u in ask_links(read(compare_site, "councils/isl/index.html"))] == ["/new/225"]
    assert "Requests not in this log" not in page_text(read(compare_site, "councils/cmd/index.html"))


def test_deadlines_on_the_question_set_page(compare_site):
    text = page_text(read(compare_site, "question-sets/ot-waits-2021/index.html"))
    assert ("3 of 5 replied within 20 working days (n = 5 with known dates; median 20 working days); "
            "1 with unknown dates.") in text
    assert "Camden 31 March 2021 30 April 2021 30 April 2021 20 On time" in text
    assert "Hackney 17 December 2021 24 January 2022 20 January 2022 22 Late by 2 working days" in text
    assert "Southwark 6 April 2021 20 May 2021 5 May 2021 31 Late by 11 working days" in text
    assert "Islington not known not known — — Unknown" in text


def test_response_page_shows_the_working(compare_site):
    text = page_text(read(compare_site, "councils/hck/ot-waits-2021/index.html"))
    assert "Due 20 January 2022 (20 working days under FOIA); replied after 22 working days, 2 working days late." in text
    assert "leaving out 10 weekend days and 4 holidays" in text
    for day in ("Monday 27 December 2021", "Tuesday 28 December 2021", "Monday 3 January 2022"):
        assert day in text
    assert "Tuesday 4 January 2022, New Year Holiday (substitute day) in Scotland" in text
    overdue = page_text(read(compare_site, "councils/hck/ot-waits-2023/index.html"))
    assert "Overdue" in overdue and "Due 1 June 2023" in overdue


def test_council_page_deadline_summary(compare_site):
    text = page_text(read(compare_site, "councils/hck/index.html"))
    assert "Deadlines: 0 of 1 replied within 20 working days (n = 1 with known dates; median 22 working days); 1 overdue." in text


def data_links(html):
    return re.findall(r'<a href="([^"]*data/[^"]*)" download>', html)


def test_every_comparison_page_links_the_downloads(compare_site, real_site):
    for site in (compare_site, real_site):
        for page in site.glob("question-sets/*/*/index.html"):
            links = data_links(page.read_text(encoding="utf-8"))
            set_id = page.parent.parent.name
            assert f"../../../data/question-sets/{set_id}.csv" in links, page
            for link in links:
                assert (page.parent / link).resolve().is_file(), (page, link)


def test_downloaded_rows_match_the_fixture(compare_site):
    with open(compare_site / "data/question-sets/ot-waits-2021.csv", newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 6  # one per response, each question's answer in columns of its own
    (hackney,) = [r for r in rows if r["council_code"] == "HCK"]
    assert (hackney["wait_common_value"], hackney["wait_common_unit"], hackney["restricted"]) == ("45", "days", "true")
    assert (hackney["waiting_outcome"], hackney["waiting_sections"]) == ("refused", "12")
    (camden,) = [r for r in rows if r["council_code"] == "CMD"]
    assert camden["budget_words"].startswith("'=SUM")   # a formula is not run by a spreadsheet
    with gzip.open(compare_site / "data/answers.csv.gz", "rt", newline="", encoding="utf-8-sig") as fh:
        whole = [r for r in csv.DictReader(fh) if r["question_set"] == "ot-waits-2021"]
    assert len(whole) == 6 * 3
    wait = next(r for r in whole if r["council_code"] == "HCK" and r["question_id"] == "wait")
    assert (wait["value"], wait["unit"]) == ("45", "days")


def test_feed_is_linked_and_lists_every_response(compare_site):
    home = read(compare_site, "index.html")
    assert '<link rel="alternate" type="application/atom+xml"' in home
    assert 'href="feed.xml"' in home
    feed = ET.fromstring(read(compare_site, "feed.xml"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    ids = [e.findtext("a:id", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert len(ids) == 8 and "tag:foilog,2026:response/hck/ot-waits-2021" in ids


def test_year_must_agree_with_sent():
    from generator.load.checks import check_question_set

    qs = QuestionSet.model_validate({"id": "x", "title": "X", "sent": "2021-03-30", "year": 2020,
                                     "questions": [{"id": "q1", "text": "Q?"}]})
    assert [f[1] for f in check_question_set(qs, "x")] == ["`year` is 2020 but `sent` is in 2021"]


def test_a_topic_needs_two_question_sets():
    from generator.load.catalogue import load_catalogue
    from generator.load.checks import check_topic
    from generator.load.models import Topic

    from conftest import FIXTURES

    sets = load_catalogue(FIXTURES / "compare").question_sets
    topic = Topic.model_validate({"id": "t", "title": "T", "questions": [
        {"question_set": "ot-waits-2021", "question": "wait"}, {"question_set": "ot-waits-2021", "question": "waiting"}]})
    assert [f[1] for f in check_topic(topic, "t", sets)] == ["a topic joins questions from at least two question sets"]


def test_topic_page_offers_each_sets_downloads_and_councils_link_their_topics(compare_site):
    html = read(compare_site, "topics/ot-assessment-wait/index.html")
    assert {"../../data/question-sets/ot-waits-2021.csv", "../../data/question-sets/ot-waits-2023.csv"} <= set(data_links(html))
    assert 'href="../../topics/ot-assessment-wait/"' in read(compare_site, "councils/cmd/index.html")
