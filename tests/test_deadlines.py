"""Statutory deadlines: known answers counted by hand against FOIA s.10 and FOISA s.10/s.73.

Every due date below was counted on a printed calendar, day by day, from the statute's
definition of a working day; the comments show the count.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from generator.analyse import working_days
from generator.analyse.deadlines import WorkingCalendar, calendar_for, deadline_for, summarise
from generator.load.models import Response

D = dt.date.fromisoformat
LATER = D("2030-01-01")  # "today" for responses already answered: it must not matter


def response(received=None, responded=None, *, events=(), outcome=None, legislation="FOIA") -> Response:
    dates = {}
    if received:
        dates["received"] = received
    if responded:
        dates["responded"] = responded
    if events:
        dates["events"] = [dict(zip(("date", "event", "due"), e)) for e in events]
    if outcome is None:
        outcome = "successful" if responded else "waiting_response"
    return Response.model_validate({
        "council": "COV", "question_set": "ehcp-information-request-2022",
        "legislation": legislation, "outcome": outcome, "dates": dates,
    })


FOIA = calendar_for("FOIA")
FOISA = calendar_for("FOISA")


def days_left_out(d, calendar=FOIA):
    """The days a deadline's count leaves out, from day 0 to the later of the due date and
    the reply, as its explanation counts them."""
    return calendar.non_working_days(d.clock_start, max(d.due, d.responded))


def why_not_working(calendar, d: dt.date) -> str | None:
    """Why ``d`` is not a working day in `calendar`, or None when it is one."""
    skipped = calendar.skipped_day(d)
    return skipped.reason if skipped else None


# --- the calendar ---------------------------------------------------------------------------


def test_easter_foia():
    # Received Thu 6 Apr 2023. Fri 7 Good Friday, Mon 10 Easter Monday out.
    # 11-14 Apr (4), 17-21 (9), 24-28 (14), Mon 1 May bank holiday out, 2-5 May (18),
    # Mon 8 May Coronation out, 9 May (19), 10 May (20).
    d = deadline_for(response("2023-04-06", "2023-05-02"), LATER)
    assert d.due == D("2023-05-10")
    reasons = {s.date: s.reason for s in days_left_out(d)}
    assert reasons[D("2023-04-07")] == "Good Friday"
    assert reasons[D("2023-04-10")] == "Bank holiday in England, Wales and Northern Ireland: Easter Monday"
    assert reasons[D("2023-05-08")].endswith(": Coronation of Charles III")
    assert reasons[D("2023-04-08")] == "Saturday"
    assert "Friday 7 April 2023, Good Friday" in d.explanation


def test_easter_foisa_counts_easter_monday():
    # As above, but Easter Monday is a working day in Scotland: 10 Apr (1), 11-14 (5),
    # 17-21 (10), 24-28 (15), 1 May out, 2-5 (19), 8 May out, 9 May (20).
    d = deadline_for(response("2023-04-06", "2023-05-02", legislation="FOISA"), LATER)
    assert d.due == D("2023-05-09")
    assert D("2023-04-10") not in {s.date for s in days_left_out(d, FOISA)}
    assert FOISA.is_working_day(D("2023-04-10"))
    assert why_not_working(FOISA, D("2023-04-07")) == "Bank holiday in Scotland: Good Friday"


def test_christmas_2022_union_includes_scottish_2_january():
    # Received Fri 16 Dec 2022. 19-23 Dec (5); Sun 25 Christmas Day, Mon 26 Boxing Day,
    # Tue 27 substitute for Christmas Day out; 28-30 (8); Mon 2 Jan substitute for New Year's
    # Day out; Tue 3 Jan, Scotland's substitute for 2 January, is a bank holiday in a part
    # of the UK, so out under FOIA too; 4-6 (11), 9-13 (16), 16-19 (20).
    d = deadline_for(response("2022-12-16", "2023-01-09"), LATER)
    assert d.due == D("2023-01-19")
    assert d.status == "on_time"
    # 19-23 Dec, 28-30 Dec, 4-6 Jan, 9 Jan
    assert d.working_days_taken == 12
    assert d.working_days_late == 0
    skipped = {s.date: s for s in days_left_out(d)}
    assert sorted(s for s in skipped if not skipped[s].weekend) == [
        D("2022-12-26"), D("2022-12-27"), D("2023-01-02"), D("2023-01-03")]
    assert sum(s.weekend for s in skipped.values()) == 10
    assert skipped[D("2022-12-25")].reason == "Sunday"
    assert skipped[D("2022-12-27")].reason == (
        "Bank holiday in England, Wales, Scotland and Northern Ireland: Christmas Day (substitute day)")
    assert skipped[D("2023-01-03")].reason == "Bank holiday in Scotland: New Year Holiday (substitute day)"
    assert "due by Thursday 19 January 2023" in d.explanation
    assert "10 weekend days and 4 holidays" in d.explanation
    assert "Replied Monday 9 January 2023, after 12 working days: on time." in d.explanation


def test_christmas_2022_foisa():
    # Scotland has the same four days off in that span, so the same due date.
    d = deadline_for(response("2022-12-16", "2023-01-09", legislation="FOISA"), LATER)
    assert d.due == D("2023-01-19")
    assert not FOISA.is_working_day(D("2023-01-03"))
    assert not FOISA.is_working_day(D("2022-12-27"))


@pytest.mark.parametrize("day, name", [
    ("2022-09-19", "State Funeral of Queen Elizabeth II"),
    ("2023-05-08", "Coronation of Charles III"),
    ("2022-06-02", "Spring Bank Holiday"),
    ("2022-06-03", "Platinum Jubilee of Elizabeth II"),
    ("2012-06-04", "Spring Bank Holiday"),
    ("2012-06-05", "Diamond Jubilee of Elizabeth II"),
    ("2011-04-29", "Wedding of William and Catherine"),
    ("2020-05-08", "May Day"),
])
@pytest.mark.parametrize("law", ["FOIA", "FOISA"])
def test_one_off_bank_holidays(day, name, law):
    reason = why_not_working(calendar_for(law), D(day))
    assert reason is not None and reason.endswith(f": {name}")
    parts = "England, Wales, Scotland and Northern Ireland" if law == "FOIA" else "Scotland"
    assert reason.startswith(f"Bank holiday in {parts}:")


def test_moved_may_day_2020():
    assert FOIA.is_working_day(D("2020-05-04"))  # the usual first Monday, moved to Fri 8 May


def test_state_funeral_moves_deadline():
    # Received Mon 12 Sep 2022: 13-16 (4), Mon 19 out, 20-23 (8), 26-30 (13), 3-7 Oct (18),
    # 10-11 Oct (20).
    assert deadline_for(response("2022-09-12", "2022-10-11"), LATER).due == D("2022-10-11")


def test_platinum_jubilee_moves_deadline():
    # Received Fri 27 May 2022: 30, 31 May, 1 Jun (3), Thu 2 and Fri 3 Jun out, 6-10 (8),
    # 13-17 (13), 20-24 (18), 27-28 (20).
    assert deadline_for(response("2022-05-27", "2022-06-20"), LATER).due == D("2022-06-28")


@pytest.mark.parametrize("day, foia_working, foisa_working, where", [
    ("2023-03-17", False, True, "Northern Ireland"),   # St Patrick's Day
    ("2023-07-12", False, True, "Northern Ireland"),   # Battle of the Boyne
    ("2023-11-30", False, False, "Scotland"),          # St Andrew's Day
    ("2023-01-03", False, False, "Scotland"),          # 2 January (substitute day)
    ("2023-08-07", False, False, "Scotland"),          # Scotland's summer bank holiday
    ("2023-08-28", False, True, "England, Wales and Northern Ireland"),  # late summer bank holiday
    ("2023-03-16", True, True, None),
])
def test_union_of_the_uk_under_foia_scotland_only_under_foisa(day, foia_working, foisa_working, where):
    assert FOIA.is_working_day(D(day)) is foia_working
    assert FOISA.is_working_day(D(day)) is foisa_working
    if where:
        assert why_not_working(FOIA, D(day)).startswith(f"Bank holiday in {where}: ")


def test_st_patricks_day_for_an_english_council():
    # Received Fri 10 Mar 2023. FOIA: 13-16 (4), Fri 17 out, 20-24 (9), 27-31 (14), 3-6 Apr (18),
    # 7 and 10 Apr out, 11-12 (20). FOISA: 13-17 (5), 20-24 (10), 27-31 (15), 3-6 (19), Good Friday
    # out, Easter Monday 10 Apr (20).
    assert deadline_for(response("2023-03-10", "2023-04-11"), LATER).due == D("2023-04-12")
    assert deadline_for(response("2023-03-10", "2023-04-11", legislation="FOISA"), LATER).due == D("2023-04-10")


def test_scottish_substitute_for_st_andrews_day():
    assert why_not_working(FOIA, D("2025-12-01")) == "Bank holiday in Scotland: Saint Andrew's Day (substitute day)"


def test_same_day_with_different_names_in_different_parts():
    assert why_not_working(FOIA, D("2023-01-02")) == (
        "Bank holiday in England, Wales, Scotland and Northern Ireland: New Year's Day (substitute day); "
        "bank holiday in Scotland: New Year Holiday")


def test_statute_names_christmas_day_and_good_friday_whatever_the_library_says(monkeypatch):
    monkeypatch.setattr(working_days.holidays, "UK", lambda subdiv: holidays.HolidayBase())
    foia, foisa = WorkingCalendar("FOIA"), WorkingCalendar("FOISA")
    assert why_not_working(foia, D("2023-12-25")) == "Christmas Day"
    assert why_not_working(foia, D("2023-04-07")) == "Good Friday"
    assert foia.is_working_day(D("2023-04-10"))  # with no bank holidays, Easter Monday is a working day
    assert why_not_working(foisa, D("2023-12-25")) == "Christmas Day"
    assert foisa.is_working_day(D("2023-04-07"))  # FOISA s.73 names only Christmas Day


def test_working_day_arithmetic():
    assert FOIA.add_working_days(D("2023-04-06"), 0) == D("2023-04-06")
    assert FOIA.add_working_days(D("2023-04-06"), 1) == D("2023-04-11")
    # received on a Saturday: day 0 is the Saturday, day 1 the Monday
    assert FOIA.add_working_days(D("2023-06-03"), 1) == D("2023-06-05")
    assert FOIA.working_days_between(D("2023-04-06"), D("2023-04-10")) == 0
    assert FOIA.working_days_between(D("2023-04-06"), D("2023-04-06")) == 0
    for start in ("2022-12-16", "2023-04-06", "2022-05-27", "2023-06-03"):
        for n in (1, 5, 20, 40):
            assert FOIA.working_days_between(D(start), FOIA.add_working_days(D(start), n)) == n
    with pytest.raises(ValueError):
        FOIA.working_days_between(D("2023-04-10"), D("2023-04-06"))
    with pytest.raises(ValueError):
        FOIA.add_working_days(D("2023-04-10"), -1)
    with pytest.raises(ValueError):
        WorkingCalendar("DPA")
    assert calendar_for("FOIA") is calendar_for("FOIA")


# --- replies --------------------------------------------------------------------------------


def test_late_reply():
    # due Wed 10 May 2023; Thu 11 and Fri 12 May are the 21st and 22nd working days
    d = deadline_for(response("2023-04-06", "2023-05-12"), LATER)
    assert (d.status, d.working_days_taken, d.working_days_late) == ("late", 22, 2)
    assert "late, 2 working days after the due date" in d.explanation


def test_on_time_reply():
    # 11-14 Apr (4), 17-21 (9), 24-28 (14), 2 May (15)
    d = deadline_for(response("2023-04-06", "2023-05-02"), LATER)
    assert (d.status, d.working_days_taken, d.working_days_late) == ("on_time", 15, 0)


def test_reply_on_the_due_date_is_on_time():
    d = deadline_for(response("2023-04-06", "2023-05-10"), LATER)
    assert (d.status, d.working_days_taken, d.working_days_late) == ("on_time", 20, 0)


def test_reply_on_a_saturday_after_a_friday_deadline_is_late():
    # Received Fri 2 Jun 2023: 5-9 Jun (5), 12-16 (10), 19-23 (15), 26-30 (20): due Fri 30 Jun.
    # A reply on Sat 1 Jul is counted as given Mon 3 Jul, the 21st working day.
    d = deadline_for(response("2023-06-02", "2023-07-01"), LATER)
    assert d.due == D("2023-06-30")
    assert d.reply_counted_on == D("2023-07-03")
    assert (d.status, d.working_days_taken, d.working_days_late) == ("late", 21, 1)
    assert "not a working day, so counted as Monday 3 July 2023" in d.explanation


def test_reply_on_a_saturday_before_a_monday_deadline_is_on_time():
    # Received Mon 5 Jun 2023: 6-9 (4), 12-16 (9), 19-23 (14), 26-30 (19), Mon 3 Jul (20).
    d = deadline_for(response("2023-06-05", "2023-07-01"), LATER)
    assert d.due == D("2023-07-03")
    assert (d.status, d.working_days_taken, d.working_days_late) == ("on_time", 20, 0)
    assert "not a working day, so counted as Monday 3 July 2023" in d.explanation


def test_missing_received_date_is_unknown_and_no_date_is_invented():
    d = deadline_for(response(None, "2023-01-09", outcome="successful"), LATER)
    assert d.status == "unknown"
    assert (d.due, d.clock_start, d.working_days_taken, d.working_days_late) == (None, None, None, None)
    assert "not recorded" in d.explanation


def test_missing_reply_date_on_a_sent_reply_is_unknown_but_the_due_date_stands():
    d = deadline_for(response("2023-04-06", None, outcome="successful"), LATER)
    assert d.status == "unknown"
    assert d.due == D("2023-05-10")
    assert d.working_days_taken is None and d.working_days_late is None


def test_reply_dated_before_receipt_is_unknown():
    d = deadline_for(response("2023-04-06", "2023-04-01"), LATER)
    assert d.status == "unknown" and d.due is None


@pytest.mark.parametrize("today, status, late", [
    ("2023-05-02", "awaiting", None),
    ("2023-05-10", "awaiting", None),   # the due date itself
    ("2023-05-11", "overdue", 1),
    ("2023-05-13", "overdue", 3),       # a Saturday counts as the Monday: 11, 12, 15 May
])
def test_awaiting_or_overdue_depends_on_today(today, status, late):
    d = deadline_for(response("2023-04-06"), D(today))
    assert d.status == status
    assert d.due == D("2023-05-10")
    assert d.working_days_late == late
    assert d.working_days_taken is None


def test_awaiting_says_how_many_working_days_are_left():
    # after Tue 2 May: 3, 4, 5, 9, 10 May
    assert "5 working days left" in deadline_for(response("2023-04-06"), D("2023-05-02")).explanation


def test_clarification_restarts_the_clock():
    # Received Wed 1 Mar 2023 (due Thu 30 Mar without clarification); clarification
    # received Fri 10 Mar: 13-16 (4), Fri 17 St Patrick's Day out, 20-24 (9), 27-31 (14),
    # 3-6 Apr (18), 7 and 10 Apr out, 11-12 (20).
    plain = deadline_for(response("2023-03-01", "2023-04-12"), LATER)
    assert (plain.due, plain.status) == (D("2023-03-30"), "late")
    d = deadline_for(response("2023-03-01", "2023-04-12", events=[
        ("2023-03-03", "clarification_requested"),
        ("2023-03-10", "clarification_received"),
    ]), LATER)
    assert d.clock_start == D("2023-03-10")
    assert d.received == D("2023-03-01")
    assert (d.due, d.status, d.working_days_taken) == (D("2023-04-12"), "on_time", 20)
    assert "clarification was received Friday 10 March 2023" in d.explanation


def test_clarification_awaited_stops_the_clock():
    r = response("2023-03-01", outcome="waiting_clarification",
                 events=[("2023-03-03", "clarification_requested")])
    d = deadline_for(r, D("2023-09-01"))
    assert d.status == "on_hold" and d.due is None


def test_lapsed_clarification_closes_the_request():
    r = response("2023-03-01", events=[("2023-03-03", "clarification_requested"),
                                       ("2023-06-01", "clarification_lapsed")])
    assert deadline_for(r, D("2023-09-01")).status == "closed"


def test_fees_notice_pauses_the_clock():
    # Received Wed 1 Mar 2023: 2 Mar (1); fees notice Fri 3 Mar to payment Fri 10 Mar not
    # counted; 13-16 (5), 17 out, 20-24 (10), 27-31 (15), 3-6 Apr (19), 7 and 10 out, 11 Apr (20).
    d = deadline_for(response("2023-03-01", "2023-04-11", events=[
        ("2023-03-03", "fees_notice"), ("2023-03-10", "fees_paid"),
    ]), LATER)
    assert d.paused == ((D("2023-03-03"), D("2023-03-10")),)
    assert (d.due, d.status, d.working_days_taken) == (D("2023-04-11"), "on_time", 20)
    assert "the 6 working days from the notice to the payment" in d.explanation


def test_unpaid_fee_stops_the_clock():
    r = response("2023-03-01", events=[("2023-03-03", "fees_notice")])
    d = deadline_for(r, D("2023-09-01"))
    assert d.status == "on_hold" and d.due is None
    assert d.paused == ((D("2023-03-03"), None),)


def test_council_extension_gives_on_time_extended():
    # due Wed 10 May 2023; the council moved it to Thu 1 Jun.
    events = [("2023-05-03", "deadline_extended", "2023-06-01")]
    d = deadline_for(response("2023-04-06", "2023-05-25", events=events), LATER)
    assert d.due == D("2023-05-10")
    assert d.extended_to == D("2023-06-01")
    # 11-12 May (2), 15-19 (7), 22-25 (11)
    assert (d.status, d.working_days_late) == ("on_time_extended", 11)
    after = deadline_for(response("2023-04-06", "2023-06-02", events=events), LATER)
    assert after.status == "late"
    waiting = deadline_for(response("2023-04-06", events=events), D("2023-05-20"))
    assert waiting.status == "awaiting_extended"
    assert deadline_for(response("2023-04-06", events=events), D("2023-06-02")).status == "overdue"


def test_eir_extension_to_40_working_days():
    # Received Wed 1 Mar 2023: 20th working day Thu 30 Mar (17 Mar out); 31 Mar (21), 3-6 Apr
    # (25), 7 and 10 out, 11-14 (29), 17-21 (34), 24-28 (39), Mon 1 May out, Tue 2 May (40).
    events = [("2023-03-20", "deadline_extended")]
    d = deadline_for(response("2023-03-01", "2023-04-20", legislation="EIR", events=events), LATER)
    assert (d.due, d.extended_to, d.status) == (D("2023-03-30"), D("2023-05-02"), "on_time_extended")
    # FOIA gives no fixed extension, so without a date from the council the reply is late.
    foia = deadline_for(response("2023-03-01", "2023-04-20", events=events), LATER)
    assert (foia.extended_to, foia.status) == (None, "late")


# --- summaries ------------------------------------------------------------------------------


def _replies(*cases):
    return [deadline_for(response(*case), LATER) for case in cases]


CHRISTMAS_12 = ("2022-12-16", "2023-01-09")   # on time, 12 working days
EASTER_15 = ("2023-04-06", "2023-05-02")      # on time, 15
EASTER_20 = ("2023-04-06", "2023-05-10")      # on time, 20
EASTER_22 = ("2023-04-06", "2023-05-12")      # late, 22
NO_RECEIPT = (None, "2023-05-12")             # unknown


def test_summary_odd_number_of_replies():
    s = summarise(_replies(CHRISTMAS_12, EASTER_20, EASTER_22, NO_RECEIPT))
    assert (s.n, s.on_time, s.late, s.unknown) == (3, 2, 1, 1)
    assert s.median_working_days == 20
    assert s.text() == ("2 of 3 replied within 20 working days (n = 3 with known dates; "
                        "median 20 working days); 1 with unknown dates")


def test_summary_even_number_of_replies():
    s = summarise(_replies(CHRISTMAS_12, EASTER_15, EASTER_20, EASTER_22, NO_RECEIPT, NO_RECEIPT))
    assert (s.n, s.on_time, s.late, s.unknown) == (4, 3, 1, 2)
    assert s.median_working_days == 17.5
    assert "3 of 4 replied within 20 working days (n = 4 with known dates; median 17.5 working days)" in s.text()
    assert "2 with unknown dates" in s.text()


def test_summary_counts_extended_awaiting_and_overdue_apart():
    extended = deadline_for(response("2023-04-06", "2023-05-25",
                                     events=[("2023-05-03", "deadline_extended", "2023-06-01")]), LATER)
    awaiting = deadline_for(response("2023-04-06"), D("2023-05-02"))
    overdue = deadline_for(response("2023-04-06"), D("2023-05-11"))
    s = summarise([extended, awaiting, overdue, *_replies(EASTER_15)])
    assert (s.n, s.on_time, s.on_time_extended, s.late, s.awaiting, s.overdue) == (2, 1, 1, 0, 1, 1)
    assert s.median_working_days == (15 + 31) / 2  # 11 working days after the due date: 31 taken
    assert s.text().startswith("1 of 2 replied within 20 working days (n = 2 with known dates;")
    assert "1 more by a date the council extended it to" in s.text()


def test_summary_of_nothing_known():
    s = summarise(_replies(NO_RECEIPT))
    assert s.n == 0 and s.median_working_days is None
    assert s.text() == "No replies with known dates (n = 0); 1 with unknown dates"
