"""Runs of columns, the pieces a row is made of, and the cells of values and contacts.

A row is four runs of columns, each made once and reused: the question's (once per
question set), the council's and the response's (once per reply), and the answer's (once
per row); the JSON rows end with the values and contacts as lists. Each run is written
once as CSV cells and once as JSON members, so that a row's text in either file is its
runs' texts put together."""

from __future__ import annotations

import math
from typing import Any

from generator.analyse.formatting import format_value
from generator.analyse.measure import common_measure
from generator.exports.columns import FIELD_NAMES, LIST_SEPARATOR, NO_ANSWER
from generator.exports.jsonfile import ROW_ENCODER, json_string
from generator.exports.tables import CSV_CELL, csv_record, text_cell
from generator.load.models import Contact, Value


def joined(items: list[str | None], separator: str = LIST_SEPARATOR) -> str | None:
    """The distinct non-empty items, in order, joined; None if there are none."""
    if not items:
        return None
    if len(items) == 1:  # most cells: one statement, or one section, answers the question
        return items[0] or None
    found = [i for i in dict.fromkeys(items) if i]
    return separator.join(found) if found else None


def json_number(n: float | None) -> int | float | None:
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
        "number": json_number(value.number),
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
        **common_measure_data(value),
    }


def common_measure_data(value: Value) -> dict[str, Any]:
    """A value's common measure (measure.common_measure), as a value's JSON object ends."""
    measure = common_measure(value)
    if measure is None or json_number(measure.number) is None:
        return {"common_number": None, "common_unit": None, "common_exact": None}
    return {"common_number": json_number(measure.number), "common_unit": measure.unit, "common_exact": measure.exact}


class Run:
    """Consecutive columns of a row (or the JSON rows' two lists): their values by name,
    and the same as CSV cells and as JSON members, each without separators at the ends.
    Made from the values, or (`Run.of`) from texts already made for them."""

    __slots__ = ("fields", "csv", "json")

    def __init__(self, fields: dict[str, Any], csv_cells: bool = True):
        self.fields = fields
        self.csv = csv_record([
            "" if value is None else CSV_CELL[name](value) for name, value in fields.items()]) if csv_cells else ""
        self.json = ROW_ENCODER.encode(fields)[1:-1]

    @classmethod
    def of(cls, fields: dict[str, Any], csv_text: str, json_text: str) -> Run:
        run = cls.__new__(cls)
        run.fields, run.csv, run.json = fields, csv_text, json_text
        return run


class Recurring(dict):
    """Consecutive columns whose values recur from row to row (outcomes, sections cited,
    units…): their CSV cells and JSON members (as `Run` makes them) for each tuple of
    values met, made the first time it is met. Keys are compared by equality, so the
    values must be strings, None or true/false alone (1 == 1.0 == True); a run has two
    columns or more (see `csv_record`)."""

    def __init__(self, names: tuple[str, ...], csv_cells: bool = True):
        super().__init__()
        self.names, self.csv_cells = names, csv_cells

    def __missing__(self, values: tuple) -> tuple[str, str]:
        run = Run(dict(zip(self.names, values)), self.csv_cells)
        self[values] = texts = run.csv, run.json
        return texts


def text_pieces(value: str | None) -> tuple[str, str]:
    """A text column alone: its CSV cell as csv.writer writes it among other cells (after
    `text_cell`; quoted when it holds a comma, a quote or a line break, with quotes
    doubled), and its JSON value as `ROW_ENCODER` writes it."""
    if value is None:
        return "", "null"
    cell = text_cell(value)
    if '"' in cell:
        cell = '"' + cell.replace('"', '""') + '"'
    elif "," in cell or "\n" in cell or "\r" in cell:
        cell = '"' + cell + '"'
    return cell, json_string(value)


NO_ANSWER_RUN = Run({"outcome": NO_ANSWER, "outcomes": NO_ANSWER, **{
    name: 0 if name == "values_read" else None
    for name in FIELD_NAMES[FIELD_NAMES.index("outcome_as_stated"):FIELD_NAMES.index("reuse_terms")]}})
NO_LISTS = Run({"values": [], "contact_details": []}, csv_cells=False)
