"""Open data downloads: every answer as CSV and JSON, described by a published schema.

One row per council and question: every council that replied to a question set has one
row for every question and sub-question of that set, in the set's order, including the
questions it left unanswered (outcome `no_answer`). Rows come in a fixed order (question
set id, then council short name ignoring case, then question order) and the files carry no
timestamps, so the same content always gives byte-identical files.

Files, as paths under the site's docs folder (see `export_files`):

- `data/answers.csv`, `data/answers.json`: every question set;
- `data/question-sets/<set id>.csv`, `.json`: one question set (in a folder of their
  own, so that no question set id can clash with the files above);
- `data/datapackage.json`: a Frictionless Data Package describing every file, with a
  Table Schema for each CSV file;
- `data/answers.schema.json`: a JSON Schema (draft 2020-12) for the JSON files.

CSV files are UTF-8 with a byte-order mark (without one, Excel reads them in the system's
legacy code page and shows £ as Â£), comma-separated, with a header row, fields
quoted only where needed, and lines ending in LF (`\\n`). RFC 4180 prefers CRLF, but the
site's writer compares files as text, where CRLF reads back as LF: CRLF files would be
rewritten on every build, and `mkdocs serve` would rebuild in a loop. For the same reason
line breaks inside text cells are written as LF. Every common CSV reader accepts LF.

Council text is untrusted. In the CSV files a text cell that would begin with `=`, `+`,
`-`, `@`, a tab or a carriage return, even after spaces or line breaks, which a
spreadsheet program may run as a formula, is prefixed with an apostrophe. The JSON files keep the exact text; number, date and
true/false cells are never altered.

Re-use: there is no single licence. Each row carries its council's terms
(`reuse_terms`, `restricted`, `reuse_wording`, `reuse_attribution`), and the register's
CC BY 4.0 attribution covers the council columns. Named officers' direct email addresses
and phone numbers are left out of the `contacts` column unless the site publishes them,
as on the site's pages; in the council's own words they are withheld as the file is
read (personal.py), so the downloads show the words the pages show.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import operator
import os
import posixpath
import typing
from pathlib import Path
from dataclasses import dataclass
from typing import Any

from generator.analyse import analysis
from generator.load.catalogue import Catalogue, Entry
from generator.load.models import (ANSWER_OUTCOMES, RESPONSE_OUTCOMES, Answer, Contact, Legislation, Qualifier,
                                   QuestionSet, ReuseTerms, Unit, Value)
from generator.write.files import StreamedFile
from generator.analyse.coverage import audience_note
from generator.load.register import REGISTER_ATTRIBUTION, REGISTER_LICENCE_URL, REGISTER_SOURCE_URL
from generator.analyse.formatting import OGL_DEFAULT_ATTRIBUTION, OGL_URL, format_value, response_url
from generator.analyse.measure import COMMON_UNITS, RULES as CONVERSION_RULES, common_measure

# Rows of the downloads made by one task.
DOWNLOAD_ROWS_PER_TASK = 20_000

DATA_DIR = "data"
SETS_DIR = "question-sets"
ALL_NAME = "answers"
DATAPACKAGE = "datapackage.json"
JSON_SCHEMA = "answers.schema.json"
ALL_CSV, ALL_JSON = f"{DATA_DIR}/{ALL_NAME}.csv", f"{DATA_DIR}/{ALL_NAME}.json"
SCHEMA_PATH, DATAPACKAGE_PATH = f"{DATA_DIR}/{JSON_SCHEMA}", f"{DATA_DIR}/{DATAPACKAGE}"

NO_ANSWER = "no_answer"
MIXED = "mixed"
LIST_SEPARATOR = "; "
WORDS_SEPARATOR = "\n\n"
LINE_TERMINATOR = "\n"
CSV_BOM = "\ufeff"

# A cell starting with one of these may be run as a formula by a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"

_STATED_OUTCOMES = list(ANSWER_OUTCOMES)
_OUTCOMES = _STATED_OUTCOMES + [MIXED, NO_ANSWER]
_ONE_OUTCOME = "(" + "|".join(_STATED_OUTCOMES + [NO_ANSWER]) + ")"
_LIST_OF_OUTCOMES = f"{_ONE_OUTCOME}(; {_ONE_OUTCOME})*"
_SLUG = "[a-z0-9]+(-[a-z0-9]+)*"

REUSE_NOTE = (
    "There is no single licence for these data. Each row is under the re-use terms its "
    "council gave, in the column reuse_terms. Rows marked ogl were released under the Open "
    f"Government Licence v3.0 ({OGL_URL}); credit them with the statement in "
    "reuse_attribution. Rows marked restricted (restricted = true) are not open data: the "
    "council limits re-use, in the words given in reuse_wording; do not re-use them beyond "
    "those terms. Rows marked not_stated carry no stated terms: assume no licence and ask "
    "the council before re-using them. The Open Government Licence does not cover personal data. "
    f"{REGISTER_ATTRIBUTION} ({REGISTER_LICENCE_URL}, {REGISTER_SOURCE_URL}) That covers "
    "the columns council_code, council_name, council_short_name, gss_code, nation and region."
)

FORMULA_NOTE = (
    "Spreadsheet safety: in the CSV files, a text cell that would begin with =, +, -, @, a "
    "tab or a carriage return, even after spaces or line breaks, is prefixed with an apostrophe (') so that spreadsheet "
    "programs do not run it as a formula. The JSON files hold the exact text. Number, date "
    "and true/false cells are never altered."
)

FORMAT_NOTE = (
    "CSV files are UTF-8 and begin with a byte-order mark, so that Excel shows £ and – as "
    "written (read them as utf-8-sig in Python); they are comma-separated, with a header "
    "row; fields are quoted with double quotes only where needed (a quote inside a field is doubled) and lines end with LF. "
    "An empty cell means no value. Lists inside a cell are separated by '; '; several "
    "statements of the council's words are separated by a blank line. Line breaks inside a "
    "cell are LF; the JSON files keep the exact text. A cell holds the council's words in "
    "full, which may be more than 131,072 characters, the default limit of Python's csv "
    "module: raise it first with csv.field_size_limit(sys.maxsize)."
)


def _personal_note(publish_personal_contacts: bool) -> str:
    if publish_personal_contacts:
        return ("Contacts: the contacts column includes named officers' direct email "
                "addresses and phone numbers as the councils gave them.")
    return ("Personal data: named officers' direct email addresses and phone numbers are "
            "left out of the contacts column, and shown as \"withheld by this site (personal "
            "data)\" where the council's own words give them.")


# --- the columns -----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the CSV files and one field of each JSON row.

    `kind` is a Table Schema type: string, integer, number, boolean or date. A column
    that is not `required` may be empty (CSV) or null (JSON)."""

    name: str
    kind: str
    title: str
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    minimum: int | None = None


