"""The downloads written into the docs folder: each run of question sets' files, streamed
from the rows' pieces that exports/rows.py makes, and then the whole-log files, copied
from the rows in those files, the JSON Schema and the Data Package.

The downloads are made by several tasks, each for a run of question sets in file order
(exports/sets.py): a task stages its sets' files and says where in them its rows are.
When those tasks are done, `stage_whole_files` copies the rows, in order, into
answers.csv and answers.json, and makes the Data Package from every file's size and
SHA-256."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from generator.exports.datapackage import FileStat, datapackage
from generator.exports.jsonfile import dumps, json_head, json_tail
from generator.exports.links import ALL_CSV, ALL_JSON, DATAPACKAGE_PATH, JSON_SCHEMA, SCHEMA_PATH, set_path
from generator.exports.rows import set_lines
from generator.exports.schema import json_schema
from generator.exports.sets import sets_in_order
from generator.exports.tables import csv_header
from generator.write.files import StreamedFile

if TYPE_CHECKING:
    from generator.load.catalogue import Catalogue


class Span(NamedTuple):
    """Bytes of a file: the file holding them, where they start, how many."""

    path: str
    start: int
    length: int


@dataclass
class SetsStaged:
    """What a download task made for its run of question sets: each set file, with the
    temporary file holding its new bytes or None (a pipeline task's result); each set
    file's size and SHA-256; and where the rows are in those files (or in their targets,
    when unchanged): all of each set's CSV rows, and each set's JSON rows as answers.json
    lays them out (none for a set without rows)."""

    staged: list[tuple[str, str | None]]
    stats: dict[str, FileStat]
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
    header = csv_header()

    def stage(path: str, head: str, rows: list[bytes], tail: str) -> Span:
        """Stage a file from its head, its rows (in pieces, see `set_lines`) and its
        tail; where its rows are."""
        sink = _Download(docs_dir / path)
        try:
            sink.write(head)
            start = sink.size
            sink.write_bytes(b"".join(rows))
            end = sink.size
            sink.write(tail)
            done.stats[path] = FileStat(sink.size, sink.sha256.hexdigest())
            tmp = sink.staged()
        except BaseException:
            sink.discard()
            raise
        done.staged.append((path, tmp))
        return Span(tmp or str(docs_dir / path), start, end - start)

    try:
        for set_id in set_ids:
            qs = catalogue.question_sets[set_id]
            csv_rows, json_rows = set_lines(catalogue, qs, publish_personal_contacts)
            done.csv_rows.append(stage(set_path(qs, "csv"), header, csv_rows, ""))
            del csv_rows
            span = stage(set_path(qs, "json"), json_head([qs], f"../{JSON_SCHEMA}", publish_personal_contacts),
                         json_rows, json_tail(bool(json_rows)))
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
        left = span.length
        if self.buffer is None:
            self.buffer = memoryview(bytearray(1 << 20))
        buffer = self.buffer
        with open(span.path, "rb", buffering=0) as fh:
            fh.seek(span.start)
            while left > 0:
                got = fh.readinto(buffer[:min(left, len(buffer))])
                if not got:
                    raise RuntimeError(f"{span.path} is shorter than when it was written")
                left -= got
                self.write_bytes(buffer[:got])


def stage_whole_files(docs_dir: Path, catalogue: Catalogue, shares: list[SetsStaged], *,
                      publish_personal_contacts: bool = False) -> list[tuple[str, str | None]]:
    """Stage answers.csv and answers.json from the rows of every run of question sets
    (`shares`, in file order), the JSON Schema, and the Data Package: (path, temporary file
    or None when the bytes did not change) for each."""
    sets = sets_in_order(catalogue)
    sinks: dict[str, StreamedFile] = {}
    staged: list[tuple[str, str | None]] = []
    try:
        sinks[ALL_CSV] = all_csv = _Download(docs_dir / ALL_CSV)
        all_csv.write(csv_header())
        for span in (span for share in shares for span in share.csv_rows):
            all_csv.copy(span)
        sinks[ALL_JSON] = all_json = _Download(docs_dir / ALL_JSON)
        all_json.write(json_head(sets, JSON_SCHEMA, publish_personal_contacts))
        spans = [span for share in shares for span in share.json_rows]
        for i, span in enumerate(spans):
            all_json.write("," if i else "")
            all_json.copy(span)
        all_json.write(json_tail(bool(spans)))
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
