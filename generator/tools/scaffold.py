"""`foilog new`: a response file ready to fill in, in the right place with the right name."""

from __future__ import annotations

import difflib
import textwrap
from pathlib import Path

from generator.analyse import analysis
from generator.load.catalogue import load_known
from generator.load.content_files import RESPONSES_DIR
from generator.load.models import QuestionSet
from generator.load.vocabulary import ANSWER_OUTCOMES, RESPONSE_OUTCOMES
from generator.load.register import Council


class ScaffoldError(Exception):
    """A reason no file was written, in words a contributor can act on."""


def _comment(text: str, indent: str, width: int = 88) -> list[str]:
    """Text as YAML comment lines (every line of it, so nothing can end the comment)."""
    lines = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, width - len(indent) - 2) or [""]
    return [f"{indent}# {line}".rstrip() for line in lines]


def find_council(text: str, councils) -> Council:
    """The council a code or name means; refuses to guess between several."""
    code = text.strip().upper()
    council = councils.get(code)
    if council is not None:
        return council
    found = councils.suggest(text)
    if len(found) == 1:
        return councils.get(found[0])
    if found:
        options = "; ".join(f"{c} ({councils.get(c).official_name})" for c in found)
        raise ScaffoldError(f"'{text}' could be more than one council: {options}. Run again with the code.")
    raise ScaffoldError(f"'{text}' is not a council code or name in the register. Search for the council's "
                        "name in generator/load/data/uk-local-authorities/uk_local_authorities_future.csv "
                        "and use its local-authority-code.")


def find_question_set(set_id: str, sets: dict[str, QuestionSet]) -> QuestionSet:
    if set_id in sets:
        return sets[set_id]
    close = difflib.get_close_matches(set_id, list(sets), n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]}?" if close else ""
    raise ScaffoldError(f"there is no question set '{set_id}'.{hint} Question sets: {', '.join(sorted(sets))}.")


def response_path(council: Council, qs: QuestionSet) -> str:
    return f"content/{RESPONSES_DIR}/{council.slug}/{qs.id}.yaml"


def response_template(council: Council, qs: QuestionSet) -> str:
    """A response file listing every question of the set with an empty answer."""
    outcomes = ", ".join(RESPONSE_OUTCOMES)
    answer_outcomes = ", ".join(ANSWER_OUTCOMES)
    lines = [
        "# yaml-language-server: $schema=../../../schema/response.schema.json",
        *_comment(f"{council.official_name}'s reply to \"{qs.title}\".", ""),
        "# Fill in what the reply says, copying the council's words exactly, and delete what it",
        "# does not say. `foilog validate` lists what is still to do; CONTRIBUTING.md explains",
        "# every field.",
        f"council: {council.code}  # {council.official_name}",
        f"question_set: {qs.id}",
        "reference:  # the council's reference for the request; delete the line if it gave none",
        "dates:",
        "  received:  # the day the council received the request, YYYY-MM-DD; delete if unknown",
        "  responded:  # the date on the reply, YYYY-MM-DD; delete if unknown",
        "outcome:  # one of: " + outcomes,
        "reuse:",
        "  terms: not_stated  # ogl only if the reply says the Open Government Licence applies;",
        "  #                    restricted if it limits re-use (then copy its words into wording:)",
        "source:",
        "  url:  # where the reply is published, e.g. its WhatDoTheyKnow page; delete if nowhere",
        "answers:",
        "  # One answer per statement in the reply. An answer may cover several questions:",
        "  # questions: [q5a, q5b]. For each outcome choose one of:",
        *_comment(answer_outcomes, "  "),
    ]
    for q in qs.all_questions():
        lines += _comment(f"{analysis.label(q, qs)}: {q.text}", "  ")
        # A comment after `text:` would be read as its words left out, and is refused.
        lines += [f"  - questions: [{q.id}]", "    outcome:",
                  "    # the council's words, exactly, on the lines after `text: |-`, indented", "    text:"]
    return "\n".join(lines) + "\n"


def new_response(repo: Path, council_text: str, set_id: str) -> Path:
    """Write the file for this council and question set; never overwrites."""
    councils, sets = load_known(repo)
    council = find_council(council_text, councils)
    qs = find_question_set(set_id, sets)
    path = repo / response_path(council, qs)
    if path.exists():
        raise ScaffoldError(f"{response_path(council, qs)} already exists: edit it instead. Nothing was written.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as fh:
        fh.write(response_template(council, qs))
    return path
