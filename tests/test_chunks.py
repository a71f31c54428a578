"""The one chunker (generator/common/chunks.py) cuts work as each of its users cut it before."""

from __future__ import annotations

from hypothesis import given, strategies as st

from generator.common.chunks import cut, runs

costs = st.lists(st.integers(min_value=0, max_value=50), max_size=60)


def _by_cost(items, budget):
    """Runs that end once they have cost `budget` or more."""
    out, spent = [[]], 0
    for c in items:
        if spent >= budget:
            out.append([])
            spent = 0
        out[-1].append(c)
        spent += c
    return [run for run in out if run]


def _fitting(items, budget):
    """Runs that end before the item that would take them past `budget`."""
    out, spent = [], 0
    for c in items:
        if not out or (spent > 0 and c > 0 and spent + c > budget):
            out.append([])
            spent = 0
        out[-1].append(c)
        spent += c
    return out


@given(costs, st.integers(min_value=1, max_value=120))
def test_runs_by_cost_end_once_they_reach_the_budget_or_before_going_past_it(items, budget):
    assert runs(items, budget, lambda c: c) == _by_cost(items, budget)
    assert runs(items, budget, lambda c: c, fit=True) == _fitting(items, budget)
    assert [c for run in runs(items, budget, lambda c: c, fit=True) for c in run] == items


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=300),
       st.integers(min_value=1, max_value=9))
def test_runs_of_equal_items_are_slices_and_at_least_as_many_as_asked(n, budget, least):
    items = list(range(n))
    got = runs(items, budget, least=least)
    step = max(1, min(budget, -(-n // least)))
    assert got == [items[i:i + step] for i in range(0, n, step)]
    assert runs(range(n), budget) == [range(i, min(n, i + budget)) for i in range(0, n, budget)]


def test_a_cut_puts_each_item_where_its_middle_falls():
    sizes = {"a": 10, "b": 30, "c": 20, "d": 25, "e": 15}
    assert cut(list(sizes), [0.88, 1.0], sizes.get) == [["a", "b"], ["c", "d", "e"]]
    assert cut(list(sizes), [1, 1, 1], sizes.get) == [["a", "b"], ["c"], ["d", "e"]]
    assert cut([], [1, 1]) == [[], []]
    assert cut(list(range(6)), [1, 2]) == [[0, 1], [2, 3, 4, 5]]
