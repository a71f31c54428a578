"""Pure functions over the validated catalogue: which answer covers which question,
how a response reads in question order, and each question's cross-council rows."""

from __future__ import annotations

from dataclasses import dataclass

from generator.load.catalogue import Catalogue, Entry
from generator.common.memo import kept_by_identity
from generator.load.models import Answer, Question, QuestionPart, QuestionSet, Topic, TopicQuestion, Value

AnyQuestion = Question | QuestionPart


class _Index:
    """A question set's questions by id, each part's parent, and what an answer naming
    some questions covers; built once per question set object."""

    def __init__(self, qs: QuestionSet):
        self.by_id: dict[str, AnyQuestion] = {}
        self.parent: dict[str, Question] = {}
        for q in qs.questions:
            self.by_id.setdefault(q.id, q)
            for p in q.parts:
                self.by_id.setdefault(p.id, p)
                self.parent.setdefault(p.id, q)
        self.order = list(self.by_id)
        # What naming each id covers: itself, its parts, and the question it is part of.
        self.naming_covers: dict[str, tuple[str, ...]] = {}
        for qid, q in self.by_id.items():
            covered = [qid] + [p.id for p in getattr(q, "parts", ())]
            if qid in self.parent:
                covered.append(self.parent[qid].id)
            self.naming_covers[qid] = tuple(covered)
        self.labels: dict[str, str] = {}
        # Pieces of pages made from this set's questions alone (see render/response_parts.py and render/rows.py).
        self.pieces: dict = {}


@kept_by_identity(4096)
def _index(qs: QuestionSet) -> _Index:
    """The index of a question set object."""
    return _Index(qs)


def parent_of(qs: QuestionSet, qid: str) -> Question | None:
    return _index(qs).parent.get(qid)


def question_by_id(qs: QuestionSet, qid: str) -> AnyQuestion:
    try:
        return _index(qs).by_id[qid]
    except KeyError:
        raise KeyError(qid) from None


def pieces(qs: QuestionSet) -> dict:
    """A cache for page pieces made from this question set's questions alone, kept as long
    as the set's index is."""
    return _index(qs).pieces


def label(q: AnyQuestion, qs: QuestionSet) -> str:
    """How a question is named in running text and in the downloads: "Question 7a", or
    by position ("Question 3", "Question 3, part 2") where the request numbered none."""
    index = _index(qs)
    if index.by_id.get(q.id) is q:
        found = index.labels.get(q.id)
        if found is None:
            found = index.labels[q.id] = _label(q, qs)
        return found
    return _label(q, qs)


def _label(q: AnyQuestion, qs: QuestionSet) -> str:
    parent = parent_of(qs, q.id)
    if parent is None:
        return f"Question {q.number or [x.id for x in qs.questions].index(q.id) + 1}"
    if q.number and parent.number and q.number.startswith(parent.number) and q.number != parent.number:
        return f"Question {q.number}"  # a part numbered in full, like "7a" under 7
    if q.number:
        return f"{label(parent, qs)}{q.number}"
    # An unnumbered part is named by its place among its question's parts, so that no two
    # parts of one question read alike.
    return f"{label(parent, qs)}, part {[p.id for p in parent.parts].index(q.id) + 1}"


def covered_ids(answer: Answer, qs: QuestionSet) -> set[str]:
    """The ids an answer covers: each question it names, the parts of a question it names,
    and a question whose parts it names."""
    naming = _index(qs).naming_covers
    return {c for named in answer.questions for c in naming.get(named, (named,))}


def covers(answer: Answer, qs: QuestionSet, qid: str) -> bool:
    """Whether an answer covers a question (see `covered_ids`); KeyError for an id the set
    does not have and the answer does not name."""
    if qid in answer.questions:
        return True
    question_by_id(qs, qid)
    return qid in covered_ids(answer, qs)


def answers_to(entry: Entry, qid: str) -> list[Answer]:
    """The statements of a response that cover a question, in the reply's order."""
    memo = entry.memo.get("answers_to")
    if memo is None or memo[0] is not entry.question_set:
        qs = entry.question_set
        index = _index(qs)
        found: dict[str, list[Answer]] = {q: [] for q in index.order}
        for a in entry.response.answers:
            for q in covered_ids(a, qs):
                if q in found:
                    found[q].append(a)
        memo = (qs, found)
        entry.memo["answers_to"] = memo
    found = memo[1].get(qid)
    if found is None:  # not a question of the set
        return [a for a in entry.response.answers if covers(a, entry.question_set, qid)]
    return list(found)


def values_for(answer: Answer, qid: str) -> list[Value]:
    return [v for v in answer.values if v.question in (None, qid)]


