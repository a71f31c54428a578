"""The schemas of the downloads: the Table Schema of the whole log's CSV file (and each
column's field, which a set's file, wide.py, uses too) and the JSON Schema (draft
2020-12) of the JSON file, both from the columns."""

from __future__ import annotations

import typing
from typing import Any

from generator.analyse.measure import COMMON_UNITS
from generator.exports.columns import COLUMNS, REUSE_NOTE, SLUG, Column
from generator.load.vocabulary import Qualifier, Unit


def table_field(c: Column, name: str | None = None, title: str | None = None,
                description: str | None = None) -> dict[str, Any]:
    """A column's Table Schema field, under another name, title or description if given."""
    field: dict[str, Any] = {"name": name or c.name, "type": c.kind, "title": title or c.title,
                             "description": description or c.description}
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
    return field


def table_schema() -> dict[str, Any]:
    """The Frictionless Table Schema of the whole log's CSV file."""
    return {"fields": [table_field(c) for c in COLUMNS], "missingValues": [""],
            "primaryKey": ["council_code", "question_set", "question_id"]}


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
        "description": "One row per council and question; the columns are those of answers.csv.gz, "
                       "described in datapackage.json. " + REUSE_NOTE,
        "type": "object",
        "properties": {
            "schema": {"type": "string", "description": "The path of this JSON Schema from the file."},
            "title": {"type": "string"},
            "question_sets": {"type": "array", "items": {"type": "string", "pattern": f"^{SLUG}$"}},
            "reuse": {"type": "string", "description": "The re-use terms of the rows."},
            "personal_data": {"type": "string", "description": "How contacts' personal data are treated."},
            "rows": {"type": "array", "items": {"$ref": "#/$defs/row"}},
        },
        "required": ["schema", "title", "question_sets", "reuse", "personal_data", "rows"],
        "additionalProperties": False,
        "$defs": {"row": _object(row_properties, "One council's answer to one question."),
                  "value": value, "contact": contact},
    }
