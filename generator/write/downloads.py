"""The downloads written into the docs folder: each question set's CSV file, streamed
from the rows' pieces that exports/rows.py makes, then the whole-log files, gzip
members put end to end, the JSON Schema and the Data Package.

A question set's CSV file is plain (it opens in a spreadsheet in one click) and wide:
one row per response, each question's answer in a group of columns (exports/wide.py),
so that a reply's and a question's fields are written once rather than on every row.
The whole log is offered long and compressed only, `answers.csv.gz` and
`answers.json.gz`: one row per council and question with every column, as researchers
load it. There is no JSON file per set: a set's rows as JSON are those of
`answers.json.gz` with its `question_set`, which keeps the site within its size limit.

The downloads are made by several tasks, each for a run of question sets in file order
(exports/sets.py): a task stages its sets' wide CSV files and compresses each set's long
rows, as CSV and as JSON, into a gzip member of its own. When those tasks are done,
`stage_whole_files` writes the members, in order, between a member for the head and one
for the tail: a file of several members is one gzip file to every reader (Python's gzip,
pandas, R, zcat), each row is compressed once, and the compression is shared between
the tasks as the rows are. The members carry no time or name, so the same rows make the
same bytes on every run, and an unchanged whole-log file is left as it is. The Data
Package is made from every file's size and SHA-256, as published."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.exports.datapackage import FileStat, datapackage
from generator.exports.jsonfile import dumps, json_head, json_tail
from generator.exports.links import ALL_CSV, ALL_JSON, DATAPACKAGE_PATH, JSON_SCHEMA, SCHEMA_PATH, set_path
from generator.exports.rows import set_lines
from generator.exports.schema import json_schema
from generator.exports.sets import sets_in_order
from generator.exports.tables import csv_header
from generator.exports.wide import wide_header
from generator.write.files import StreamedFile

if TYPE_CHECKING:
    from generator.load.catalogue import Catalogue

# zlib's fastest levels (1 to 3) take about the same time; 3 is the smallest of them. The
# default (6) is smaller but much slower, and would slow the generator.
GZIP_LEVEL = 3
# A member's header: deflate, no name, no comment, time 0, operating system "unknown";
# written here rather than by zlib, whose header names the system it was built for.
_GZIP_HEAD = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def gzip_member(data: bytes) -> bytes:
    """`data` as one gzip member, the same bytes wherever it is made."""
    deflate = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return b"".join((_GZIP_HEAD, deflate.compress(data), deflate.flush(),
                     struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)))


_JSON_COMMA = gzip_member(b",")


@dataclass
class SetsStaged:
    """What a download task made for its run of question sets: each set file, with the
    temporary file holding its new bytes or None (a pipeline task's result); each set
    file's size and SHA-256; and, for each set with rows, its long CSV rows and its JSON
    rows (as answers.json lays them out) as gzip members."""

    staged: list[tuple[str, str | None]]
    stats: dict[str, FileStat]
    csv_members: list[bytes]
    json_members: list[bytes]

    def discard(self) -> None:
        for _, tmp in self.staged:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)


def stage_set_files(docs_dir: Path, catalogue: Catalogue, set_ids: list[str], *,
                    publish_personal_contacts: bool = False) -> SetsStaged:
    """Stage the files of a run of question sets, holding one set's rows at a time."""
    done = SetsStaged([], {}, [], [])
    try:
        for set_id in set_ids:
            qs = catalogue.question_sets[set_id]
            lines = set_lines(catalogue, qs, publish_personal_contacts)
            path = set_path(qs, "csv")
            sink = _Download(docs_dir / path)
            try:
                sink.write(wide_header(qs))
                for piece in lines.wide:
                    sink.write_bytes(piece)
                done.stats[path] = FileStat(sink.size, sink.sha256.hexdigest())
                done.staged.append((path, sink.staged()))
            except BaseException:
                sink.discard()
                raise
            if lines.long:
                done.csv_members.append(gzip_member(b"".join(lines.long)))
                done.json_members.append(gzip_member(b"".join(lines.json)))
    except BaseException:
        done.discard()
        raise
    return done


class _Download(StreamedFile):
    """A download, streamed from text and bytes."""

    def write_bytes(self, data: bytes) -> None:
        self.size += len(data)
        self.sha256.update(data)
        self.fh.write(data)


def stage_whole_files(docs_dir: Path, catalogue: Catalogue, shares: list[SetsStaged], *,
                      publish_personal_contacts: bool = False) -> list[tuple[str, str | None]]:
    """Stage answers.csv.gz and answers.json.gz from the rows of every run of question
    sets (`shares`, in file order), the JSON Schema, and the Data Package: (path,
    temporary file or None when the bytes did not change) for each."""
    sets = sets_in_order(catalogue)
    sinks: dict[str, StreamedFile] = {}
    staged: list[tuple[str, str | None]] = []
    try:
        sinks[ALL_CSV] = all_csv = _Download(docs_dir / ALL_CSV)
        all_csv.write_bytes(gzip_member(csv_header().encode("utf-8")))
        for member in (member for share in shares for member in share.csv_members):
            all_csv.write_bytes(member)
        sinks[ALL_JSON] = all_json = _Download(docs_dir / ALL_JSON)
        all_json.write_bytes(gzip_member(json_head(sets, JSON_SCHEMA, publish_personal_contacts).encode("utf-8")))
        members = [member for share in shares for member in share.json_members]
        for i, member in enumerate(members):
            if i:
                all_json.write_bytes(_JSON_COMMA)
            all_json.write_bytes(member)
        all_json.write_bytes(gzip_member(json_tail(bool(members)).encode("utf-8")))
        sinks[SCHEMA_PATH] = StreamedFile(docs_dir / SCHEMA_PATH)
        sinks[SCHEMA_PATH].write(dumps(json_schema()))
        stats = {path: FileStat(sink.size, sink.sha256.hexdigest()) for path, sink in sinks.items()}
        for share in shares:
            stats.update(share.stats)
        sinks[DATAPACKAGE_PATH] = StreamedFile(docs_dir / DATAPACKAGE_PATH)
        sinks[DATAPACKAGE_PATH].write(dumps(datapackage(stats, sets, publish_personal_contacts)))
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
