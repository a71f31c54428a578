"""The rows of a question set's downloads: one per council that replied and question, put
together from runs of columns (see runs.py), and as the UTF-8 pieces the files are
written from: long for the whole log, and wide (one row per reply) for the set's own
file."""

from __future__ import annotations

import operator
import typing
from dataclasses import dataclass
from typing import Any

from generator.analyse import analysis
from generator.analyse.formatting import OGL_DEFAULT_ATTRIBUTION, format_value, response_url
from generator.exports.columns import FIELD_NAMES, LIST_SEPARATOR, MIXED, WORDS_SEPARATOR
from generator.exports.jsonfile import JSON_FIRST_ROW, JSON_NEXT_ROW, ROW_ENCODER, json_string
from generator.exports.runs import (NO_ANSWER_RUN, NO_LISTS, Recurring, Run, common_measure_data, contact_data,
                                    contact_text, joined, json_number, text_pieces, value_data)
from generator.exports.tables import LINE_TERMINATOR
from generator.exports.wide import answer_cells, response_cells
from generator.load.catalogue import Catalogue, Entry
from generator.load.models import Answer, Contact, QuestionSet, Value


def _question_run(qs: QuestionSet, position: int, q: analysis.AnyQuestion) -> Run:
    parent = analysis.parent_of(qs, q.id)
    return Run({
        "question_set": qs.id,
        "question_set_title": qs.title,
        "question_position": position,
        "question_id": q.id,
        "parent_question_id": parent.id if parent else None,
        "question_label": analysis.label(q, qs),
        "question_text": q.text,
    })


def _council_run(entry: Entry) -> Run:
    council = entry.council
    return Run({
        "council_code": council.code,
        "council_name": council.official_name,
        "council_short_name": council.nice_name,
        "gss_code": council.gss_code or None,
        "nation": council.nation,
        "region": council.region or None,
    })


def _response_run(entry: Entry) -> Run:
    response = entry.response
    reuse = response.reuse
    return Run({
        "reuse_terms": reuse.terms,
        "restricted": reuse.terms == "restricted",
        "reuse_wording": reuse.wording,
        "reuse_attribution": (reuse.attribution or OGL_DEFAULT_ATTRIBUTION) if reuse.terms == "ogl" else None,
        "legislation": response.legislation,
        "response_outcome": response.outcome,
        "response_incomplete_copy": response.incomplete_copy,
        "reference": response.reference,
        "received": response.dates.received.isoformat() if response.dates.received else None,
        "responded": response.dates.responded.isoformat() if response.dates.responded else None,
        "source_url": response.source.url,
        "response_page": response_url(entry),
    })


# The answer's columns, in order, as `_answer_runs` puts them together: two runs of columns
# whose values recur, and columns written alone.
_ANSWER_COLUMNS = FIELD_NAMES[FIELD_NAMES.index("outcome"):FIELD_NAMES.index("reuse_terms")]
_STATED = ("outcome", "outcomes", "outcome_as_stated", "sections", "refers_to", "redirected_to", "attachment")
_MEASURE = ("unit", "counting", "per", "qualifier", "period", "as_of", "yes_no", "choice")
_COMMON = ("common_unit", "common_exact")
assert _ANSWER_COLUMNS == (*_STATED, "words", "value", *_MEASURE, "values_read", "common_value", *_COMMON,
                           "value_text", "contacts", "note", "incomplete_copy")
_NO_MEASURE = (None,) * len(_MEASURE)
_NO_COMMON = (None,) * len(_COMMON)
# The fields of a value (`value_data`) between its number and its quote.
_VALUE_MEASURE = ("unit", "counting", "per", "qualifier", "yes_no", "choice", "period", "as_of")
_value_measure = operator.itemgetter(*_VALUE_MEASURE)


class _AnswerRun(Run):
    """An answer's columns (see `_answer_runs`), whose values by name are put together only
    when asked for: the downloads need the texts alone."""

    __slots__ = ("_values",)

    def __init__(self, values: tuple, csv_text: str, json_text: str):
        self._values, self.csv, self.json = values, csv_text, json_text

    @property
    def fields(self) -> dict[str, Any]:
        return dict(zip(_ANSWER_COLUMNS, self._values))


def _from_statements(found: list[Answer], qid: str) -> tuple[list[Value], list[Contact], tuple, str | None, str | None]:
    """What the statements answering a question give its row: the values read for it, the
    contacts, the columns outcome_as_stated to attachment, the words and the note, each
    joined from every statement (`joined`)."""
    if len(found) == 1:  # most rows: one statement, whose lists are taken as they are
        (a,) = found
        redirected = joined([b.name for b in a.redirect_to]) if a.redirect_to else None
        return (analysis.values_for(a, qid), a.contacts,
                (a.outcome or None, joined(a.sections), joined(a.see), redirected, a.attachment or None),
                a.text or None, a.note or None)
    return ([v for a in found for v in analysis.values_for(a, qid)],
            [c for a in found for c in a.contacts],
            (joined([a.outcome for a in found]),
             joined([s for a in found for s in a.sections]),
             joined([s for a in found for s in a.see]),
             joined([b.name for a in found for b in a.redirect_to]),
             joined([a.attachment for a in found])),
            joined([a.text for a in found], WORDS_SEPARATOR),
            joined([a.note for a in found], WORDS_SEPARATOR))