COLUMNS: tuple[Column, ...] = (
    Column("question_set", "string", "Question set", "The id of the question set (one request sent to many councils).",
           required=True, pattern=_SLUG),
    Column("question_set_title", "string", "Question set title", "The request's title, as sent.", required=True),
    Column("question_position", "integer", "Question position",
           "The question's place in the set, counting every question and sub-question from 1.",
           required=True, minimum=1),
    Column("question_id", "string", "Question id", "The id of the question or sub-question, unique in the set.",
           required=True, pattern=_SLUG),
    Column("parent_question_id", "string", "Parent question id",
           "For a sub-question (7a, 7b…): the id of the question it belongs to. Empty for a question."),
    Column("question_label", "string", "Question",
           'How the site names the question, e.g. "Question 7a", or "Question 7, part 2" for a part the '
           "request did not number.", required=True),
    Column("question_text", "string", "Question text",
           "The question's wording, as sent. For a sub-question, the sub-question's own wording only.", required=True),
    Column("council_code", "string", "Council code",
           "The council's code in the register of local authorities (or, for another public body, "
           "this site's code for it).", required=True),
    Column("council_name", "string", "Council name", "The council's official name, from the register.", required=True),
    Column("council_short_name", "string", "Council short name",
           "The council's short name, from the register; rows are sorted by it, ignoring case.", required=True),
    Column("gss_code", "string", "GSS code",
           "The council's ONS Government Statistical Service code. Empty for bodies that have none."),
    Column("nation", "string", "Nation", "The nation the council is in.", required=True),
    Column("region", "string", "Region", "The council's region, from the register."),
    Column("outcome", "string", "Outcome",
           "What the council did with this question. A statement that only points to another answer "
           "(see_other_answer) is followed to that answer's outcome. When several statements answer the "
           f"question with different outcomes: {MIXED} (see outcomes). {NO_ANSWER}: the reply has no "
           "statement for this question.", required=True, enum=tuple(_OUTCOMES)),
    Column("outcomes", "string", "Outcomes",
           "Every distinct outcome of the statements answering this question, followed as for outcome, "
           "in the reply's order, separated by '; ' (as the comparison page shows them).",
           required=True, pattern=_LIST_OF_OUTCOMES),
    Column("outcome_as_stated", "string", "Outcome as stated",
           "The distinct outcomes of those statements as recorded, before following see_other_answer, "
           "separated by '; '. Empty when there is no statement.", pattern=_LIST_OF_OUTCOMES),
    Column("sections", "string", "Sections cited",
           "Sections of the Act the council cited for this question, as the Act numbers them, separated "
           'by \'; \', e.g. "40(2); 43(2)". "EIR " marks the Environmental Information Regulations and '
           '"FOISA " the Scottish Act.'),
    Column("refers_to", "string", "Refers to",
           "For a statement that points to another answer: the ids of the questions it points to, "
           "separated by '; '."),
    Column("redirected_to", "string", "Redirected to",
           "Bodies the council said hold the information, separated by '; '."),
    Column("attachment", "string", "Attachment",
           "The title of the attachment that holds the answer, when it has not been transcribed."),
    Column("words", "string", "The council's words",
           "The council's words answering this question, verbatim; several statements are separated by "
           "a blank line. Empty when the council gave none."),
    Column("value", "number", "Value",
           "The number read from the council's words; never corrected. When several values were read "
           "(values_read), this column and the next eight describe the first, and value_text gives every "
           "one. Empty when the value read is not a number (see yes_no and choice) or none was read."),
    Column("unit", "string", "Unit", "What value measures.", enum=typing.get_args(Unit)),
    Column("counting", "string", "Counting", 'For unit count: what is counted, e.g. "children".'),
    Column("per", "string", "Per", 'A basis for value, e.g. "case", "month".'),
    Column("qualifier", "string", "Qualifier", "How the council qualified value (exactly, fewer_than, average…).",
           enum=typing.get_args(Qualifier)),
    Column("period", "string", "Period", 'The period value covers, as stated, e.g. "2021/22".'),
    Column("as_of", "date", "As of", "The date value was true on, if stated."),
    Column("yes_no", "boolean", "Yes or no",
           "For a yes/no question: the answer read from the council's words (true for yes), when one "
           "could honestly be read."),
    Column("choice", "string", "Choice", "For a choice question: the option the council chose."),
    Column("values_read", "integer", "Values read",
           "How many values were read from the council's words for this question (0 for none).",
           required=True, minimum=0),
    Column("common_value", "number", "Common measure",
           "value in a unit that compares across units, as the site's comparison tables sort it: "
           f"lengths of time in days and hours in minutes ({CONVERSION_RULES}); other units as given. "
           "See common_unit and common_exact."),
    Column("common_unit", "string", "Common unit", "The unit of common_value.", enum=COMMON_UNITS),
    Column("common_exact", "boolean", "Common measure exact",
           "true when common_value is exactly value in common_unit; false when the conversion is "
           "approximate (months, years and working days to days)."),
    Column("value_text", "string", "Values in words",
           "Every value read from the council's words for this question, in words (e.g. \"on average 5 "
           "weeks\", \"fewer than 7 children\", \"Yes\"), separated by '; '. The JSON files also give them "
           "as a list (values)."),
    Column("contacts", "string", "Contacts",
           "Contacts the council gave in answering this question, one per line: who, then how to reach "
           "them. Named officers' direct email and phone are withheld unless the site publishes them."),
    Column("note", "string", "Transcriber's note",
           "A note by whoever transcribed the answer; not the council's words."),
    Column("incomplete_copy", "string", "Answer from an incomplete copy",
           "Set when the answer was transcribed from an incomplete copy of the reply: what is missing, in "
           "the transcriber's words. See also response_incomplete_copy."),
    Column("reuse_terms", "string", "Re-use terms",
           "The re-use terms the council gave for its reply: ogl (Open Government Licence v3.0), "
           "restricted (re-use limited: not open data) or not_stated (no terms given: assume no licence).",
           required=True, enum=typing.get_args(ReuseTerms)),
    Column("restricted", "boolean", "Restricted",
           "true when the council restricts re-use of this row: it is not open data.", required=True),
    Column("reuse_wording", "string", "Re-use wording", "The council's own words about re-use, verbatim."),
    Column("reuse_attribution", "string", "Attribution",
           "For ogl rows: the attribution statement to give when re-using the row."),
    Column("legislation", "string", "Legislation",
           "The law the council answered under: FOIA, FOISA (Scotland), EIR or EIRS (environmental "
           "information).", required=True, enum=typing.get_args(Legislation)),
    Column("response_outcome", "string", "Response outcome", "The overall outcome of the council's reply.",
           required=True, enum=tuple(RESPONSE_OUTCOMES)),
    Column("response_incomplete_copy", "string", "Reply from an incomplete copy",
           "Set when the whole reply was transcribed from an incomplete copy: what is missing, in the "
           "transcriber's words. Every row of the reply may then lack something."),
    Column("reference", "string", "Council's reference", "The council's reference for the request."),
    Column("received", "date", "Received", "The day the council received the request, when known."),
    Column("responded", "date", "Responded", "The date on the council's reply, when known."),
    Column("source_url", "string", "Source", "Where the reply was published."),
    Column("response_page", "string", "Page on this site",
           "The reply's page on this site, as a path from the site's root.", required=True),
)

