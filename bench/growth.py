"""How each stage's peak memory grows with the log, and where one machine would run out.

From two sizes of the same run, or, when a run has one size, from that size and the
committed figures of another (bench/RESULTS.json): the growth of peak memory per response
between them, for the stages of `foilog build` measured on their own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

COMMITTED = Path(__file__).resolve().parent / "RESULTS.json"

# The build's stages, each measured on its own, and the whole build.
STAGES = (("gen_cold", "the generator"), ("mkdocs_parallel", "MkDocs with foilog's hooks"),
          ("fidelity", "the nothing-lost check"), ("build_cold", "the whole build"))
WHOLE = "build_cold"


def peak_mb(m: dict) -> float:
    return max(m["peak_mb"], m.get("tree_peak_mb", 0))


def machine_mb() -> float:
    """This machine's memory (MemTotal), in MB."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    except (ValueError, OSError):
        return 0.0


def growth(small: dict, large: dict) -> dict[str, float]:
    """Each stage's growth of peak memory, in KB per response, from `small` to `large`."""
    span = large["size"] - small["size"]
    return {key: (peak_mb(large[key]) - peak_mb(small[key])) * 1024 / span
            for key, _ in STAGES if key in small and key in large and span > 0}


def committed(size: int) -> dict | None:
    try:
        return next((r for r in json.loads(COMMITTED.read_text(encoding="utf-8")) if r["size"] == size), None)
    except (OSError, ValueError):
        return None


def growth_lines(results: list[dict]) -> list[str]:
    """The paragraph on memory growth, or nothing if there is no second size to compare with."""
    large = max(results, key=lambda r: r["size"])
    smaller = [r for r in results if r["size"] < large["size"]]
    small, where = (max(smaller, key=lambda r: r["size"]), "this run") if smaller else (None, "")
    if small is None:
        for size in (10000, 1000):
            if size < large["size"] and (small := committed(size)):
                where = "the committed bench/RESULTS.json"
                break
    if small is None:
        return []
    per = growth(small, large)
    if not per:
        return []
    names = dict(STAGES)
    stages = [k for k in per if k != WHOLE] or list(per)
    fastest = max(stages, key=per.__getitem__)
    total = machine_mb()
    parts = ", ".join(f"{names[k]} {v:,.1f}" for k, v in per.items())
    line = (f"Peak memory per response from {small['size']:,} ({where}) to {large['size']:,} responses, "
            f"in KB: {parts}. Of the build's stages it grows fastest in {names[fastest]}")
    if per[fastest] > 0 and total:
        at = large["size"] + (total - peak_mb(large[fastest])) * 1024 / per[fastest]
        line += (f": at that rate it would pass this machine's {total / 1024:,.0f} GB at about "
                 f"{at:,.0f} responses, where the build would need more than one machine (or that "
                 "stage cut into parts that run apart)")
    return ["", line + "."]