class _AnswerTexts:
    """What the answers of one question set have in common, made once: the CSV cells and
    JSON members of the runs of columns whose values recur (`Recurring`), and the JSON
    members of the values' recurring fields."""

    def __init__(self) -> None:
        self.stated = Recurring(_STATED)
        self.measure = Recurring(_MEASURE)
        self.common = Recurring(_COMMON)
        self.value_measure = Recurring(_VALUE_MEASURE, csv_cells=False)


def _answer_runs(qid: str, found: list[Answer], outcomes: tuple[str, ...], publish_personal_contacts: bool,
                 texts: _AnswerTexts) -> tuple[Run, Run]:
    """The answer's columns, and the JSON rows' lists of values and contacts.

    The texts are put together from pieces: those of the columns whose values recur, from
    `texts`, and the others' cells and members, each made alone (see `text_pieces`); a
    test checks every file against what the csv and json modules write for its rows."""
    values, contacts, as_stated, words, note = _from_statements(found, qid)
    value_texts = [format_value(v) for v in values]
    stated = (outcomes[0] if len(outcomes) == 1 else MIXED, LIST_SEPARATOR.join(outcomes), *as_stated)
    first = values[0] if values else None  # the value columns describe the first value read
    number = json_number(first.number) if first else None
    if first is None:
        measure, common, common_number = _NO_MEASURE, _NO_COMMON, None
    else:
        counted = number is not None  # a unit and qualifier say nothing of a yes/no or a choice
        measure = (first.unit if counted else None, first.counting if counted else None,
                   first.per if counted else None, first.qualifier if counted else None, first.period,
                   first.as_of.isoformat() if first.as_of else None, first.yes_no, first.choice)
        measured = common_measure_data(first) if counted else None
        common_number = measured["common_number"] if measured else None
        common = (measured["common_unit"], measured["common_exact"]) if common_number is not None else _NO_COMMON
    value_text = LIST_SEPARATOR.join(value_texts) or None
    contacts_text = "\n".join(contact_text(c, publish_personal_contacts) for c in contacts) or None

    stated_csv, stated_json = texts.stated[stated]
    measure_csv, measure_json = texts.measure[measure]
    common_csv, common_json = texts.common[common]
    words_csv, words_json = text_pieces(words)
    number_text = "" if number is None else repr(number)  # as csv.writer and json write an int or float
    common_text = "" if common_number is None else repr(common_number)
    value_text_csv, value_text_json = text_pieces(value_text)
    contacts_csv, contacts_json = text_pieces(contacts_text)
    note_csv, note_json = text_pieces(note)
    incomplete = (found[0].incomplete_copy if len(found) == 1 else
                  joined([a.incomplete_copy for a in found], WORDS_SEPARATOR))
    incomplete_csv, incomplete_json = text_pieces(incomplete)
    answer = _AnswerRun(
        (*stated, words, number, *measure, len(values), common_number, *common, value_text, contacts_text, note,
         incomplete),
        f"{stated_csv},{words_csv},{number_text},{measure_csv},{len(values)},{common_text},{common_csv},"
        f"{value_text_csv},{contacts_csv},{note_csv},{incomplete_csv}",
        f'{stated_json}, "words": {words_json}, "value": {number_text or "null"}, {measure_json}, '
        f'"values_read": {len(values)}, "common_value": {common_text or "null"}, {common_json}, '
        f'"value_text": {value_text_json}, "contacts": {contacts_json}, "note": {note_json}, '
        f'"incomplete_copy": {incomplete_json}')
    if not values and not contacts:
        return answer, NO_LISTS
    value_objects = [value_data(v, t) for v, t in zip(values, value_texts)]
    contact_objects = [contact_data(c, publish_personal_contacts) for c in contacts]
    return answer, Run.of(
        {"values": value_objects, "contact_details": contact_objects}, "",
        f'"values": [{", ".join([_value_json(v, texts) for v in value_objects])}], '
        f'"contact_details": {ROW_ENCODER.encode(contact_objects) if contact_objects else "[]"}')


def _value_json(value: dict[str, Any], texts: _AnswerTexts) -> str:
    """A value's JSON object (`value_data`), as ROW_ENCODER writes it, from pieces as an
    answer's columns are (see `_answer_runs`)."""
    number = value["number"]
    _, measure = texts.value_measure[_value_measure(value)]
    question, quote = value["question"], value["quote"]
    common, exact = value["common_number"], value["common_exact"]
    return (f'{{"question": {"null" if question is None else json_string(question)}, '
            f'"number": {"null" if number is None else repr(number)}, {measure}, '
            f'"quote": {"null" if quote is None else json_string(quote)}, "text": {json_string(value["text"])}, '
            f'"common_number": {"null" if common is None else repr(common)}, '
            f'"common_unit": {"null" if common is None else json_string(value["common_unit"])}, '
            f'"common_exact": {"null" if exact is None else ("true" if exact else "false")}}}')


