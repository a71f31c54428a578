"""JSON text: the encoder of the rows, and a JSON download's head and tail around them."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from generator.exports.columns import REUSE_NOTE, personal_note

if TYPE_CHECKING:
    from generator.load.models import QuestionSet


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# Each row of a JSON download is written on a line of its own, by the standard library's
# C encoder (indenting inside rows would take the pure-Python one, several times slower).
ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
# A string alone, as ROW_ENCODER writes it (ensure_ascii=False).
json_string = json.encoder.encode_basestring


def json_head(sets: list[QuestionSet], schema_path: str, publish_personal_contacts: bool) -> str:
    """A JSON download up to its first row."""
    head = {
        "schema": schema_path,
        "title": "Answers to " + ("the question set " + sets[0].title if len(sets) == 1 else "every question set"),
        "question_sets": [qs.id for qs in sets],
        "reuse": REUSE_NOTE,
        "personal_data": personal_note(publish_personal_contacts),
    }
    # As json.dumps writes the document (indented by two), cut where the rows begin.
    return dumps(head)[:-len("\n}\n")] + ',\n  "rows": ['


def json_tail(any_rows: bool) -> str:
    return ("\n  ]" if any_rows else "]") + "\n}\n"


# The rows of a JSON download are each on a line of its own, separated by commas.
JSON_ROW_START = "\n    "
JSON_FIRST_ROW, JSON_NEXT_ROW = JSON_ROW_START.encode(), ("," + JSON_ROW_START).encode()
