"""Load every content file, check it, and return the validated catalogue.

Every problem in every file is collected before anything is reported, so a contributor
sees all of them in one run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple

from pydantic import BaseModel, ValidationError

from generator.load import checks, personal
from generator.load.content_files import content_files, relative_path
from generator.load.freetext import FREE_TEXT_KEYS
from generator.load.messages import problems_from
from generator.common.chunks import runs
from generator.common.pool import Task, run_tasks
from generator.common.processes import PARALLEL_FROM, workers_wanted
from generator.load.models import OtherBody, QuestionSet, Response, Topic
from generator.common.problems import ContentError, Problem
from generator.load.register import Council, Register, load_register
from generator.load.salvage import check_parts
from generator.load.yamlload import Document, load_file

BODY_KINDS = {
    "nhs_trust": "NHS trust",
    "integrated_care_board": "Integrated care board",
    "fire_authority": "Fire and rescue authority",
    "police": "Police force",
    "other": "Public body",
}


@dataclass(frozen=True)
class Entry:
    """A validated response with what it refers to."""

    path: str
    response: Response
    council: Council
    question_set: QuestionSet
    # What was worked out of the response as it was read (see `read_responses`).
    derived: Derived | None = field(default=None, repr=False, compare=False, hash=False)
    # Figures derived from this entry during a build (see analysis.answers_to).
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)


class Derived(NamedTuple):
    """What `read_responses`' `derive` made of a response as of a day: for that very
    response only (an entry copied with another keeps it)."""

    day: dt.date
    response: Response
    value: object


@dataclass
class Catalogue:
    register: Register
    question_sets: dict[str, QuestionSet]
    entries: list[Entry]
    warnings: list[Problem] = field(default_factory=list)
    topics: dict[str, Topic] = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def memo(self, key, compute):
        """A figure derived from the catalogue, computed once: `compute()` the first time
        `key` is asked for. Forgotten if the list of entries is replaced or changes length."""
        stamp = (id(self.entries), len(self.entries))
        if self._memo.get("_stamp") != stamp:
            self._memo.clear()
            self._memo["_stamp"] = stamp
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def _grouped(self, what: str) -> dict[str, list[Entry]]:
        def group() -> dict[str, list[Entry]]:
            out: dict[str, list[Entry]] = {}
            for e in self.entries:
                out.setdefault(e.question_set.id if what == "set" else e.council.code, []).append(e)
            return out
        return self.memo(("entries_by", what), group)

    def entries_for_set(self, set_id: str) -> list[Entry]:
        return list(self._grouped("set").get(set_id, ()))

    def entries_for_council(self, code: str) -> list[Entry]:
        return list(self._grouped("council").get(code, ()))

    def topics_for(self, set_id: str, qid: str | None = None) -> list[Topic]:
        """Topics that join a question of this set (or this very question)."""
        return [t for t in self.topics.values()
                if any(r.question_set == set_id and qid in (None, r.question) for r in t.questions)]

    def councils(self) -> list[Council]:
        """Every council with a response, by name. Some share a short name (a county and the
        unitary council that replaced it, both "Somerset"): their full names, then their
        codes, decide, never the order of a set, which differs from one process to another."""
        codes = {e.council.code for e in self.entries}
        return sorted((self.register.get(c) for c in codes), key=lambda c: (c.nice_name, c.official_name, c.code))


def _validate(model: type[BaseModel], doc: Document) -> tuple[BaseModel | None, list[Problem]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as err:
        return None, problems_from(err, model, doc)


def _read(path: Path, repo: Path, model: type[BaseModel], problems: list[Problem], before=None):
    """Parse and validate one file, adding its problems; (document or None, model or None).
    `before`, when given, is called with the document before its data is validated."""
    doc, found = load_file(path, relative_path(path, repo), FREE_TEXT_KEYS)
    problems += found
    if doc is None:
        return None, None
    if before is not None:
        before(doc)
    if not doc.complete:
        return doc, None
    obj, found = _validate(model, doc)
    # Where the model has something to say about a value the YAML reading already flagged
    # (`yes_no: No`), the model's message says what to write; keep that one only.
    at = {(p.line, p.column) for p in found}
    problems[:] = [p for p in problems if not (p.path == doc.path and (p.line, p.column) in at
                                                and "is read by YAML as" in p.message)]
    problems += found
    return doc, obj


def _at(doc: Document, finding: checks.Finding, severity: str = "error") -> Problem:
    loc, message, hint = finding
    line, column = doc.position(loc)
    return Problem(doc.path, line, column, message, hint, severity)


def _body_as_council(body: OtherBody) -> Council:
    return Council(
        code=body.code, official_name=body.name, nice_name=body.short_name or body.name, gss_code="",
        nation=body.nation, region=body.region or body.nation, type_code="OTHER",
        type_name=BODY_KINDS[body.kind], county_code="", start_date="", end_date="", replaced_by=(),
        current=True, alt_names=(), wdtk_id="", gov_uk_slug="",
    )


def _load_bodies(files: list[Path], repo: Path, register: Register) -> tuple[Register, list[Problem]]:
    """Public bodies outside the register (NHS trusts and the like) join it for this build."""
    problems: list[Problem] = []
    extra: dict[str, Council] = {}
    for path in files:
        doc, body = _read(path, repo, OtherBody, problems)
        if body is None:
            continue
        problems += [_at(doc, f) for f in checks.check_addresses(body)]
        owner = register.get(body.code) or extra.get(body.code)
        if owner is not None:
            problems.append(_at(doc, (("code",), f"code `{body.code}` is already used by {owner.official_name}",
                                      "choose another code; for a council, use the register's code directly")))
        elif path.stem != body.code.lower():
            problems.append(_at(doc, (("code",), f"`code` is {body.code} but the file is named {path.name}",
                                      f"rename the file to {body.code.lower()}.yaml")))
        else:
            extra[body.code] = _body_as_council(body)
    if not extra:
        return register, problems
    return Register({**register.councils, **extra}, register.corrections), problems


def load_known(repo: Path, content_dir: str = "content") -> tuple[Register, dict[str, QuestionSet]]:
    """The register (with other public bodies) and the question sets that load cleanly,
    without checking responses: what `foilog new` needs."""
    found = content_files(repo / content_dir, repo)
    ignored: list[Problem] = []
    register, _ = _load_bodies(found.bodies, repo, load_register())
    sets: dict[str, QuestionSet] = {}
    for path in found.sets:
        _, qs = _read(path, repo, QuestionSet, ignored)
        if qs is not None:
            sets.setdefault(qs.id, qs)
    return register, sets


RESPONSES_PER_TASK = 250


class Where(NamedTuple):
    """Where a response file writes its `council`: the file's path and (line, column)."""

    path: str
    position: tuple[int, int]


