"""Rules that need more than one field or more than one file.

Each rule is a small function yielding `(loc, message, hint)` for an error, where `loc`
is the path of keys and list positions the problem is at; the caller turns it into a
line and column. Warnings of personal details in free text come from personal.py.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Iterable, Iterator

from generator.load import casing
from generator.common.escape import first_hidden
from generator.load.models import SLUG_RE, Answer, OtherBody, QuestionSet, Response, Topic
from generator.load.register import Register
from generator.load.succession import last_day, predecessors, successors_on

Finding = tuple[tuple, str, str]

FOIA_IN_FORCE = dt.date(2005, 1, 1)

# Ids taken by a set's other pages (analyse/formatting.py) or download columns (exports/wide.py).
RESERVED_QUESTION_IDS = ("ask", "deadlines", "outcomes", "response")


def _close(word: str, choices) -> str:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{found[0]}`? " if found else ""


def check_question_set(qs: QuestionSet, file_stem: str) -> Iterator[Finding]:
    if qs.id != file_stem:
        yield ("id",), f"`id` is '{qs.id}' but the file is named '{file_stem}.yaml'", \
            f"rename the file to {qs.id}.yaml, or change `id` to {file_stem}"
    if qs.sent and qs.year and qs.sent.year != qs.year:
        yield ("year",), f"`year` is {qs.year} but `sent` is in {qs.sent.year}", "leave `year` out when `sent` is given"
    seen: dict[str, tuple] = {}
    for i, q in enumerate(qs.questions):
        entries = [(("questions", i), q)] + [(("questions", i, "parts", j), p) for j, p in enumerate(q.parts)]
        for loc, item in entries:
            if item.id in seen:
                yield loc + ("id",), f"question id `{item.id}` is used twice", \
                    "every question and sub-question needs its own id"
            seen.setdefault(item.id, loc)
            if item.id in RESERVED_QUESTION_IDS:
                yield loc + ("id",), f"question id `{item.id}` is taken by another page or download column of the question set", \
                    f"choose another id: {', '.join(RESERVED_QUESTION_IDS)} are taken"
            if item.options and item.kind != "choice":
                yield loc + ("options",), "`options` is only for questions of kind `choice`", \
                    "set `kind: choice` or remove `options`"


REGISTER_CODE_HINT = ("use the council's code from the register: search for the council's name in "
                      "generator/load/data/uk-local-authorities/uk_local_authorities_future.csv")


def _suggest_codes(code: str, register: Register) -> str:
    """"did you mean LCE? " for a mistaken council code, or nothing."""
    codes = register.suggest(code)
    return f"did you mean {' or '.join(codes)}? " if codes else ""


def check_audience(qs: QuestionSet, register: Register) -> Iterator[Finding]:
    """The codes a question set's `sent_to` names are in the register."""
    if qs.sent_to is None:
        return
    for key in ("include", "exclude"):
        for i, code in enumerate(getattr(qs.sent_to, key)):
            if register.get(code) is None:
                yield ("sent_to", key, i), f"`sent_to: {key}`: '{code}' is not a council code in the register", \
                    _suggest_codes(code, register) + "use the register's code"


def check_topic(topic: Topic, file_stem: str, sets: dict[str, QuestionSet],
                unchecked: Collection[str] = ()) -> Iterator[Finding]:
    """A topic's file name matches its id, and every question it joins exists, once (a
    question set in `unchecked` has problems of its own, reported at its file)."""
    if topic.id != file_stem:
        yield ("id",), f"`id` is '{topic.id}' but the file is named '{file_stem}.yaml'", \
            f"rename the file to {topic.id}.yaml, or change `id` to {file_stem}"
    seen = set()
    for i, ref in enumerate(topic.questions):
        qs = sets.get(ref.question_set)
        if qs is None and ref.question_set in unchecked:
            continue
        if qs is None:
            yield ("questions", i, "question_set"), f"there is no question set '{ref.question_set}'", \
                _close(ref.question_set, sets) + "question sets: " + ", ".join(sorted(sets))
            continue
        ids = [q.id for q in qs.all_questions()]
        if ref.question not in ids:
            yield ("questions", i, "question"), f"question `{ref.question}` is not in question set {qs.id}", \
                _close(ref.question, ids) + "questions: " + ", ".join(ids)
        elif (qs.id, ref.question) in seen:
            yield ("questions", i), f"question `{ref.question}` of {qs.id} is listed twice", "list each question once"
        seen.add((qs.id, ref.question))
    if len({ref.question_set for ref in topic.questions}) < 2:
        yield ("questions",), "a topic joins questions from at least two question sets", \
            "add the matching question from another question set, or leave the topic out"


def _is_id(value: object) -> bool:
    """Whether `value` is written as an id is; the model reports any other value."""
    return isinstance(value, str) and re.fullmatch(SLUG_RE, value) is not None


