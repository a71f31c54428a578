"""The Frictionless Data Package describing every download, from each file's size and
SHA-256."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any, NamedTuple

from generator.analyse.coverage import audience_note
from generator.exports.columns import FORMAT_NOTE, FORMULA_NOTE, NO_ANSWER, REUSE_NOTE, personal_note
from generator.exports.links import ALL_CSV, ALL_JSON, DATA_DIR, JSON_SCHEMA, SETS_DIR
from generator.exports.schema import table_schema
from generator.exports.tables import LINE_TERMINATOR
from generator.exports.wide import ANSWER_COLUMNS, wide_table_schema
from generator.load.register import REGISTER_ATTRIBUTION, REGISTER_SOURCE_URL

if TYPE_CHECKING:
    from generator.load.models import QuestionSet


class FileStat(NamedTuple):
    """A file's size in bytes and its SHA-256 in hexadecimal."""

    size: int
    sha256: str


def _resource(name: str, path: str, stat: FileStat, title: str, description: str,
              schema: dict[str, Any] | None) -> dict[str, Any]:
    """A file's description; a CSV file's (a tabular one) has its Table Schema, and a
    compressed file's says so ("compression", as the Data Resource spec names it), its
    size and hash being those of the compressed file, as published."""
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
        **({"compression": "gz"} if path.endswith(".gz") else {}),
        "bytes": stat.size,
        "hash": "sha256:" + stat.sha256,
    }
    if tabular:
        resource["dialect"] = {"delimiter": ",", "lineTerminator": LINE_TERMINATOR, "quoteChar": '"',
                               "doubleQuote": True, "header": True}
        resource["schema"] = schema
    return resource


def datapackage(stats: dict[str, FileStat], sets: list[QuestionSet],
                publish_personal_contacts: bool = False) -> dict[str, Any]:
    """The descriptor, from each file's size in bytes and SHA-256."""
    csv_note = "One row per council and question, with every column; described by the Table Schema here."
    json_note = (f"The same rows as the CSV file, with exact text and the values and contacts also as "
                 f"lists; validated by {JSON_SCHEMA}.")
    set_note = (f"One row per response, in council order: the reply's columns, then for each question and "
                f"sub-question, in the set's order, a group of columns named <question id>_<column> "
                f"({', '.join(ANSWER_COLUMNS)}), each cell as in the whole log; described by the Table "
                f"Schema here. Every column of every answer (refers_to, redirected_to, values, contacts, "
                f"notes…) is in {posixpath.basename(ALL_CSV)} and {posixpath.basename(ALL_JSON)}.")
    whole = "Every question set, gzip-compressed"
    resources = [_resource("all-answers-csv", ALL_CSV, stats[ALL_CSV], f"{whole} (CSV)", csv_note, table_schema()),
                 _resource("all-answers-json", ALL_JSON, stats[ALL_JSON], f"{whole} (JSON)", json_note, None)]
    for qs in sets:
        path = f"{DATA_DIR}/{SETS_DIR}/{qs.id}.csv"
        meant = audience_note(qs)
        resources.append(_resource(f"set-{qs.id}-csv", path, stats[path], f"{qs.title} (CSV)",
                                   set_note + (f" {meant}" if meant else ""), wide_table_schema(qs)))
    return {
        "profile": "data-package",
        "name": "foilog-answers",
        "title": "Councils' answers to Freedom of Information requests",
        "description": "\n\n".join([
            "Every answer in this disclosure log, one row per council and question: every council that "
            "replied to a question set has one row for every question and sub-question of that set, in "
            f"the set's order, including questions it did not answer (outcome {NO_ANSWER}). Rows are "
            "sorted by question set, council short name and question order. answers.csv.gz and "
            "answers.json.gz hold every question set, gzip-compressed (every gzip reader, pandas and R "
            "read them as they are). question-sets/<id>.csv holds one question set, uncompressed, "
            "shaped for a spreadsheet: one row per response, each question's outcome, sections, words "
            "and values in columns of their own; every other column of an answer is in the whole log, "
            "and that set's rows in JSON are those of answers.json.gz with its question_set. The JSON "
            f"file is described by {JSON_SCHEMA}.",
            "Re-use: " + REUSE_NOTE,
            personal_note(publish_personal_contacts),
            FORMULA_NOTE,
            FORMAT_NOTE,
        ]),
        "sources": [{"title": REGISTER_ATTRIBUTION, "path": REGISTER_SOURCE_URL}],
        "keywords": ["freedom of information", "local government", "UK"],
        "resources": resources,
    }
