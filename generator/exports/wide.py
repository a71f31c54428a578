"""A question set's own CSV file, shaped wide: one row per response, the response's
columns first, then a group of columns for each question and sub-question of the set,
in its order. The cells are those of the long rows (rows.py), made from the same runs
by the same cell rules (tables.py), so the formula guard holds in every text cell. The
columns of an answer left out here are in the whole log, which stays long."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.analyse import analysis
from generator.exports.columns import COLUMNS
from generator.exports.schema import table_field
from generator.exports.tables import CSV_BOM, CSV_CELL, LINE_TERMINATOR, csv_record

if TYPE_CHECKING:
    from generator.exports.runs import Run
    from generator.load.models import QuestionSet

# The response's columns, in the order a spreadsheet reader compares councils by.
RESPONSE_COLUMNS = ("question_set", "council_code", "council_name", "council_short_name", "gss_code", "nation",
                    "region", "response_outcome", "response_incomplete_copy", "legislation", "reference", "received",
                    "responded", "reuse_terms", "restricted", "reuse_wording", "reuse_attribution", "source_url",
                    "response_page")
# Each question's columns, named `<question id>_<column>`.
ANSWER_COLUMNS = ("outcome", "sections", "words", "value_text", "common_value", "common_unit")
_BY_NAME = {c.name: c for c in COLUMNS}


def question_column(qid: str, name: str) -> str:
    return f"{qid}_{name}"


def wide_names(qs: QuestionSet) -> list[str]:
    return [*RESPONSE_COLUMNS, *(question_column(q.id, name) for q in qs.all_questions() for name in ANSWER_COLUMNS)]


def wide_header(qs: QuestionSet) -> str:
    """A set's CSV file up to its first row: the byte-order mark and the header row."""
    return CSV_BOM + csv_record(wide_names(qs)) + LINE_TERMINATOR


def _cells(fields: dict[str, Any], names: tuple[str, ...]) -> str:
    return csv_record([CSV_CELL[name](fields[name]) for name in names])


def response_cells(set_id: str, council: Run, response: Run) -> str:
    """The response's columns of its row, without separators at the ends."""
    return _cells({"question_set": set_id, **council.fields, **response.fields}, RESPONSE_COLUMNS)


def answer_cells(answer: Run) -> str:
    """One question's columns of a response's row, without separators at the ends."""
    return _cells(answer.fields, ANSWER_COLUMNS)


def wide_table_schema(qs: QuestionSet) -> dict[str, Any]:
    """The Table Schema of a set's CSV file: the response's columns as in the whole log,
    and each question's, titled by the question and described with its wording as sent."""
    fields = [table_field(_BY_NAME[name]) for name in RESPONSE_COLUMNS]
    for q in qs.all_questions():
        label = analysis.label(q, qs)
        for name in ANSWER_COLUMNS:
            c = _BY_NAME[name]
            fields.append(table_field(
                c, name=question_column(q.id, name), title=f"{label}: {name.replace('_', ' ')}",
                description=f'{label}, as sent: "{q.text}". This column is the whole log\'s {name} for this '
                            f"question (the columns its description names are the whole log's): {c.description}"))
    return {"fields": fields, "missingValues": [""], "primaryKey": ["council_code"]}