def check_references(data: object, register: Register, sets: dict[str, QuestionSet],
                     unchecked: Collection[str] = ()) -> Iterator[Finding]:
    """The council, question set and question ids a response file names exist.

    Runs on the file's raw data, so these are reported even when other parts of the
    file do not yet fit the model. Ids that are not written as ids are left to the
    model's message, and a question set in `unchecked` (its own file has problems) to
    that file's."""
    if not isinstance(data, dict):
        return
    code = data.get("council")
    if isinstance(code, str) and register.get(code) is None:
        fixed = casing.recased(code, lambda c: register.get(c) is not None)
        if fixed is not None:
            yield ("council",), *casing.case_message("council", fixed)
        else:
            yield ("council",), f"`council`: '{code}' is not a council code in the register", \
                _suggest_codes(code, register) + REGISTER_CODE_HINT
    set_id = data.get("question_set")
    if not _is_id(set_id) or (set_id in unchecked and set_id not in sets):
        return
    if set_id not in sets:
        yield ("question_set",), f"`question_set`: there is no question set '{set_id}'", \
            _close(set_id, sets) + "question sets: " + ", ".join(sorted(sets))
        return
    if not isinstance(data.get("answers"), list):
        return
    ids = [q.id for q in sets[set_id].all_questions()]
    for i, answer in enumerate(data["answers"]):
        if not isinstance(answer, dict):
            continue
        for key in ("questions", "see"):
            if not isinstance(answer.get(key), list):
                continue
            for j, qid in enumerate(answer[key]):
                if _is_id(qid) and qid not in ids:
                    yield ("answers", i, key, j), f"question `{qid}` is not in question set {set_id}", \
                        _close(qid, ids) + "questions: " + ", ".join(ids)


# How the message that a response is in the wrong place begins (see `check_duplicates`).
MISPLACED = "this response belongs at "


def check_response(resp: Response, register: Register, sets: dict[str, QuestionSet],
                   rel_path: str, today: dt.date) -> Iterator[Finding]:
    """Rules within a response that fits the model (its references are checked apart)."""
    council = register.get(resp.council)
    qs = sets.get(resp.question_set)
    if council is not None and qs is not None:
        expected = f"content/responses/{council.slug}/{qs.id}.yaml"
        if rel_path != expected:
            yield ("council",), f"{MISPLACED}{expected}", \
                "move or rename the file so its folder is the council's code and its name is the question set"
    yield from _check_dates(resp, today)
    yield from check_after_abolition(resp, register)
    yield from check_before_creation(resp, register)
    if qs is not None:
        yield from check_after_sent(resp, qs)
    yield from check_answered_once(resp)
    yield from check_addresses(resp)
    yield from _check_reuse(resp)
    for i, answer in enumerate(resp.answers):
        yield from _check_answer(answer, ("answers", i), resp)


def _check_dates(resp: Response, today: dt.date) -> Iterator[Finding]:
    dated = [(("dates", "received"), resp.dates.received), (("dates", "responded"), resp.dates.responded)]
    dated += [(("dates", "events", i, "date"), e.date) for i, e in enumerate(resp.dates.events)]
    for loc, day in dated:
        if day is None:
            continue
        if day < FOIA_IN_FORCE:
            yield loc, f"`{loc[-1]}` is {day.isoformat()}, before the Freedom of Information Act came into force (2005-01-01)", \
                "check the year"
        if day > today:
            yield loc, f"`{loc[-1]}` is {day.isoformat()}, which is in the future", "check the year and month"
    received, responded = resp.dates.received, resp.dates.responded
    if received and responded and responded < received:
        yield ("dates", "responded"), \
            f"`responded` ({responded.isoformat()}) is before `received` ({received.isoformat()})", \
            "check both dates; the reply cannot come before the request"


_COUNCILS_OWN_EVENTS = frozenset({
    "acknowledged", "clarification_requested", "delayed", "deadline_extended", "fees_notice",
    "narrowing_offered", "partial_response", "internal_review_response",
})
"""Steps a council takes itself; the requester's and the Commissioner's may come later."""


def check_after_abolition(resp: Response, register: Register) -> Iterator[Finding]:
    """A council cannot receive or answer a request after it was abolished: a reply dated
    later came from the authority that took over its work."""
    council = register.get(resp.council)
    last = last_day(council, register) if council is not None else None
    if last is None:
        return
    for loc, day in _response_dates(resp, _COUNCILS_OWN_EVENTS):
        if day <= last:
            continue
        successors = successors_on(council, day, register)
        if successors:
            codes = " or ".join(f"`council: {s.code}` ({s.official_name})" for s in successors)
            hint = (f"a reply from then came from its successor: use {codes} and move the file to "
                    f"content/responses/{successors[0].slug}/{resp.question_set}.yaml; or check the date")
        else:
            hint = "the register names no council that took over its work; check the date"
        yield loc, (f"`{loc[-1]}` is {day.isoformat()}, but {council.official_name} was abolished: its last "
                    f"day was {last.isoformat()}"), hint