class ResponseRead(NamedTuple):
    """What reading one response file found: its problems and warnings, its model (None
    when it does not fit), where its `council` is (None without a model), whether it
    passed every check, and what `derive` made of it (only when it passed)."""

    problems: list[Problem]
    warnings: list[Problem]
    response: Response | None
    at: Where | None
    passed: bool
    derived: object = None


def read_responses(paths: list[Path], known: Known,
                   derive: Callable[[Response, dt.date], object] | None = None) -> list[ResponseRead]:
    """Read and check response files. `derive(response, today)`, when given, is worked
    out for each response that passed, here: on every core, when the files are shared out
    (the generator works out deadlines so)."""
    repo, register, sets, today = known.repo, known.register, known.sets, known.today
    publish = known.publish_personal_contacts
    results = []
    for path in paths:
        problems: list[Problem] = []
        details: list[personal.Detail] = []
        # Withheld before the model is built, so that all made from it withholds alike.
        doc, resp = _read(path, repo, Response, problems,
                          before=lambda doc: details.extend(personal.withhold(doc.data, publish)))
        if doc is None:
            results.append(ResponseRead(problems, [], None, None, False))
            continue
        findings = list(checks.check_references(doc.data, register, sets, known.unchecked_sets))
        if resp is not None:
            findings += checks.check_response(resp, register, sets, doc.path, today)
        else:
            findings += check_parts(doc.data, today)
        problems += [_at(doc, f) for f in findings]
        warnings = personal.warnings(doc, details, path, publish)
        at = Where(doc.path, doc.position(("council",))) if resp is not None else None
        # A response to a set whose file has problems has not been checked against it.
        ok = not findings and (resp is None or resp.question_set in sets)
        derived = derive(resp, today) if derive is not None and resp is not None and ok else None
        results.append(ResponseRead(problems, warnings, resp, at, ok, derived))
    return results


@dataclass
class Known:
    """What every response is checked against, read before any response: the register
    (with other public bodies), the question sets and topics, the response files to read,
    and the problems found so far."""

    repo: Path
    today: dt.date
    register: Register
    sets: dict[str, QuestionSet]
    topics: dict[str, Topic]
    response_files: list[Path]
    problems: list[Problem]
    publish_personal_contacts: bool = False
    # Ids of question sets whose files do not fit the model: what refers to one is not
    # told that it does not exist, the set's file being told what is wrong with it.
    unchecked_sets: frozenset[str] = frozenset()