class _Coverage:
    """Which questions of a set an answer covers (analysis.covers), worked out once for
    each list of questions that answers name rather than once per answer and question:
    what an answer covers depends only on the questions it names."""

    def __init__(self, qs: QuestionSet):
        self.qs = qs
        self.order = [q.id for q in qs.all_questions()]
        self.known: dict[tuple[str, ...], tuple[str, ...]] = {}

    def __call__(self, answer: Answer) -> tuple[str, ...]:
        key = tuple(answer.questions)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = tuple(q for q in self.order if analysis.covers(answer, self.qs, q))
        return found


def _council_order(entry: Entry) -> tuple[str, str, str]:
    """Councils by short name, ignoring case, then by code."""
    return entry.council.nice_name.casefold(), entry.council.nice_name, entry.council.code


_Row = tuple[Run, Run, Run, Run, Run]  # question, council, answer, response, lists


def set_rows(catalogue: Catalogue, qs: QuestionSet, publish_personal_contacts: bool) -> typing.Iterator[_Row]:
    """Every row of one question set, in file order: each council that replied, by
    `_council_order`, then each question and sub-question in the set's order. The answers
    to a question are the statements covering it (as analysis.answers_to finds them), and
    their outcomes are followed through see_other_answer (analysis.resolved_outcome)."""
    questions = [(q.id, _question_run(qs, position, q)) for position, q in enumerate(qs.all_questions(), start=1)]
    covered = _Coverage(qs)
    texts = _AnswerTexts()
    for entry in sorted(catalogue.entries_for_set(qs.id), key=_council_order):
        council, response = _council_run(entry), _response_run(entry)
        found: dict[str, list[Answer]] = {qid: [] for qid, _ in questions}
        for a in entry.response.answers:
            for qid in covered(a):
                found[qid].append(a)
        for qid, question in questions:
            answers = found[qid]
            if not answers:
                yield question, council, NO_ANSWER_RUN, response, NO_LISTS
                continue
            outcomes = ((analysis.resolved_outcome(entry, answers[0]),) if len(answers) == 1 else
                        tuple(dict.fromkeys(analysis.resolved_outcome(entry, a) for a in answers)))
            answer, lists = _answer_runs(qid, answers, outcomes, publish_personal_contacts, texts)
            yield question, council, answer, response, lists


@dataclass
class SetLines:
    """One question set's rows in UTF-8, in pieces: the `long` pieces joined are its rows
    as the whole log's CSV file has them, the `json` pieces its JSON rows as a download
    lays them out (each on a line of its own, separated by commas: see
    jsonfile.JSON_ROW_START), and the `wide` pieces its own CSV file's rows (wide.py)."""

    long: list[bytes]
    json: list[bytes]
    wide: list[bytes]


def set_lines(catalogue: Catalogue, qs: QuestionSet, publish_personal_contacts: bool) -> SetLines:
    """One question set's rows in UTF-8, in pieces (`SetLines`).

    A row's pieces are its runs' texts with the separators between them, each run's
    encoded once (the question's once per set, the council's and the response's once per
    reply), so that a row's text is copied once, when the pieces are joined. A wide row
    is its reply's columns, then each question's answer columns in the set's order, as
    the long rows come."""
    csv_pieces: list[bytes] = []
    json_pieces: list[bytes] = []
    wide_pieces: list[str] = []
    questions: dict[Run, tuple[bytes, bytes]] = {}
    reply = None
    for question, council, answer, response, lists in set_rows(catalogue, qs, publish_personal_contacts):
        if response is not reply:
            if reply is not None:
                wide_pieces.append(LINE_TERMINATOR)
            reply = response
            csv_council, csv_response = f",{council.csv},".encode(), f",{response.csv}{LINE_TERMINATOR}".encode()
            json_council, json_response = f", {council.json}, ".encode(), f", {response.json}, ".encode()
            wide_pieces.append(response_cells(qs.id, council, response))
        if question not in questions:
            questions[question] = question.csv.encode(), ("{" + question.json).encode()
        csv_question, json_question = questions[question]
        csv_pieces += (csv_question, csv_council, answer.csv.encode(), csv_response)
        json_pieces += (JSON_NEXT_ROW, json_question, json_council, answer.json.encode(), json_response,
                        (lists.json + "}").encode())
        wide_pieces += (",", answer_cells(answer))
    if json_pieces:
        json_pieces[0] = JSON_FIRST_ROW
    if wide_pieces:
        wide_pieces.append(LINE_TERMINATOR)
    return SetLines(csv_pieces, json_pieces, ["".join(wide_pieces).encode()] if wide_pieces else [])
