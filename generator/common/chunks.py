"""Work cut into runs: tasks of about a given cost, or a given number of parts in given
proportions. Every run keeps its items' order."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def runs(items: Sequence, budget: int, cost: Callable[[object], float] | None = None, *,
         fit: bool = False, least: int = 1) -> list:
    """`items` cut, in order, into runs costing about `budget` each (each item costs 1
    without `cost`); no run is empty.

    A run ends once it has cost `budget` or more; with `fit`, it ends before the item that
    would take it past `budget` instead (so an item costing more is a run of its own, and
    one costing nothing never starts a run but the first). `least` lowers the budget so
    that there are at least that many runs when the items allow it.

    Without `cost`, each run is a slice of `items` (of a range, a range)."""
    if cost is None:
        step = max(1, min(budget, -(-len(items) // max(1, least))))
        return [items[i:i + step] for i in range(0, len(items), step)]
    costs = [cost(item) for item in items]
    if least > 1:
        budget = min(budget, max(1, -(-sum(costs) // least)))
    out: list[list] = []
    spent = 0
    for item, c in zip(items, costs):
        if not out or (spent >= budget if not fit else spent > 0 and c > 0 and spent + c > budget):
            out.append([])
            spent = 0
        out[-1].append(item)
        spent += c
    return out


def cut(items: Sequence, weights: Sequence[float], cost: Callable[[object], float] | None = None) -> list[list]:
    """`items` cut, in order, into one run per weight, each of about its weight's share of
    the whole cost (each item costs 1 without `cost`): an item goes to the run its middle
    falls in. A run may be empty."""
    costs = [1] * len(items) if cost is None else [cost(item) for item in items]
    total, whole = sum(costs), sum(weights)
    ends, so_far = [], 0.0
    for weight in weights:
        so_far += weight
        ends.append(total * so_far / whole)
    out: list[list] = [[] for _ in weights]
    counted, k = 0, 0
    for item, c in zip(items, costs):
        while k < len(weights) - 1 and counted + c / 2 > ends[k]:
            k += 1
        out[k].append(item)
        counted += c
    return out