FIELD_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)


# --- rows --------------------------------------------------------------------------------
#
# A row is four runs of columns, each made once and reused: the question's (once per
# question set), the council's and the response's (once per reply), and the answer's
# (once per row); the JSON rows end with the values and contacts as lists. Each run is
# written once as CSV cells and once as JSON members, so that a row's text in either
# file is its runs' texts put together.


def _joined(items: list[str | None], separator: str = LIST_SEPARATOR) -> str | None:
    """The distinct non-empty items, in order, joined; None if there are none."""
    if not items:
        return None
    if len(items) == 1:  # most cells: one statement, or one section, answers the question
        return items[0] or None
    found = [i for i in dict.fromkeys(items) if i]
    return separator.join(found) if found else None


def _number(n: float | None) -> int | float | None:
    """A number as JSON writes it: whole numbers without a decimal point; none if not finite."""
    if n is None or not math.isfinite(n):
        return None
    return int(n) if float(n).is_integer() else n


def contact_text(contact: Contact, publish_personal_contacts: bool = False) -> str:
    """One contact on one line, following the site's rule for named officers' details."""
    who = ", ".join(p for p in (contact.name, contact.role, contact.team, contact.organisation) if p)
    parts = [who or "Contact"]
    if contact.withheld_under:
        parts.append("details withheld by the council under " + ", ".join(contact.withheld_under))
    if contact.withheld_by_site(publish_personal_contacts):
        parts.append("direct email and phone withheld by this site (personal data)")
    else:
        if contact.email:
            parts.append(f"email: {contact.email}")
        if contact.phone:
            parts.append(f"phone: {contact.phone}")
    if contact.url:
        parts.append(f"web: {contact.url}")
    if contact.address:
        parts.append("address: " + ", ".join(line.strip() for line in contact.address.splitlines() if line.strip()))
    return "; ".join(parts)


def contact_data(contact: Contact, publish_personal_contacts: bool = False) -> dict[str, Any]:
    """A contact as a JSON object; a named officer's email and phone are null unless published."""
    hidden = contact.withheld_by_site(publish_personal_contacts)
    return {
        "name": contact.name,
        "role": contact.role,
        "team": contact.team,
        "organisation": contact.organisation,
        "email": None if hidden else contact.email,
        "phone": None if hidden else contact.phone,
        "url": contact.url,
        "address": contact.address,
        "individual": contact.is_individual,
        "personal_details_withheld": hidden,
        "withheld_under": list(contact.withheld_under),
    }


def value_data(value: Value, text: str | None = None) -> dict[str, Any]:
    """A value read from the council's words, as a JSON object, with the value in words
    (`text`, when already made by format_value)."""
    return {
        "question": value.question,
        "number": _number(value.number),
        "unit": value.unit,
        "counting": value.counting,
        "per": value.per,
        "qualifier": value.qualifier,
        "yes_no": value.yes_no,
        "choice": value.choice,
        "period": value.period,
        "as_of": value.as_of.isoformat() if value.as_of else None,
        "quote": value.quote,
        "text": format_value(value) if text is None else text,
        **_common(value),
    }


def _common(value: Value) -> dict[str, Any]:
    """A value's common measure (measure.common_measure), as a value's JSON object ends."""
    measure = common_measure(value)
    if measure is None or _number(measure.number) is None:
        return {"common_number": None, "common_unit": None, "common_exact": None}
    return {"common_number": _number(measure.number), "common_unit": measure.unit, "common_exact": measure.exact}


class _Run:
    """Consecutive columns of a row (or the JSON rows' two lists): their values by name,
    and the same as CSV cells and as JSON members, each without separators at the ends.
    Made from the values, or (`_Run.of`) from texts already made for them."""

    __slots__ = ("fields", "csv", "json")

    def __init__(self, fields: dict[str, Any], csv_cells: bool = True):
        self.fields = fields
        self.csv = _csv_record([
            "" if value is None else _CSV_CELL[name](value) for name, value in fields.items()]) if csv_cells else ""
        self.json = _ROW_ENCODER.encode(fields)[1:-1]

    @classmethod
    def of(cls, fields: dict[str, Any], csv_text: str, json_text: str) -> _Run:
        run = cls.__new__(cls)
        run.fields, run.csv, run.json = fields, csv_text, json_text
        return run


class _AnswerRun(_Run):
    """An answer's columns (see `_answer_runs`), whose values by name are put together only
    when asked for: the downloads need the texts alone."""

    __slots__ = ("_values",)

    def __init__(self, values: tuple, csv_text: str, json_text: str):
        self._values, self.csv, self.json = values, csv_text, json_text

    @property
    def fields(self) -> dict[str, Any]:
        return dict(zip(_ANSWER_COLUMNS, self._values))


class _Recurring(dict):
    """Consecutive columns whose values recur from row to row (outcomes, sections cited,
    units…): their CSV cells and JSON members (as `_Run` makes them) for each tuple of
    values met, made the first time it is met. Keys are compared by equality, so the
    values must be strings, None or true/false alone (1 == 1.0 == True); a run has two
    columns or more (see `_csv_record`)."""

    def __init__(self, names: tuple[str, ...], csv_cells: bool = True):
        super().__init__()
        self.names, self.csv_cells = names, csv_cells

    def __missing__(self, values: tuple) -> tuple[str, str]:
        run = _Run(dict(zip(self.names, values)), self.csv_cells)
        self[values] = texts = run.csv, run.json
        return texts


def _question_run(qs: QuestionSet, position: int, q: analysis.AnyQuestion) -> _Run:
    parent = analysis.parent_of(qs, q.id)
    return _Run({
        "question_set": qs.id,
        "question_set_title": qs.title,
        "question_position": position,
        "question_id": q.id,
        "parent_question_id": parent.id if parent else None,
        "question_label": analysis.label(q, qs),
        "question_text": q.text,
    })


def _council_run(entry: Entry) -> _Run:
    council = entry.council
    return _Run({
        "council_code": council.code,
        "council_name": council.official_name,
        "council_short_name": council.nice_name,
        "gss_code": council.gss_code or None,
        "nation": council.nation,
        "region": council.region or None,
    })