def check_before_creation(resp: Response, register: Register) -> Iterator[Finding]:
    """A council cannot reply before it came into being. Only the reply's own date is
    checked: a request its predecessor received and acknowledged may be answered by it."""
    council = register.get(resp.council)
    start = council.came_into_being if council is not None else None
    day = resp.dates.responded
    if start is None or day is None or day >= start:
        return
    before = predecessors(council, register)
    if before:
        codes = " or ".join(f"`council: {c.code}` ({c.official_name})" for c in before)
        hint = f"a reply from then came from the council it replaced: use {codes}; or check the date"
    else:
        hint = "check the date"
    yield ("dates", "responded"), (f"`responded` is {day.isoformat()}, but {council.official_name} came into "
                                   f"being on {start.isoformat()}"), hint


def check_set_dates(qs: QuestionSet, today: dt.date) -> Iterator[Finding]:
    """A question set was sent on a day that has been, after the Act came into force."""
    if qs.sent and qs.sent > today:
        yield ("sent",), f"`sent` is {qs.sent.isoformat()}, which is in the future", "check the year and month"
    if qs.sent and qs.sent < FOIA_IN_FORCE:
        yield ("sent",), f"`sent` is {qs.sent.isoformat()}, before the Freedom of Information Act came into " \
            "force (2005-01-01)", "check the year"
    if qs.year and qs.year > today.year:
        yield ("year",), f"`year` is {qs.year}, which is in the future", "check the year"


def _response_dates(resp: Response, events: Collection[str] | None = None) -> list[tuple[tuple, dt.date]]:
    """Where each date of a reply is and the date: received, responded and its events'
    (only those of the kinds in `events`, when given)."""
    dated = [(("dates", "received"), resp.dates.received), (("dates", "responded"), resp.dates.responded)]
    dated += [(("dates", "events", i, "date"), e.date) for i, e in enumerate(resp.dates.events)
              if events is None or e.event in events]
    return [(loc, day) for loc, day in dated if day is not None]


def check_after_sent(resp: Response, qs: QuestionSet) -> Iterator[Finding]:
    """Nothing in a reply is dated before its question set was sent (a date before the
    Act came into force is told that instead, by `_check_dates`)."""
    for loc, day in _response_dates(resp):
        if day < FOIA_IN_FORCE:
            continue
        if qs.sent and day < qs.sent:
            yield loc, f"`{loc[-1]}` is {day.isoformat()}, before the question set was sent ({qs.sent.isoformat()})", \
                f"check this date, and `sent` in question set {qs.id}"
        elif not qs.sent and qs.year and day.year < qs.year:
            yield loc, f"`{loc[-1]}` is {day.isoformat()}, before the year the question set was sent ({qs.year})", \
                f"check this date, and `year` in question set {qs.id}"


def _response_addresses(resp: Response) -> Iterator[tuple[tuple, str | None]]:
    yield ("source", "url"), resp.source.url
    for i, attachment in enumerate(resp.source.attachments):
        yield ("source", "attachments", i, "url"), attachment.url
    for i, answer in enumerate(resp.answers):
        for j, body in enumerate(answer.redirect_to):
            yield ("answers", i, "redirect_to", j, "url"), body.url
        for j, contact in enumerate(answer.contacts):
            yield ("answers", i, "contacts", j, "url"), contact.url
    for i, contact in enumerate(resp.contacts):
        yield ("contacts", i, "url"), contact.url


def check_addresses(item: Response | QuestionSet | OtherBody) -> Iterator[Finding]:
    """No web address holds a character that hides or reorders what it reads as: a link
    must go where it seems to."""
    if isinstance(item, Response):
        addresses = list(_response_addresses(item))
    elif isinstance(item, QuestionSet):
        addresses = [(("source_url",), item.source_url)]
    else:
        addresses = [(("url",), item.url)]
    for loc, url in addresses:
        hidden = first_hidden(url) if url else None
        if hidden is not None:
            yield loc, f"`{loc[-1]}` holds a hidden character, U+{ord(hidden):04X}, that changes how the address " \
                "reads", "copy the address again from the browser's address bar"


def check_answered_once(resp: Response) -> Iterator[Finding]:
    """Each question is answered by one answer, and named there once: a second answer
    is a mistaken id, or more of the council's words that belong in the first's `text`."""
    return answered_once(enumerate(resp.answers))


