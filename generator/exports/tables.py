"""CSV cells and records: text guarded against spreadsheet formulas, every other cell
written as it is, records as csv.writer writes them."""

from __future__ import annotations

import csv
from typing import Any

from generator.exports.columns import COLUMNS, FIELD_NAMES

LINE_TERMINATOR = "\n"
CSV_BOM = "\ufeff"

# A cell starting with one of these may be run as a formula by a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


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


def text_cell(value: Any) -> str:
    """A text cell: guarded against formulas, with line breaks as LF."""
    if not value or type(value) is not str:
        return _csv_cell(value)
    value = safe_cell(value)
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


# The rule for each column's cells, by name: the JSON rows' two lists have no cells.
CSV_CELL = {c.name: text_cell if c.kind == "string" else _csv_cell for c in COLUMNS}


class _Lines(list):
    """A file for csv.writer that keeps each row's text apart (one write per row)."""

    write = list.append


_RECORDS = _Lines()
_RECORD_WRITER = csv.writer(_RECORDS, lineterminator=LINE_TERMINATOR)


def csv_record(cells: list[str]) -> str:
    """Cells as one CSV record without its line end. Each cell is quoted or not on its own,
    so records of two cells or more put together with commas are the record of all their
    cells (a record of one empty cell alone would be written `""`)."""
    _RECORD_WRITER.writerow(cells)
    return _RECORDS.pop()[:-len(LINE_TERMINATOR)]


def csv_header() -> str:
    """A CSV file up to its first row: the byte-order mark and the header row."""
    return CSV_BOM + csv_record(list(FIELD_NAMES)) + LINE_TERMINATOR
