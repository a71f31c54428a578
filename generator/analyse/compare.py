"""Figures for comparing one question across councils: an outcome summary that counts each
council once, the sections cited in refusals, and values in units that compare (see
measure.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator.analyse.analysis import Row, values_for
from generator.analyse.measure import CONVERSIONS, common_measure
from generator.load.models import Value
from generator.load.vocabulary import ANSWER_OUTCOMES

NO_ANSWER = "no_answer"
NOT_REPLIED = "not_replied"
OUTCOME_ORDER = [*ANSWER_OUTCOMES, NO_ANSWER, NOT_REPLIED]
OUTCOME_LABELS = {**ANSWER_OUTCOMES, NO_ANSWER: "No answer recorded", NOT_REPLIED: "Not in this log"}
ANSWERED = ("answered", "partially_answered")


def primary_outcome(row: Row) -> str:
    """One outcome per council. Where a council's statements on one question differ (part
    answered, part refused), the council counts as partly answered when any part was
    answered, otherwise under the first of its outcomes in the usual order."""
    outcomes = row.outcomes
    if len(outcomes) == 1:
        return outcomes[0]
    if any(o in ANSWERED for o in outcomes):
        return "partially_answered"
    return min(outcomes, key=OUTCOME_ORDER.index)


def refusal_sections(row: Row) -> list[str]:
    """Sections a council cited where it refused (or partly refused) this question."""
    found: list[str] = []
    for answer in row.answers:
        if answer.outcome in ("refused", "partially_answered") or (
            answer.outcome == "see_other_answer" and "refused" in row.outcomes
        ):
            found += [s for s in answer.sections if s not in found]
    return found


@dataclass(frozen=True)
class Summary:
    """How the councils in the log answered one question."""

    replied: int
    counts: tuple[tuple[str, int], ...]
    sections: tuple[tuple[str, int], ...]
    not_replied: int | None = None
    meant_for: int | None = None
    awaiting: int = 0  # responses in the log still awaiting the council's reply, not counted above

    def count(self, outcome: str) -> int:
        return dict(self.counts).get(outcome, 0)

    def bars(self) -> list[tuple[str, str, int]]:
        """(outcome, label, number of councils) for every outcome with at least one,
        followed by the councils that have not replied, when that is known."""
        bars = [(o, OUTCOME_LABELS[o], n) for o, n in self.counts]
        if self.not_replied:
            bars.append((NOT_REPLIED, OUTCOME_LABELS[NOT_REPLIED], self.not_replied))
        return bars


def summarise(rows: list[Row], not_replied: int | None = None, meant_for: int | None = None,
              awaiting: int = 0) -> Summary:
    """Count each council once, by `primary_outcome`; count refusing councils per section.
    `not_replied` of the `meant_for` authorities the request was sent to are not in the log;
    `awaiting` responses, left out of `rows`, are still waiting for the council's reply."""
    counts = Counter(primary_outcome(row) for row in rows)
    sections = Counter(s for row in rows if primary_outcome(row) in ("refused", "partially_answered")
                       for s in refusal_sections(row))
    ordered = tuple(sorted(counts.items(), key=lambda kv: OUTCOME_ORDER.index(kv[0])))
    by_section = tuple(sorted(sections.items(), key=lambda kv: (-kv[1], _section_key(kv[0]))))
    return Summary(len(rows), ordered, by_section, not_replied, meant_for, awaiting)


def _section_key(section: str) -> tuple:
    digits = "".join(ch if ch.isdigit() else " " for ch in section).split()
    return tuple(int(d) for d in digits) + (section,)


# --- values in comparable units ------------------------------------------------------

# Lengths of time are compared in days and hours in minutes, by measure.CONVERSIONS (some
# of them approximate); money, percentages and counts only with the same unit.
_BASE_WORDS = {"days": ("day", "days"), "minutes": ("minute", "minutes")}


@dataclass(frozen=True)
class Comparable:
    """A value in the unit its column is compared in: `number` is its common measure,
    which its row sorts by; `converted` when the page shows it converted (`words`)."""

    number: float
    family: str
    converted: bool
    words: str
    exact: bool = True

    @property
    def sign(self) -> str:
        return "=" if self.exact else "≈"


def family_of(value: Value) -> str | None:
    if value.number is None:
        return None
    unit = value.unit or "count"
    if unit in CONVERSIONS:
        return CONVERSIONS[unit].base
    if unit == "count" and value.counting:
        return f"count:{value.counting.lower()}"
    return unit


def _number_words(n: float) -> str:
    return f"{int(n):,}" if float(n).is_integer() else f"{n:,.2f}".rstrip("0").rstrip(".")


def comparable(value: Value, convert: bool) -> Comparable | None:
    """The value in its family's common unit; shown converted when `convert` and its unit
    is not that unit."""
    family = family_of(value)
    measure = common_measure(value)
    if family is None or measure is None:
        return None
    unit = value.unit or "count"
    if convert and unit in CONVERSIONS and CONVERSIONS[unit].base != unit:
        singular, plural = _BASE_WORDS[family]
        words = f"{_number_words(measure.number)} {singular if measure.number == 1 else plural}"
        return Comparable(measure.number, family, True, words, measure.exact)
    return Comparable(measure.number, family, False, "", measure.exact)


@dataclass(frozen=True)
class ValueColumn:
    """How the value column of a comparison table is compared: the main family of units
    (the most common among the rows), and whether its units need converting."""

    family: str | None
    convert: frozenset[str]

    def cell(self, row: Row, qid: str) -> tuple[list[tuple[Value, Comparable | None]], float | None, int]:
        """The row's values with their comparable forms, the sort number and sort group
        (0 for the main family, 1 for another unit, 2 for no number)."""
        items = []
        for answer in row.answers:
            for value in values_for(answer, qid):
                items.append((value, comparable(value, family_of(value) in self.convert)))
        for _, comp in items:
            if comp is not None:
                return items, comp.number, 0 if comp.family == self.family else 1
        return items, None, 2


def value_column(rows: list[Row], qid: str) -> ValueColumn:
    """The value column of one question's comparison table."""
    return value_column_for([(row, qid) for row in rows])


def value_column_for(pairs: list[tuple[Row, str]]) -> ValueColumn:
    """The value column of a table whose rows answer different questions (a topic)."""
    units_by_family: dict[str, set[str]] = {}
    families: Counter[str] = Counter()
    for row, qid in pairs:
        for answer in row.answers:
            for value in values_for(answer, qid):
                family = family_of(value)
                if family is not None:
                    families[family] += 1
                    units_by_family.setdefault(family, set()).add(value.unit or "count")
    main = min(families, key=lambda f: (-families[f], f)) if families else None
    convert = frozenset(f for f, units in units_by_family.items() if len(units) > 1)
    return ValueColumn(main, convert)