def answered_once(numbered: Iterable[tuple[int, Answer]]) -> Iterator[Finding]:
    """check_answered_once over answers given with their places in `answers` (those of a
    file that fit the model, when the file as a whole does not)."""
    first: dict[str, int] = {}
    for i, answer in numbered:
        for j, qid in enumerate(answer.questions):
            loc = ("answers", i, "questions", j)
            if first.get(qid) == i:
                yield loc, f"question `{qid}` is listed twice in this answer", "list each question once"
            elif qid in first:
                yield loc, f"question `{qid}` is answered twice: answer {first[qid] + 1} of `answers` covers it too", \
                    "put everything the council said about it in one answer, or correct the question's id"
            first.setdefault(qid, i)


def _check_reuse(resp: Response) -> Iterator[Finding]:
    reuse = resp.reuse
    if reuse.terms == "restricted" and not reuse.wording:
        yield ("reuse", "wording"), "`wording` is missing: restricted re-use needs the council's own words", \
            "copy the council's paragraph about re-use, verbatim"
    if reuse.terms == "not_stated" and reuse.wording:
        yield ("reuse", "terms"), "`terms` is not_stated but `wording` gives the council's words on re-use", \
            "choose ogl if the council expressly uses the Open Government Licence, otherwise restricted"
    if reuse.attribution and reuse.terms != "ogl":
        yield ("reuse", "attribution"), "`attribution` is only for replies under the Open Government Licence", \
            "move the words to `wording`"


_NEEDS_WORDS = {"answered", "partially_answered", "not_held", "refused", "redirected", "see_other_answer",
                "not_applicable", "clarification_requested"}


def _check_answer(answer: Answer, loc: tuple, resp: Response) -> Iterator[Finding]:
    if answer.outcome == "see_other_answer" and not answer.see:
        yield loc + ("see",), "`see` is missing: which question's answer does this point to?", \
            "add `see: [q1]` with the question the council referred to"
    if answer.outcome == "redirected" and not answer.redirect_to:
        yield loc + ("redirect_to",), "`redirect_to` is missing: which body did the council point to?", \
            "add `redirect_to:` with the body's `name` (and `url` if given)"
    if answer.outcome == "in_attachment":
        titles = [a.title for a in resp.source.attachments]
        if answer.attachment not in titles:
            yield loc + ("attachment",), "`attachment` must name one of the reply's attachments", \
                "list the file under `source: attachments:` and give its exact title here"
    if answer.outcome in _NEEDS_WORDS and not answer.text and not answer.contacts:
        yield loc + ("text",), "`text` is missing: the council's words are needed", \
            "copy the council's answer verbatim"
    for k, value in enumerate(answer.values):
        vloc = loc + ("values", k)
        kinds = [n for n in ("number", "yes_no", "choice") if getattr(value, n) is not None]
        if len(kinds) != 1:
            yield vloc, "a value needs exactly one of `number`, `yes_no` or `choice`", \
                "give the number (or yes/no, or choice) read from the council's words"
        if value.unit and value.number is None:
            yield vloc + ("unit",), "`unit` only goes with `number`", "add `number` or remove `unit`"
        if value.counting and value.unit != "count":
            yield vloc + ("counting",), "`counting` only goes with `unit: count`", "set `unit: count`"
        if value.question is None and len(answer.questions) > 1:
            yield vloc, "`question` is missing: this answer covers several questions", \
                "say which question this value answers"
        if value.question is not None and value.question not in answer.questions:
            yield vloc + ("question",), f"`question` {value.question} is not one of this answer's questions", \
                "use one of: " + ", ".join(answer.questions)
        # Words found as they are are found squashed too: the squashing only when not.
        if value.quote and value.quote not in (answer.text or "") \
                and _squash(value.quote) not in _squash(answer.text or ""):
            yield vloc + ("quote",), "`quote` must be words copied exactly from this answer's `text`", \
                "copy the words the value was read from"


def _squash(text: str) -> str:
    return " ".join(text.split())


def _in_place(path: str, council: str, set_id: str) -> bool:
    return path.endswith(f"/{council.lower()}/{set_id}.yaml")


def check_duplicates(claims: list[tuple[str, str, str]]) -> Iterator[tuple[str, Finding]]:
    """Two files claiming the same council and question set: `claims` are (path, council,
    question set) of each response that fits the model. A file told here to merge into
    another is not to be told to move as well (the message beginning `MISPLACED`): moving
    it would put it where the other file is."""
    seen: dict[tuple[str, str], str] = {}
    # A file in its proper place holds the claim; the others are told where it is.
    for path, council, set_id in sorted(claims, key=lambda c: (not _in_place(*c), c[0])):
        key = (council, set_id)
        if key in seen:
            yield path, (("council",), f"{seen[key]} already holds {council}'s response to {set_id}",
                         f"merge this file into {seen[key]}, then delete this one")
        else:
            seen[key] = path
