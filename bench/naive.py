"""The naive pipeline the benchmark compares against.

    python -m bench.naive CONTENT_DIR OUT_DIR

    python -m bench.naive CONTENT_DIR OUT_DIR --full-nav

Reads every content file with PyYAML's C loader (no checks), writes one plain Markdown
page per response, per council and per question, with the answers in Markdown pipe
tables, and an mkdocs.yml with the Material theme, the search plugin and no `nav`, so
that every page is in the navigation. `mkdocs build` in OUT_DIR then builds it.

By default the theme's `navigation.prune` feature is on, so each page carries only the
navigation around it and the build's cost grows in proportion to the pages (about 65
pages a second on the benchmark machine, the baseline the issue measured). With
`--full-nav` every page carries the whole navigation: Material's default, whose cost grows
with the square of the pages (hours at 10,000 responses).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MKDOCS_YML = """site_name: FOI disclosure log (naive)
docs_dir: docs
site_dir: site
use_directory_urls: true
theme:
  name: material
  language: en
  font: false
  features: FEATURES
plugins:
  - search
markdown_extensions:
  - tables
  - toc
"""


def cell(text) -> str:
    return " ".join(str(text if text is not None else "").split()).replace("|", "\\|")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build(content: Path, out: Path, full_nav: bool = False) -> int:
    docs = out / "docs"
    sets = {}
    for path in sorted((content / "question-sets").glob("*.yaml")):
        qs = yaml.load(path.read_bytes(), Loader=Loader)
        sets[qs["id"]] = qs
    by_council: dict[str, list] = {}
    by_question: dict[tuple[str, str], list] = {}
    pages = 0
    for path in sorted((content / "responses").rglob("*.yaml")):
        r = yaml.load(path.read_bytes(), Loader=Loader)
        qs = sets[r["question_set"]]
        code = r["council"].lower()
        lines = [f"# {r['council']}: {qs['title']}", "", f"Outcome: {r['outcome']}", "",
                 "| Questions | Outcome | Answer | Values |", "| --- | --- | --- | --- |"]
        for a in r.get("answers", []):
            values = "; ".join(cell(v.get("quote") or v.get("number") or v.get("yes_no")) for v in a.get("values", []))
            lines.append(f"| {', '.join(a['questions'])} | {a['outcome']} | {cell(a.get('text'))} | {values} |")
            for qid in a["questions"]:
                by_question.setdefault((qs["id"], qid), []).append((r["council"], a))
        if r.get("closing"):
            lines += ["", cell(r["closing"])]
        write(docs / "councils" / code / qs["id"] / "index.md", "\n".join(lines) + "\n")
        by_council.setdefault(code, []).append((qs, r))
        pages += 1
    for code, items in by_council.items():
        lines = [f"# {code.upper()}", "", "| Question set | Outcome | Responded |", "| --- | --- | --- |"]
        lines += [f"| [{cell(qs['title'])}]({qs['id']}/) | {r['outcome']} | {r['dates'].get('responded', '')} |"
                  for qs, r in items]
        write(docs / "councils" / code / "index.md", "\n".join(lines) + "\n")
        pages += 1
    for (set_id, qid), rows in by_question.items():
        lines = [f"# {cell(sets[set_id]['title'])}: {qid}", "", "| Council | Outcome | Answer |", "| --- | --- | --- |"]
        lines += [f"| {code} | {a['outcome']} | {cell(a.get('text'))} |" for code, a in rows]
        write(docs / "questions" / set_id / qid / "index.md", "\n".join(lines) + "\n")
        pages += 1
    write(docs / "index.md", f"# FOI disclosure log\n\n{pages} pages.\n")
    write(out / "mkdocs.yml", MKDOCS_YML.replace("FEATURES", "[]" if full_nav else "[navigation.prune]"))
    return pages + 1


if __name__ == "__main__":
    print(build(Path(sys.argv[1]), Path(sys.argv[2]), "--full-nav" in sys.argv[3:]))
