"""The downloads made the plain way, to compare the generator's with: rows as dicts from
the runs of columns, files as the csv and json modules write those rows, every file put
together in memory from each set's rows (a set's own file shaped wide, one row per
response, from its rows as dicts), and the files written through the write stage in
this process. A compressed file is given by its text and, as published, by its bytes: a
gzip member for each piece the generator compresses alone (the head, each set's rows, the
commas between them, the tail)."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
from pathlib import Path
from typing import Any

from generator.exports.columns import FIELD_NAMES
from generator.exports.datapackage import FileStat, datapackage
from generator.exports.jsonfile import JSON_ROW_START, ROW_ENCODER, dumps, json_head, json_tail
from generator.exports.links import ALL_CSV, ALL_JSON, DATAPACKAGE_PATH, JSON_SCHEMA, SCHEMA_PATH, set_path
from generator.exports.rows import set_lines, set_rows
from generator.exports.schema import json_schema
from generator.exports.sets import DOWNLOAD_ROWS_PER_TASK, set_runs, sets_in_order
from generator.exports.tables import CSV_CELL, LINE_TERMINATOR, csv_header, csv_record
from generator.exports.wide import ANSWER_COLUMNS, RESPONSE_COLUMNS, question_column, wide_names
from generator.load.catalogue import Catalogue
from generator.load.models import QuestionSet
from generator.write.downloads import SetsStaged, gzip_member, stage_set_files, stage_whole_files


def answer_rows(catalogue: Catalogue, qs: QuestionSet | None = None, *,
                publish_personal_contacts: bool = False) -> list[dict[str, Any]]:
    """Every row of one question set, or of every set, as JSON objects in file order.

    Each row has every column of `COLUMNS`, in order, then `values` (every value read for
    the question, as objects) and `contact_details` (the contacts, as objects)."""
    rows = []
    for one in ([qs] if qs is not None else sets_in_order(catalogue)):
        for runs in set_rows(catalogue, one, publish_personal_contacts):
            row = {name: value for run in runs for name, value in run.fields.items()}
            row["values"], row["contact_details"] = list(row["values"]), list(row["contact_details"])
            rows.append(row)
    return rows


def csv_text(rows: list[dict[str, Any]]) -> str:
    """Rows as a CSV file: header row, every column of `COLUMNS` in order."""
    return csv_header() + "".join(
        csv_record([CSV_CELL[name](row[name]) for name in FIELD_NAMES]) + LINE_TERMINATOR for row in rows)


def wide_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One question set's rows (`answer_rows`) shaped wide: one per response (its rows
    come together), its columns of `RESPONSE_COLUMNS`, then each question's of
    `ANSWER_COLUMNS` named `<question id>_<column>`."""
    wide: list[dict[str, Any]] = []
    for r in rows:
        if not wide or r["question_position"] == 1:
            wide.append({name: r[name] for name in RESPONSE_COLUMNS})
        wide[-1].update({question_column(r["question_id"], name): r[name] for name in ANSWER_COLUMNS})
    return wide


def wide_csv_text(qs: QuestionSet, rows: list[dict[str, Any]]) -> str:
    """One question set's rows as its own CSV file, as csv.writer writes it."""
    out = io.StringIO(newline="")
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator=LINE_TERMINATOR)
    names = wide_names(qs)
    writer.writerow(names)
    writer.writerows([CSV_CELL[name.split("_", 1)[1] if name not in RESPONSE_COLUMNS else name](row[name])
                      for name in names] for row in wide_rows(rows))
    return out.getvalue()


def _json_rows(rows: list[dict[str, Any]]) -> list[str]:
    encode = ROW_ENCODER.encode
    return [encode(row) for row in rows]


def json_rows_text(json_lines: list[str]) -> str:
    """JSON rows as a download lays them out: each on a line of its own, separated by commas."""
    return ",".join(JSON_ROW_START + line for line in json_lines)


