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
ALL_CSV, ALL_JSON = f"{DATA_DIR}/{ALL_NAME}.csv", f"{DATA_DIR}/{ALL_NAME}.json"
SCHEMA_PATH, DATAPACKAGE_PATH = f"{DATA_DIR}/{JSON_SCHEMA}", f"{DATA_DIR}/{DATAPACKAGE}"


def set_path(qs: QuestionSet, suffix: str) -> str:
    return f"{DATA_DIR}/{SETS_DIR}/{qs.id}.{suffix}"


def export_links(qs: QuestionSet | None = None, sets: list[QuestionSet] = ()) -> list[tuple[str, str]]:
    """The downloads a page should offer, as (label, path under the docs folder): the
    question set's own files first when one is given, or those of each of `sets` named by
    title, then every set's, then the schemas."""
    links = []
    if qs is not None:
        links += [("This question set (CSV)", set_path(qs, "csv")),
                  ("This question set (JSON)", set_path(qs, "json"))]
    for one in sets:
        links += [(f"{one.title} (CSV)", set_path(one, "csv")), (f"{one.title} (JSON)", set_path(one, "json"))]
    links += [("Every question set (CSV)", f"{DATA_DIR}/{ALL_NAME}.csv"),
              ("Every question set (JSON)", f"{DATA_DIR}/{ALL_NAME}.json"),
              ("Data Package (CSV schema)", f"{DATA_DIR}/{DATAPACKAGE}"),
              ("JSON Schema", f"{DATA_DIR}/{JSON_SCHEMA}")]
    return links


def download_href(page_url: str, path: str) -> str:
    """A relative link from a page's directory URL (e.g. "question-sets/x/q1/") to a file
    under the docs folder (e.g. "data/answers.csv"). It works both as a Markdown link in
    the page's index.md and as an HTML link on the built page."""
    return posixpath.relpath(path, page_url.rstrip("/") or ".")