def read_known(repo: Path, content_dir: str = "content", today: dt.date | None = None,
               register: Register | None = None, publish_personal_contacts: bool = False) -> Known:
    """Everything under `content_dir` but the responses, read and checked; the response
    files listed, to be read as `publish_personal_contacts` says (personal.withhold)."""
    today = today or dt.date.today()
    register = register or load_register()
    content = repo / content_dir
    set_files, response_files, body_files, topic_files, problems = content_files(content, repo)
    register, found = _load_bodies(body_files, repo, register)
    problems += found

    sets: dict[str, QuestionSet] = {}
    unchecked: set[str] = set()
    for path in set_files:
        doc, qs = _read(path, repo, QuestionSet, problems)
        if qs is None:
            named = doc.data.get("id") if doc is not None and isinstance(doc.data, dict) else None
            unchecked |= {path.stem} | ({named} if isinstance(named, str) else set())
            continue
        problems += [_at(doc, f) for f in checks.check_question_set(qs, path.stem)]
        if qs.id != path.stem:  # told to rename: what names the file's name is not told more
            unchecked.add(path.stem)
        problems += [_at(doc, f) for f in checks.check_audience(qs, register)]
        problems += [_at(doc, f) for f in checks.check_set_dates(qs, today)]
        problems += [_at(doc, f) for f in checks.check_addresses(qs)]
        if qs.id in sets:
            problems.append(_at(doc, (("id",), f"question set id `{qs.id}` is used by another file", "ids must be unique")))
        sets.setdefault(qs.id, qs)

    topics: dict[str, Topic] = {}
    for path in topic_files:
        doc, topic = _read(path, repo, Topic, problems)
        if topic is None:
            continue
        findings = list(checks.check_topic(topic, path.stem, sets, unchecked))
        problems += [_at(doc, f) for f in findings]
        if not findings and all(ref.question_set in sets for ref in topic.questions):
            topics[topic.id] = topic
    return Known(repo, today, register, sets, topics, response_files, problems,
                 publish_personal_contacts=publish_personal_contacts, unchecked_sets=frozenset(unchecked))


class Read(NamedTuple):
    """What reading one response file found, without its model: small to send. `claim`
    is the (council, question set) it claims, None when it does not fit the model."""

    problems: list[Problem]
    warnings: list[Problem]
    claim: tuple[str, str] | None
    at: Where | None
    passed: bool


def without_model(result: ResponseRead) -> Read:
    resp = result.response
    return Read(result.problems, result.warnings, (resp.council, resp.question_set) if resp is not None else None,
                result.at, result.passed)


def gather(known: Known, reads: list[Read]) -> tuple[list[Problem], list[Problem]]:
    """Every problem and warning of a whole run, in file order, from what reading each
    response file found (`reads`, in the order of `known.response_files`): the problems
    of the files other than responses, each response file's, then two files claiming the
    same council and question set."""
    problems = list(known.problems)
    warnings: list[Problem] = []
    claims: list[tuple[str, str, str]] = []
    council_at: dict[str, tuple[int, int]] = {}
    for read in reads:
        problems += read.problems
        warnings += read.warnings
        if read.claim is None:
            continue
        council_at[read.at.path] = read.at.position
        claims.append((read.at.path, *read.claim))
    # Over every response that fits the model, so that a second file claiming the same
    # council and question set from the wrong place is told which file already does.
    merging = set()
    for path, (loc, message, hint) in checks.check_duplicates(claims):
        line, column = council_at[path] if tuple(loc) == ("council",) else (1, 1)
        problems.append(Problem(path, line, column, message, hint))
        merging.add(path)
    problems = [p for p in problems if not (p.path in merging and p.message.startswith(checks.MISPLACED))]
    return problems, warnings


def entry_for(known: Known, path: str, resp: Response, derived: object = None) -> Entry:
    """The entry of a response that passed every check, with what `derive` made of it."""
    return Entry(path, resp, known.register.get(resp.council), known.sets[resp.question_set],
                 None if derived is None else Derived(known.today, resp, derived))


def entries_from(known: Known, results: list[ResponseRead]) -> list[Entry]:
    """The entries of the responses that passed every check (results of `read_responses`)."""
    return [entry_for(known, r.at.path, r.response, r.derived) for r in results if r.passed]


def load_catalogue(repo: Path, content_dir: str = "content", today: dt.date | None = None,
                   register: Register | None = None, known: Known | None = None,
                   publish_personal_contacts: bool = False,
                   derive: Callable[[Response, dt.date], object] | None = None) -> Catalogue:
    """Read and check everything under `content_dir`; raise ContentError listing every
    problem. `known`, when given, is what `read_known` read of it already; `derive`, what
    to work out of each response as it is read (see `read_responses`)."""
    known = known or read_known(repo, content_dir, today, register, publish_personal_contacts)
    # Only the model of each response is kept: its document (every value's position) is
    # dropped as soon as its checks are done, keeping where its `council` is written for
    # the duplicate check. Thousands of documents would otherwise be held at once.
    # The files are read on every core the process may use when there are many.
    files = known.response_files
    workers = workers_wanted() if len(files) >= PARALLEL_FROM else 1
    tasks = [Task(read_responses, (part, known, derive)) for part in runs(files, RESPONSES_PER_TASK, least=4 * workers)]
    results = [result for done in run_tasks(tasks, workers, collect_garbage=False) for result in done]
    problems, warnings = gather(known, [without_model(r) for r in results])
    if problems:
        raise ContentError(problems + warnings)
    return Catalogue(known.register, known.sets, entries_from(known, results), sorted(warnings), known.topics)