def _json_document(rows_text: list[str], sets: list[QuestionSet], schema_path: str,
                   publish_personal_contacts: bool) -> str:
    return (json_head(sets, schema_path, publish_personal_contacts)
            + json_rows_text(rows_text) + json_tail(bool(rows_text)))


def json_text(rows: list[dict[str, Any]], sets: list[QuestionSet], schema_path: str,
              publish_personal_contacts: bool = False) -> str:
    """Rows as a JSON document: a description, the schema's path and the rows."""
    return _json_document(_json_rows(rows), sets, schema_path, publish_personal_contacts)


def datapackage_of(files: dict[str, bytes], sets: list[QuestionSet], publish_personal_contacts: bool = False) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the given export files, as published."""
    stats = {path: FileStat(len(data), hashlib.sha256(data).hexdigest()) for path, data in files.items()}
    return datapackage(stats, sets, publish_personal_contacts)


def _export_chunks(catalogue: Catalogue, publish_personal_contacts: bool):
    """Every download but the Data Package as (path, text) pieces, in order; each path's
    pieces joined are its file's text, and each piece of a compressed file is a member."""
    sets = sets_in_order(catalogue)
    header = csv_header()
    yield ALL_CSV, header
    yield ALL_JSON, json_head(sets, JSON_SCHEMA, publish_personal_contacts)
    first = True
    for qs in sets:
        lines = set_lines(catalogue, qs, publish_personal_contacts)
        csv_rows, json_rows = b"".join(lines.long).decode("utf-8"), b"".join(lines.json).decode("utf-8")
        yield set_path(qs, "csv"), wide_csv_text(qs, answer_rows(catalogue, qs,
                                                               publish_personal_contacts=publish_personal_contacts))
        if csv_rows:
            yield ALL_CSV, csv_rows
        if json_rows:
            if not first:
                yield ALL_JSON, ","
            yield ALL_JSON, json_rows
            first = False
    yield ALL_JSON, json_tail(not first)
    yield SCHEMA_PATH, dumps(json_schema())


def export_bytes(catalogue: Catalogue, *, publish_personal_contacts: bool = False) -> dict[str, bytes]:
    """Every download as {path under the docs folder: its bytes as published}, made in
    memory; each compressed one also read back whole by Python's gzip."""
    pieces: dict[str, list[str]] = {}
    for path, text in _export_chunks(catalogue, publish_personal_contacts):
        pieces.setdefault(path, []).append(text)
    files = {}
    for path, parts in pieces.items():
        if path.endswith(".gz"):
            files[path] = b"".join(gzip_member(part.encode("utf-8")) for part in parts)
            assert gzip.decompress(files[path]) == "".join(parts).encode("utf-8")
        else:
            files[path] = "".join(parts).encode("utf-8")
    files[DATAPACKAGE_PATH] = dumps(datapackage_of(files, sets_in_order(catalogue), publish_personal_contacts)).encode()
    return files


def export_files(catalogue: Catalogue, *, publish_personal_contacts: bool = False) -> dict[str, str]:
    """Every download as {path under the docs folder: file text}, made in memory; a
    compressed file's text is what it holds, decompressed."""
    return {path: (gzip.decompress(data) if path.endswith(".gz") else data).decode("utf-8")
            for path, data in export_bytes(catalogue, publish_personal_contacts=publish_personal_contacts).items()}


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
    """Write every download into the docs folder through the write stage, as the
    generation's tasks do but in this process, replacing only files whose bytes changed;
    (paths written, paths unchanged)."""
    written, unchanged = [], []
    for path, tmp in stage_export_files(docs_dir, catalogue, publish_personal_contacts=publish_personal_contacts,
                                        rows_per_run=rows_per_run):
        if tmp is None:
            unchanged.append(path)
        else:
            os.replace(tmp, docs_dir / path)
            written.append(path)
    return sorted(written), sorted(unchanged)