def resolved_outcome(entry: Entry, answer: Answer, _seen: frozenset = frozenset()) -> str:
    """The outcome an answer amounts to, following "see our answer to Q1" to that answer."""
    if answer.outcome != "see_other_answer":
        return answer.outcome
    for qid in answer.see:
        if qid in _seen:
            continue
        for other in entry.response.answers:
            if other is not answer and qid in other.questions:
                return resolved_outcome(entry, other, _seen | {qid})
    return answer.outcome


@dataclass(frozen=True)
class Block:
    """Consecutive questions of a response answered by the same statement(s).

    `earlier` maps an answer already shown in an earlier block (a statement covering
    questions that are not next to each other) to that block's anchor, so the page
    points back to it instead of repeating it."""

    questions: tuple[AnyQuestion, ...]
    answers: tuple[Answer, ...]
    anchor: str
    earlier: tuple[tuple[int, str], ...] = ()

    def earlier_anchor(self, answer: Answer) -> str | None:
        return dict(self.earlier).get(id(answer))


def _naming(entry: Entry) -> dict[str, tuple[Answer, ...]]:
    """For each question id a statement names, the statements naming it, in the reply's order."""
    found: dict[str, list[Answer]] = {}
    for a in entry.response.answers:
        for qid in dict.fromkeys(a.questions):
            found.setdefault(qid, []).append(a)
    return {qid: tuple(answers) for qid, answers in found.items()}


def response_blocks(entry: Entry) -> list[Block]:
    """Every question of the set in order, grouped where one statement answers several.
    A question's statements are those naming it, or else those naming its parent question."""
    naming = _naming(entry)
    parents = _index(entry.question_set).parent
    groups: list[tuple[list[AnyQuestion], tuple[Answer, ...]]] = []
    for q in entry.question_set.all_questions():
        direct = naming.get(q.id, ())
        if not direct and q.id in parents:
            direct = naming.get(parents[q.id].id, ())
        if groups and direct and [id(a) for a in direct] == [id(a) for a in groups[-1][1]]:
            groups[-1][0].append(q)
        else:
            groups.append(([q], direct))
    blocks, shown = [], {}
    for questions, answers in groups:
        anchor = questions[0].id
        earlier = tuple((id(a), shown[id(a)]) for a in answers if id(a) in shown)
        for a in answers:
            shown.setdefault(id(a), anchor)
        blocks.append(Block(tuple(questions), answers, anchor, earlier))
    return blocks


@dataclass(frozen=True)
class Row:
    entry: Entry
    answers: tuple[Answer, ...]
    outcomes: tuple[str, ...]

    @property
    def council(self):
        return self.entry.council


def comparison_rows(catalogue: Catalogue, qs: QuestionSet, qid: str) -> list[Row]:
    """A question's comparison: one row per council that replied to the set, in
    council-name order."""
    return list(catalogue.memo(("comparison_rows", id(qs), qid), lambda: (qs, _comparison_rows(catalogue, qs, qid)))[1])


def _comparison_rows(catalogue: Catalogue, qs: QuestionSet, qid: str) -> list[Row]:
    rows = []
    entries = catalogue.memo(("by_council_name", qs.id), lambda: sorted(catalogue.entries_for_set(qs.id),
                                                                         key=lambda e: e.council.nice_name))
    for entry in entries:
        found = tuple(answers_to(entry, qid))
        if len(found) == 1:
            outcomes: tuple[str, ...] = (resolved_outcome(entry, found[0]),)
        else:
            outcomes = tuple(dict.fromkeys(resolved_outcome(entry, a) for a in found)) or ("no_answer",)
        rows.append(Row(entry, found, outcomes))
    return rows


def latest(catalogue: Catalogue, n: int = 10) -> list[Entry]:
    """Most recent responses first; those with no known date last, by council name."""
    dated = sorted((e for e in catalogue.entries if e.response.dates.responded),
                   key=lambda e: (e.response.dates.responded, e.council.nice_name), reverse=True)
    undated = sorted((e for e in catalogue.entries if not e.response.dates.responded),
                     key=lambda e: e.council.nice_name)
    return (dated + undated)[:n]


@dataclass(frozen=True)
class TopicRow:
    """One council's answer to one of a topic's questions."""

    ref: TopicQuestion
    question_set: QuestionSet
    question: AnyQuestion
    row: Row


def topic_comparison_rows(catalogue: Catalogue, topic: Topic) -> list[TopicRow]:
    """Every council's answer to every question the topic joins, by council, then by the
    year the question was asked and the question's order."""
    out = []
    for ref in topic.questions:
        qs = catalogue.question_sets[ref.question_set]
        q = question_by_id(qs, ref.question)
        out += [TopicRow(ref, qs, q, row) for row in comparison_rows(catalogue, qs, ref.question)]
    order = {(r.question_set, r.question): i for i, r in enumerate(topic.questions)}
    return sorted(out, key=lambda t: (t.row.council.nice_name, t.question_set.year_sent or 0,
                                      order[(t.ref.question_set, t.ref.question)]))