def _response_run(entry: Entry) -> _Run:
    response = entry.response
    reuse = response.reuse
    return _Run({
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


def _from_statements(found: list[Answer], qid: str) -> tuple[list[Value], list[Contact], tuple, str | None, str | None]:
    """What the statements answering a question give its row: the values read for it, the
    contacts, the columns outcome_as_stated to attachment, the words and the note, each
    joined from every statement (`_joined`)."""
    if len(found) == 1:  # most rows: one statement, whose lists are taken as they are
        (a,) = found
        redirected = _joined([b.name for b in a.redirect_to]) if a.redirect_to else None
        return (analysis.values_for(a, qid), a.contacts,
                (a.outcome or None, _joined(a.sections), _joined(a.see), redirected, a.attachment or None),
                a.text or None, a.note or None)
    return ([v for a in found for v in analysis.values_for(a, qid)],
            [c for a in found for c in a.contacts],
            (_joined([a.outcome for a in found]),
             _joined([s for a in found for s in a.sections]),
             _joined([s for a in found for s in a.see]),
             _joined([b.name for a in found for b in a.redirect_to]),
             _joined([a.attachment for a in found])),
            _joined([a.text for a in found], WORDS_SEPARATOR),
            _joined([a.note for a in found], WORDS_SEPARATOR))


class _AnswerTexts:
    """What the answers of one question set have in common, made once: the CSV cells and
    JSON members of the runs of columns whose values recur (`_Recurring`), and the JSON
    members of the values' recurring fields."""

    def __init__(self) -> None:
        self.stated = _Recurring(_STATED)
        self.measure = _Recurring(_MEASURE)
        self.common = _Recurring(_COMMON)
        self.value_measure = _Recurring(_VALUE_MEASURE, csv_cells=False)


def _answer_runs(qid: str, found: list[Answer], outcomes: tuple[str, ...], publish_personal_contacts: bool,
                 texts: _AnswerTexts) -> tuple[_Run, _Run]:
    """The answer's columns, and the JSON rows' lists of values and contacts.

    The texts are put together from pieces: those of the columns whose values recur, from
    `texts`, and the others' cells and members, each made alone (see `_text_pieces`); a
    test checks every file against what the csv and json modules write for its rows."""
    values, contacts, as_stated, words, note = _from_statements(found, qid)
    value_texts = [format_value(v) for v in values]
    stated = (outcomes[0] if len(outcomes) == 1 else MIXED, LIST_SEPARATOR.join(outcomes), *as_stated)
    first = values[0] if values else None  # the value columns describe the first value read
    number = _number(first.number) if first else None
    if first is None:
        measure, common, common_number = _NO_MEASURE, _NO_COMMON, None
    else:
        counted = number is not None  # a unit and qualifier say nothing of a yes/no or a choice
        measure = (first.unit if counted else None, first.counting if counted else None,
                   first.per if counted else None, first.qualifier if counted else None, first.period,
                   first.as_of.isoformat() if first.as_of else None, first.yes_no, first.choice)
        measured = _common(first) if counted else None
        common_number = measured["common_number"] if measured else None
        common = (measured["common_unit"], measured["common_exact"]) if common_number is not None else _NO_COMMON
    value_text = LIST_SEPARATOR.join(value_texts) or None
    contacts_text = "\n".join(contact_text(c, publish_personal_contacts) for c in contacts) or None

    stated_csv, stated_json = texts.stated[stated]
    measure_csv, measure_json = texts.measure[measure]
    common_csv, common_json = texts.common[common]
    words_csv, words_json = _text_pieces(words)
    number_text = "" if number is None else repr(number)  # as csv.writer and json write an int or float
    common_text = "" if common_number is None else repr(common_number)
    value_text_csv, value_text_json = _text_pieces(value_text)
    contacts_csv, contacts_json = _text_pieces(contacts_text)
    note_csv, note_json = _text_pieces(note)
    incomplete = (found[0].incomplete_copy if len(found) == 1 else
                  _joined([a.incomplete_copy for a in found], WORDS_SEPARATOR))
    incomplete_csv, incomplete_json = _text_pieces(incomplete)
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
        return answer, _NO_LISTS
    value_objects = [value_data(v, t) for v, t in zip(values, value_texts)]
    contact_objects = [contact_data(c, publish_personal_contacts) for c in contacts]
    return answer, _Run.of(
        {"values": value_objects, "contact_details": contact_objects}, "",
        f'"values": [{", ".join([_value_json(v, texts) for v in value_objects])}], '
        f'"contact_details": {_ROW_ENCODER.encode(contact_objects) if contact_objects else "[]"}')


def _value_json(value: dict[str, Any], texts: _AnswerTexts) -> str:
    """A value's JSON object (`value_data`), as _ROW_ENCODER writes it, from pieces as an
    answer's columns are (see `_answer_runs`)."""
    number = value["number"]
    _, measure = texts.value_measure[_value_measure(value)]
    question, quote = value["question"], value["quote"]
    common, exact = value["common_number"], value["common_exact"]
    return (f'{{"question": {"null" if question is None else _json_string(question)}, '
            f'"number": {"null" if number is None else repr(number)}, {measure}, '
            f'"quote": {"null" if quote is None else _json_string(quote)}, "text": {_json_string(value["text"])}, '
            f'"common_number": {"null" if common is None else repr(common)}, '
            f'"common_unit": {"null" if common is None else _json_string(value["common_unit"])}, '
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


def _sets(catalogue: Catalogue) -> list[QuestionSet]:
    return [catalogue.question_sets[k] for k in sorted(catalogue.question_sets)]


_Row = tuple[_Run, _Run, _Run, _Run, _Run]  # question, council, answer, response, lists


def _set_rows(catalogue: Catalogue, qs: QuestionSet, publish_personal_contacts: bool) -> typing.Iterator[_Row]:
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
                yield question, council, _NO_ANSWER, response, _NO_LISTS
                continue
            outcomes = ((analysis.resolved_outcome(entry, answers[0]),) if len(answers) == 1 else
                        tuple(dict.fromkeys(analysis.resolved_outcome(entry, a) for a in answers)))
            answer, lists = _answer_runs(qid, answers, outcomes, publish_personal_contacts, texts)
            yield question, council, answer, response, lists


def answer_rows(catalogue: Catalogue, qs: QuestionSet | None = None, *,
                publish_personal_contacts: bool = False) -> list[dict[str, Any]]:
    """Every row of one question set, or of every set, as JSON objects in file order.

    Each row has every column of `COLUMNS`, in order, then `values` (every value read for
    the question, as objects) and `contact_details` (the contacts, as objects)."""
    rows = []
    for one in ([qs] if qs is not None else _sets(catalogue)):
        for runs in _set_rows(catalogue, one, publish_personal_contacts):
            row = {name: value for run in runs for name, value in run.fields.items()}
            row["values"], row["contact_details"] = list(row["values"]), list(row["contact_details"])
            rows.append(row)
    return rows


# --- CSV and JSON -------------------------------------------------------------------------


def safe_cell(text: str) -> str:
    """A text cell a spreadsheet program will not run as a formula. Spreadsheets skip
    white space before a formula (` =1+1`), so it is looked past."""
    if text.startswith(FORMULA_STARTS) or (text[:1].isspace() and text.lstrip().startswith(FORMULA_STARTS)):
        return FORMULA_GUARD + text
    return text


def _csv_cell(value: Any) -> str:
    """A number, date or true/false cell: written as it is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return value


def _text_cell(value: Any) -> str:
    """A text cell: guarded against formulas, with line breaks as LF."""
    if not value or type(value) is not str:
        return _csv_cell(value)
    value = safe_cell(value)
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def _text_pieces(value: str | None) -> tuple[str, str]:
    """A text column alone: its CSV cell as csv.writer writes it among other cells (after
    `_text_cell`; quoted when it holds a comma, a quote or a line break, with quotes
    doubled), and its JSON value as `_ROW_ENCODER` writes it."""
    if value is None:
        return "", "null"
    cell = _text_cell(value)
    if '"' in cell:
        cell = '"' + cell.replace('"', '""') + '"'
    elif "," in cell or "\n" in cell or "\r" in cell:
        cell = '"' + cell + '"'
    return cell, _json_string(value)


# The rule for each column's cells, by name: the JSON rows' two lists have no cells.
_CSV_CELL = {c.name: _text_cell if c.kind == "string" else _csv_cell for c in COLUMNS}


class _Lines(list):
    """A file for csv.writer that keeps each row's text apart (one write per row)."""

    write = list.append


_RECORDS = _Lines()
_RECORD_WRITER = csv.writer(_RECORDS, lineterminator=LINE_TERMINATOR)


def _csv_record(cells: list[str]) -> str:
    """Cells as one CSV record without its line end. Each cell is quoted or not on its own,
    so records of two cells or more put together with commas are the record of all their
    cells (a record of one empty cell alone would be written `""`)."""
    _RECORD_WRITER.writerow(cells)
    return _RECORDS.pop()[:-len(LINE_TERMINATOR)]


def _csv_header() -> str:
    """A CSV file up to its first row: the byte-order mark and the header row."""
    return CSV_BOM + _csv_record(list(FIELD_NAMES)) + LINE_TERMINATOR


def csv_text(rows: list[dict[str, Any]]) -> str:
    """Rows as a CSV file: header row, every column of `COLUMNS` in order."""
    return _csv_header() + "".join(
        _csv_record([_CSV_CELL[name](row[name]) for name in FIELD_NAMES]) + LINE_TERMINATOR for row in rows)


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# Each row of a JSON download is written on a line of its own, by the standard library's
# C encoder (indenting inside rows would take the pure-Python one, several times slower).
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
# A string alone, as _ROW_ENCODER writes it (ensure_ascii=False).
_json_string = json.encoder.encode_basestring


def _json_rows(rows: list[dict[str, Any]]) -> list[str]:
    encode = _ROW_ENCODER.encode
    return [encode(row) for row in rows]


_NO_ANSWER = _Run({"outcome": NO_ANSWER, "outcomes": NO_ANSWER, **{
    name: 0 if name == "values_read" else None
    for name in FIELD_NAMES[FIELD_NAMES.index("outcome_as_stated"):FIELD_NAMES.index("reuse_terms")]}})
_NO_LISTS = _Run({"values": [], "contact_details": []}, csv_cells=False)


def _json_head(sets: list[QuestionSet], schema_path: str, publish_personal_contacts: bool) -> str:
    """A JSON download up to its first row."""
    head = {
        "schema": schema_path,
        "title": "Answers to " + ("the question set " + sets[0].title if len(sets) == 1 else "every question set"),
        "question_sets": [qs.id for qs in sets],
        "reuse": REUSE_NOTE,
        "personal_data": _personal_note(publish_personal_contacts),
    }
    # As json.dumps writes the document (indented by two), cut where the rows begin.
    return _dumps(head)[:-len("\n}\n")] + ',\n  "rows": ['


def _json_tail(any_rows: bool) -> str:
    return ("\n  ]" if any_rows else "]") + "\n}\n"


def _json_document(rows_text: list[str], sets: list[QuestionSet], schema_path: str,
                   publish_personal_contacts: bool) -> str:
    return (_json_head(sets, schema_path, publish_personal_contacts)
            + _json_rows_text(rows_text) + _json_tail(bool(rows_text)))


def json_text(rows: list[dict[str, Any]], sets: list[QuestionSet], schema_path: str,
              publish_personal_contacts: bool = False) -> str:
    """Rows as a JSON document: a description, the schema's path and the rows."""
    return _json_document(_json_rows(rows), sets, schema_path, publish_personal_contacts)


# --- schemas ------------------------------------------------------------------------------


def table_schema() -> dict[str, Any]:
    """The Frictionless Table Schema of every CSV file."""
    fields = []
    for c in COLUMNS:
        field: dict[str, Any] = {"name": c.name, "type": c.kind, "title": c.title, "description": c.description}
        if c.kind == "date":
            field["format"] = "%Y-%m-%d"
        if c.kind == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        constraints: dict[str, Any] = {}
        if c.required:
            constraints["required"] = True
        if c.enum:
            constraints["enum"] = list(c.enum)
        if c.pattern:
            constraints["pattern"] = c.pattern  # Table Schema patterns match the whole cell
        if c.minimum is not None:
            constraints["minimum"] = c.minimum
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "missingValues": [""], "primaryKey": ["council_code", "question_set", "question_id"]}


_NULLABLE_STRING = {"type": ["string", "null"]}


def _json_property(c: Column) -> dict[str, Any]:
    kind = {"string": "string", "date": "string", "integer": "integer", "number": "number", "boolean": "boolean"}[c.kind]
    prop: dict[str, Any] = {"description": c.description}
    prop["type"] = kind if c.required else [kind, "null"]
    if c.kind == "date":
        prop["format"] = "date"
        prop["pattern"] = r"^\d{4}-\d{2}-\d{2}$"
    if c.enum:
        prop["enum"] = list(c.enum) + ([] if c.required else [None])
    if c.pattern:
        prop["pattern"] = f"^(?:{c.pattern})$"
    if c.minimum is not None:
        prop["minimum"] = c.minimum
    return prop


def _object(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "object", "description": description, "properties": properties,
            "required": list(properties), "additionalProperties": False}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of every JSON file."""
    value = _object({
        "question": {**_NULLABLE_STRING, "description": "The question this value answers, when the statement covers several."},
        "number": {"type": ["number", "null"], "description": "The number, as published; never corrected."},
        "unit": {"enum": list(typing.get_args(Unit)) + [None], "description": "What the number measures."},
        "counting": {**_NULLABLE_STRING, "description": "For unit count: what is counted."},
        "per": {**_NULLABLE_STRING, "description": "A basis for the number."},
        "qualifier": {"enum": list(typing.get_args(Qualifier)), "description": "How the council qualified the number."},
        "yes_no": {"type": ["boolean", "null"], "description": "For a yes/no question: the answer."},
        "choice": {**_NULLABLE_STRING, "description": "For a choice question: the option chosen."},
        "period": {**_NULLABLE_STRING, "description": "The period the value covers, as stated."},
        "as_of": {"type": ["string", "null"], "format": "date", "description": "The date the value was true on."},
        "quote": {**_NULLABLE_STRING, "description": "The exact words the value was read from."},
        "text": {"type": "string", "description": "The value in words."},
        "common_number": {"type": ["number", "null"],
                          "description": "The number in its common unit, as the columns common_value to common_exact give it."},
        "common_unit": {"enum": list(COMMON_UNITS) + [None], "description": "The unit of common_number."},
        "common_exact": {"type": ["boolean", "null"],
                         "description": "false when common_number is an approximate conversion."},
    }, "A value read from the council's words.")
    contact = _object({
        "name": {**_NULLABLE_STRING, "description": "A named person."},
        "role": {**_NULLABLE_STRING, "description": "Their job title or role."},
        "team": {**_NULLABLE_STRING, "description": "The team."},
        "organisation": {**_NULLABLE_STRING, "description": "The organisation, when not the council."},
        "email": {**_NULLABLE_STRING, "description": "Email address as given; null when withheld."},
        "phone": {**_NULLABLE_STRING, "description": "Phone number as given; null when withheld."},
        "url": {**_NULLABLE_STRING, "description": "A contact web page."},
        "address": {**_NULLABLE_STRING, "description": "Postal address as given."},
        "individual": {"type": "boolean", "description": "true when the email and phone reach one named person."},
        "personal_details_withheld": {"type": "boolean",
                                      "description": "true when this site withholds a named officer's email and phone."},
        "withheld_under": {"type": "array", "items": {"type": "string"},
                           "description": "Sections the council cited to withhold contact details."},
    }, "A contact the council gave.")
    row_properties = {c.name: _json_property(c) for c in COLUMNS}
    row_properties["values"] = {"type": "array", "items": {"$ref": "#/$defs/value"},
                                "description": "Every value read from the council's words for this question."}
    row_properties["contact_details"] = {"type": "array", "items": {"$ref": "#/$defs/contact"},
                                         "description": "The contacts, as data."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Answers",
        "description": "One row per council and question; the columns are those of the CSV files, "
                       "described in datapackage.json. " + REUSE_NOTE,
        "type": "object",
        "properties": {
            "schema": {"type": "string", "description": "The path of this JSON Schema from the file."},
            "title": {"type": "string"},
            "question_sets": {"type": "array", "items": {"type": "string", "pattern": f"^{_SLUG}$"}},
            "reuse": {"type": "string", "description": "The re-use terms of the rows."},
            "personal_data": {"type": "string", "description": "How contacts' personal data are treated."},
            "rows": {"type": "array", "items": {"$ref": "#/$defs/row"}},
        },
        "required": ["schema", "title", "question_sets", "reuse", "personal_data", "rows"],
        "additionalProperties": False,
        "$defs": {"row": _object(row_properties, "One council's answer to one question."),
                  "value": value, "contact": contact},
    }


# --- files --------------------------------------------------------------------------------


def _set_path(qs: QuestionSet, suffix: str) -> str:
    return f"{DATA_DIR}/{SETS_DIR}/{qs.id}.{suffix}"


def _resource(name: str, path: str, stat: tuple[int, str], title: str, description: str,
              schema: dict[str, Any] | None) -> dict[str, Any]:
    """A file's description; a CSV file's (a tabular one) has its Table Schema."""
    tabular = schema is not None
    resource: dict[str, Any] = {
        "name": name,
        "path": posixpath.relpath(path, DATA_DIR),
        "profile": "tabular-data-resource" if tabular else "data-resource",
        "title": title,
        "description": description,
        "format": "csv" if tabular else "json",
        "mediatype": "text/csv" if tabular else "application/json",
        "encoding": "utf-8",
        "bytes": stat[0],
        "hash": "sha256:" + stat[1],
    }
    if tabular:
        resource["dialect"] = {"delimiter": ",", "lineTerminator": LINE_TERMINATOR, "quoteChar": '"',
                               "doubleQuote": True, "header": True}
        resource["schema"] = schema
    return resource


def datapackage(files: dict[str, str], sets: list[QuestionSet], publish_personal_contacts: bool = False) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the given export files."""
    stats = {}
    for path, text in files.items():
        data = text.encode("utf-8")
        stats[path] = (len(data), hashlib.sha256(data).hexdigest())
    return _datapackage(stats, sets, publish_personal_contacts)


def _datapackage(stats: dict[str, tuple[int, str]], sets: list[QuestionSet],
                 publish_personal_contacts: bool = False) -> dict[str, Any]:
    """The descriptor, from each file's size in bytes and SHA-256."""
    csv_note = "One row per council and question; described by the Table Schema here."
    json_note = (f"The same rows as the CSV file, with exact text and the values and contacts also as "
                 f"lists; validated by {JSON_SCHEMA}.")
    resources, schema = [], table_schema()
    for name, stem, title, meant in [("all-answers", f"{DATA_DIR}/{ALL_NAME}", "Every question set", None)] + [
            (f"set-{qs.id}", f"{DATA_DIR}/{SETS_DIR}/{qs.id}", qs.title, audience_note(qs)) for qs in sets]:
        also = f" {meant}" if meant else ""
        resources.append(_resource(f"{name}-csv", f"{stem}.csv", stats[f"{stem}.csv"], f"{title} (CSV)",
                                   csv_note + also, schema))
        resources.append(_resource(f"{name}-json", f"{stem}.json", stats[f"{stem}.json"], f"{title} (JSON)",
                                   json_note + also, None))
    return {
        "profile": "data-package",
        "name": "foilog-answers",
        "title": "Councils' answers to Freedom of Information requests",
        "description": "\n\n".join([
            "Every answer in this disclosure log, one row per council and question: every council that "
            "replied to a question set has one row for every question and sub-question of that set, in "
            f"the set's order, including questions it did not answer (outcome {NO_ANSWER}). Rows are "
            "sorted by question set, council short name and question order. answers.csv and "
            "answers.json hold every question set; question-sets/<id>.csv and .json hold one. The "
            f"JSON files are described by {JSON_SCHEMA}.",
            "Re-use: " + REUSE_NOTE,
            _personal_note(publish_personal_contacts),
            FORMULA_NOTE,
            FORMAT_NOTE,
        ]),
        "sources": [{"title": REGISTER_ATTRIBUTION, "path": REGISTER_SOURCE_URL}],
        "keywords": ["freedom of information", "local government", "UK"],
        "resources": resources,
    }


_JSON_ROW_START = "\n    "


def _json_rows_text(json_lines: list[str]) -> str:
    """JSON rows as a download lays them out: each on a line of its own, separated by commas."""
    return ",".join(_JSON_ROW_START + line for line in json_lines)


_JSON_FIRST_ROW, _JSON_NEXT_ROW = _JSON_ROW_START.encode(), ("," + _JSON_ROW_START).encode()


def _set_lines(catalogue: Catalogue, qs: QuestionSet, publish_personal_contacts: bool) -> tuple[list[bytes], list[bytes]]:
    """One question set's rows in UTF-8, in pieces: the CSV pieces joined are its CSV
    rows, the JSON pieces joined its JSON rows as a download lays them out (see
    `_json_rows_text`).

    A row's pieces are its runs' texts with the separators between them, each run's
    encoded once (the question's once per set, the council's and the response's once per
    reply), so that a row's text is copied once, when the pieces are joined."""
    csv_pieces: list[bytes] = []
    json_pieces: list[bytes] = []
    questions: dict[_Run, tuple[bytes, bytes]] = {}
    reply = None
    for question, council, answer, response, lists in _set_rows(catalogue, qs, publish_personal_contacts):
        if response is not reply:
            reply = response
            csv_council, csv_response = f",{council.csv},".encode(), f",{response.csv}{LINE_TERMINATOR}".encode()
            json_council, json_response = f", {council.json}, ".encode(), f", {response.json}, ".encode()
        if question not in questions:
            questions[question] = question.csv.encode(), ("{" + question.json).encode()
        csv_question, json_question = questions[question]
        csv_pieces += (csv_question, csv_council, answer.csv.encode(), csv_response)
        json_pieces += (_JSON_NEXT_ROW, json_question, json_council, answer.json.encode(), json_response,
                        (lists.json + "}").encode())
    if json_pieces:
        json_pieces[0] = _JSON_FIRST_ROW
    return csv_pieces, json_pieces


def _export_chunks(catalogue: Catalogue, publish_personal_contacts: bool):
    """Every download but the Data Package as (path, text) pieces, in order; each path's
    pieces joined are its file."""
    sets = _sets(catalogue)
    header = _csv_header()
    yield ALL_CSV, header
    yield ALL_JSON, _json_head(sets, JSON_SCHEMA, publish_personal_contacts)
    first = True
    for qs in sets:
        csv_rows, json_rows = (b"".join(pieces).decode("utf-8")
                               for pieces in _set_lines(catalogue, qs, publish_personal_contacts))
        yield _set_path(qs, "csv"), header + csv_rows
        yield _set_path(qs, "json"), (_json_head([qs], f"../{JSON_SCHEMA}", publish_personal_contacts)
                                      + json_rows + _json_tail(bool(json_rows)))
        yield ALL_CSV, csv_rows
        if json_rows:
            yield ALL_JSON, ("" if first else ",") + json_rows
            first = False
    yield ALL_JSON, _json_tail(not first)
    yield SCHEMA_PATH, _dumps(json_schema())


def export_files(catalogue: Catalogue, *, publish_personal_contacts: bool = False) -> dict[str, str]:
    """Every download as {path under the docs folder: file text}, made in memory."""
    pieces: dict[str, list[str]] = {}
    for path, text in _export_chunks(catalogue, publish_personal_contacts):
        pieces.setdefault(path, []).append(text)
    files = {path: "".join(parts) for path, parts in pieces.items()}
    files[DATAPACKAGE_PATH] = _dumps(datapackage(files, _sets(catalogue), publish_personal_contacts))
    return files


# --- files made by several tasks -----------------------------------------------------------
#
# The downloads are made by several tasks (see build.py), each for a run of question sets
# in file order: a task stages its sets' files and says where in them its rows are. When
# those tasks are done, `stage_whole_files` copies the rows, in order, into answers.csv and
# answers.json, and makes the Data Package from every file's size and SHA-256.

def set_runs(catalogue: Catalogue, rows_per_run: int = DOWNLOAD_ROWS_PER_TASK,
             only: set[str] | None = None) -> list[list[str]]:
    """The question sets' ids in file order (only those in `only`, if given), cut into runs
    of at most `rows_per_run` rows: a run that has rows ends where the next set's would
    take it past that (so a set with more is a run of its own, and a set with none never
    starts one)."""
    from generator.common.chunks import runs

    sets = [qs for qs in _sets(catalogue) if only is None or qs.id in only]
    cuts = runs(sets, rows_per_run, lambda qs: len(catalogue.entries_for_set(qs.id)) * len(qs.all_questions()), fit=True)
    return [[qs.id for qs in run] for run in cuts]


# Bytes of a file: (the file holding them, where they start, how many).
Span = tuple[str, int, int]


@dataclass
class SetsStaged:
    """What a download task made for its run of question sets: each set file, with the
    temporary file holding its new bytes or None (a pipeline task's result); each set
    file's size and SHA-256; and where the rows are in those files (or in their targets,
    when unchanged): all of each set's CSV rows, and each set's JSON rows as answers.json
    lays them out (none for a set without rows)."""

    staged: list[tuple[str, str | None]]
    stats: dict[str, tuple[int, str]]
    csv_rows: list[Span]
    json_rows: list[Span]

    def discard(self) -> None:
        for _, tmp in self.staged:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)


def stage_set_files(docs_dir: Path, catalogue: Catalogue, set_ids: list[str], *,
                    publish_personal_contacts: bool = False) -> SetsStaged:
    """Stage the files of a run of question sets, holding one set's rows at a time."""
    done = SetsStaged([], {}, [], [])
    header = _csv_header()

    def stage(path: str, head: str, rows: list[bytes], tail: str) -> Span:
        """Stage a file from its head, its rows (in pieces, see `_set_lines`) and its
        tail; where its rows are."""
        sink = _Download(docs_dir / path)
        try:
            sink.write(head)
            start = sink.size
            sink.write_bytes(b"".join(rows))
            end = sink.size
            sink.write(tail)
            done.stats[path] = (sink.size, sink.sha256.hexdigest())
            tmp = sink.staged()
        except BaseException:
            sink.discard()
            raise
        done.staged.append((path, tmp))
        return tmp or str(docs_dir / path), start, end - start

    try:
        for set_id in set_ids:
            qs = catalogue.question_sets[set_id]
            csv_rows, json_rows = _set_lines(catalogue, qs, publish_personal_contacts)
            done.csv_rows.append(stage(_set_path(qs, "csv"), header, csv_rows, ""))
            del csv_rows
            span = stage(_set_path(qs, "json"), _json_head([qs], f"../{JSON_SCHEMA}", publish_personal_contacts),
                         json_rows, _json_tail(bool(json_rows)))
            if json_rows:
                done.json_rows.append(span)
    except BaseException:
        done.discard()
        raise
    return done


class _Download(StreamedFile):
    """A download, streamed from text and bytes, or (a whole-log file) from its head, the
    set files' rows, and its tail."""

    buffer: memoryview | None = None  # what `copy` reads into

    def write_bytes(self, data: bytes) -> None:
        self.size += len(data)
        self.sha256.update(data)
        self.fh.write(data)

    def copy(self, span: Span) -> None:
        """Copy `span` of a file written earlier, through one buffer: hundreds of
        megabytes at 10,000 responses, which new buffers for each read would make the
        system find (and clear) again page by page."""
        path, start, left = span
        if self.buffer is None:
            self.buffer = memoryview(bytearray(1 << 20))
        buffer = self.buffer
        with open(path, "rb", buffering=0) as fh:
            fh.seek(start)
            while left > 0:
                got = fh.readinto(buffer[:min(left, len(buffer))])
                if not got:
                    raise RuntimeError(f"{path} is shorter than when it was written")
                left -= got
                self.write_bytes(buffer[:got])


def stage_whole_files(docs_dir: Path, catalogue: Catalogue, shares: list[SetsStaged], *,
                      publish_personal_contacts: bool = False) -> list[tuple[str, str | None]]:
    """Stage answers.csv and answers.json from the rows of every run of question sets
    (`shares`, in file order), the JSON Schema, and the Data Package: (path, temporary file
    or None when the bytes did not change) for each."""
    sets = _sets(catalogue)
    sinks: dict[str, StreamedFile] = {}
    staged: list[tuple[str, str | None]] = []
    try:
        sinks[ALL_CSV] = all_csv = _Download(docs_dir / ALL_CSV)
        all_csv.write(_csv_header())
        for span in (span for share in shares for span in share.csv_rows):
            all_csv.copy(span)
        sinks[ALL_JSON] = all_json = _Download(docs_dir / ALL_JSON)
        all_json.write(_json_head(sets, JSON_SCHEMA, publish_personal_contacts))
        spans = [span for share in shares for span in share.json_rows]
        for i, span in enumerate(spans):
            all_json.write("," if i else "")
            all_json.copy(span)
        all_json.write(_json_tail(bool(spans)))
        sinks[SCHEMA_PATH] = StreamedFile(docs_dir / SCHEMA_PATH)
        sinks[SCHEMA_PATH].write(_dumps(json_schema()))
        stats = {path: (sink.size, sink.sha256.hexdigest()) for path, sink in sinks.items()}
        for share in shares:
            stats.update(share.stats)
        sinks[DATAPACKAGE_PATH] = StreamedFile(docs_dir / DATAPACKAGE_PATH)
        sinks[DATAPACKAGE_PATH].write(_dumps(_datapackage(stats, sets, publish_personal_contacts)))
        for path, sink in sinks.items():
            staged.append((path, sink.staged()))
    except BaseException:
        for sink in sinks.values():
            sink.discard()
        for _, tmp in staged:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
        raise
    return staged


def stage_export_files(docs_dir: Path, catalogue: Catalogue, *, publish_personal_contacts: bool = False,
                       rows_per_run: int = DOWNLOAD_ROWS_PER_TASK) -> list[tuple[str, str | None]]:
    """Every download made into a temporary file beside its target, in this process, as
    the download tasks and `stage_whole_files` make them: (path, temporary file) for each
    download whose bytes changed, (path, None) for the others. The caller puts the files
    in place."""
    shares: list[SetsStaged] = []
    try:
        for run in set_runs(catalogue, rows_per_run):
            shares.append(stage_set_files(docs_dir, catalogue, run, publish_personal_contacts=publish_personal_contacts))
        whole = stage_whole_files(docs_dir, catalogue, shares, publish_personal_contacts=publish_personal_contacts)
    except BaseException:
        for share in shares:
            share.discard()
        raise
    return [item for share in shares for item in share.staged] + whole


def write_export_files(docs_dir: Path, catalogue: Catalogue, *, publish_personal_contacts: bool = False,
                       rows_per_run: int = DOWNLOAD_ROWS_PER_TASK) -> tuple[list[str], list[str]]:
    """Write every download into the docs folder as `export_files` would give it,
    replacing only files whose bytes changed; (paths written, paths unchanged)."""
    written, unchanged = [], []
    for path, tmp in stage_export_files(docs_dir, catalogue, publish_personal_contacts=publish_personal_contacts,
                                        rows_per_run=rows_per_run):
        if tmp is None:
            unchanged.append(path)
        else:
            os.replace(tmp, docs_dir / path)
            written.append(path)
    return sorted(written), sorted(unchanged)


# --- links for pages ----------------------------------------------------------------------


def export_links(qs: QuestionSet | None = None, sets: list[QuestionSet] = ()) -> list[tuple[str, str]]:
    """The downloads a page should offer, as (label, path under the docs folder): the
    question set's own files first when one is given, or those of each of `sets` named by
    title, then every set's, then the schemas."""
    links = []
    if qs is not None:
        links += [("This question set (CSV)", _set_path(qs, "csv")),
                  ("This question set (JSON)", _set_path(qs, "json"))]
    for one in sets:
        links += [(f"{one.title} (CSV)", _set_path(one, "csv")), (f"{one.title} (JSON)", _set_path(one, "json"))]
    links += [("Every question set (CSV)", f"{DATA_DIR}/{ALL_NAME}.csv"),
              ("Every question set (JSON)", f"{DATA_DIR}/{ALL_NAME}.json"),
              ("Data Package (CSV schema)", f"{DATA_DIR}/{DATAPACKAGE}"),
              ("JSON Schema", f"{DATA_DIR}/{JSON_SCHEMA}")]
    return links


def download_href(page_url: str, path: str) -> str:
    """A relative link from a page's directory URL (e.g. "question-sets/x/q1/") to a file
    under the docs folder (e.g. "data/answers.csv"). It works both as a Markdown link in
    the page's index.md and as an HTML link on the built page."""
    return posixpath.relpath(path, page_url.rstrip("/") or ".")
