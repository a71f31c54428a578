"""JSON Schemas for content files, made from the same models that validate them."""

from __future__ import annotations

import json
from pathlib import Path

from generator.load.models import OtherBody, QuestionSet, Response, Topic

SCHEMAS = {
    "response.schema.json": (Response, "A response: one council's reply to one question set."),
    "question-set.schema.json": (QuestionSet, "A question set: one request sent to many councils."),
    "topic.schema.json": (Topic, "A topic: one subject asked about in several question sets."),
    "body.schema.json": (OtherBody, "A public body that is not in the register of local authorities."),
}


def schema_texts() -> dict[str, str]:
    texts = {}
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema(mode="validation")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "description": title}
        texts[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return texts


def write_schemas(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in schema_texts().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def stale_schemas(folder: Path) -> list[str]:
    return [name for name, text in schema_texts().items()
            if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text]
