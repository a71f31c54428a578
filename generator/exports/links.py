"""Where the downloads are under the docs folder, and the links pages make to them."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.load.models import QuestionSet

DATA_DIR = "data"
SETS_DIR = "question-sets"
ALL_NAME = "answers"
DATAPACKAGE = "datapackage.json"
JSON_SCHEMA = "answers.schema.json"
# The whole log is published gzip-compressed only (see write/downloads.py).
ALL_CSV, ALL_JSON = f"{DATA_DIR}/{ALL_NAME}.csv.gz", f"{DATA_DIR}/{ALL_NAME}.json.gz"
SCHEMA_PATH, DATAPACKAGE_PATH = f"{DATA_DIR}/{JSON_SCHEMA}", f"{DATA_DIR}/{DATAPACKAGE}"


def set_path(qs: QuestionSet, suffix: str) -> str:
    return f"{DATA_DIR}/{SETS_DIR}/{qs.id}.{suffix}"


def export_links(qs: QuestionSet | None = None, sets: list[QuestionSet] = ()) -> list[tuple[str, str]]:
    """The downloads a page should offer, as (label, path under the docs folder): the
    question set's own file first when one is given, or that of each of `sets` named by
    title, then the whole log's, then the descriptions. Each label says what the file is;
    none gives its size, which changes with every response added and would have every
    page that links the file written again."""
    links = []
    if qs is not None:
        links.append(("This question set, CSV, one row per council", set_path(qs, "csv")))
    links += [(f"{one.title}, CSV, one row per council", set_path(one, "csv")) for one in sets]
    links += [("All answers, CSV, gzip-compressed", ALL_CSV),
              ("All answers, JSON, gzip-compressed", ALL_JSON),
              ("Data Package (describes every file and CSV column)", DATAPACKAGE_PATH),
              ("JSON Schema", SCHEMA_PATH)]
    return links


def download_href(page_url: str, path: str) -> str:
    """A relative link from a page's directory URL (e.g. "question-sets/x/q1/") to a file
    under the docs folder (e.g. "data/answers.csv.gz"). It works both as a Markdown link in
    the page's index.md and as an HTML link on the built page."""
    return posixpath.relpath(path, page_url.rstrip("/") or ".")
