"""The reader's part of the benchmark's report: a table per size (bench.reader's figures)
and their ratios to the targets. MB and KB are 10^6 and 10^3 bytes."""

from __future__ import annotations

from bench.sizes import megabytes

MB, KB = 1e6, 1e3
SECONDS_TARGET = 2.0
PAGE_TARGET = 200 * KB
SITE_TARGET_AT_10000 = 500 * MB


def bytes_target(size: int) -> float:
    """Bytes fetched until the first result: 1 MB up to 10,000 responses, 1.5 MB above
    (the target given for 100,000)."""
    return 1 * MB if size <= 10000 else 1.5 * MB


def site_target(size: int) -> float:
    """500 MB at 10,000 responses, pro rata at other sizes."""
    return SITE_TARGET_AT_10000 * size / 10000


def _ratio(value: float | None, target: float) -> str:
    return "–" if value is None else f"{value / target:.2f}"


def reader_section(r: dict) -> list[str]:
    """The tables of one size's reader measures, or why there are none."""
    reader = r.get("reader")
    if reader is None:
        return []
    if "failed" in reader:
        return [f"Reader measures **failed**: {reader['failed']}", ""]
    s = reader["sizes"]
    kinds = s["kinds"]
    heavy = s["heaviest_kind"]
    lines = [f"### Reader, {r['size']:,} responses", "",
             "| what | size | notes |", "| --- | ---: | --- |",
             f"| the whole site | {megabytes(s['bytes'])} | {s['html_pages']:,} HTML pages; files' sizes in bytes |"]
    lines += [f"| `{folder}` | {megabytes(n)} | |" for folder, n in s["folders"].items()]
    lines += [f"| largest HTML page | {megabytes(s['largest_page_bytes'])} | `{s['largest_page']}` |"]
    if heavy:
        lines += [f"| heaviest kind of page: {heavy} | {megabytes(kinds[heavy]['median'])} median | "
                  f"largest {megabytes(kinds[heavy]['largest'])}, `{kinds[heavy]['largest_path']}` |"]
    lines += ["", "| kind of page | pages | all together | median | largest | largest page |",
              "| --- | ---: | ---: | ---: | ---: | --- |"]
    lines += [f"| {kind} | {k['pages']:,} | {megabytes(k['bytes'])} | {megabytes(k['median'])} "
              f"| {megabytes(k['largest'])} | `{k['largest_path']}` |" for kind, k in kinds.items()]
    search = reader.get("search")
    if search and "failed" in search:
        lines += ["", f"Search **failed**: {search['failed']}"]
    elif search:
        lines += ["", f"Search ({search['ui']}'s): from the home page's load until the first result is shown, "
                  "each query in a fresh browser context (cold cache).", "",
                  "| query | typed | fetched (median) | seconds from the first key (median) "
                  "| runs: fetched, seconds | largest response |",
                  "| --- | --- | ---: | ---: | --- | --- |"]
        for label, q in search["queries"].items():
            done = [run for run in q["runs"] if "error" not in run]
            each = "; ".join(f"{megabytes(run['bytes'])}, {run['seconds']:.2f} s" if "error" not in run
                             else f"no result, {megabytes(run['bytes_without_result'])} fetched by then"
                             if "bytes_without_result" in run else "no result" for run in q["runs"])
            big = done[0]["largest"] if done else None
            largest = f"`{big['url']}` {megabytes(big['bytes'])}" if big else "–"
            lines.append(f"| {label} | `{q['query']}` | {_mb(q['bytes'])} | {_s(q['seconds'])} | {each or '–'} "
                         f"| {largest} |")
        lines.append(f"| all queries | | {_mb(search['bytes'])} | {_s(search['seconds'])} | | |")
        lines += [""] + [f"Note: {note}." for note in search["notes"]]
    return lines + [""]


def _mb(n: float | None) -> str:
    return "no result" if n is None else megabytes(n)


def _s(n: float | None) -> str:
    return "no result" if n is None else f"{n:.2f}"


def reader_ratios(results: list[dict]) -> list[str]:
    """Each size's reader figures against the targets (value ÷ target: at most 1 meets it)."""
    rows = [r for r in results if "sizes" in r.get("reader", {})]
    if not rows:
        return []
    lines = ["", "## Reader against the targets", "",
             "| responses | first result: fetched ÷ target (1 MB; 1.5 MB above 10,000) | "
             "first result: seconds ÷ 2 s | largest HTML page ÷ 200 KB | "
             "site ÷ target (500 MB at 10,000, pro rata) |",
             "| ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        s, search = r["reader"]["sizes"], r["reader"].get("search") or {}
        search = {} if "failed" in search else search
        lines.append(f"| {r['size']:,} | {_ratio(search.get('bytes'), bytes_target(r['size']))} "
                     f"| {_ratio(search.get('seconds'), SECONDS_TARGET)} "
                     f"| {_ratio(s['largest_page_bytes'], PAGE_TARGET)} | {_ratio(s['bytes'], site_target(r['size']))} |")
    lines += ["", "Ratios are the median over every query and run ÷ the target: at most 1 meets it."]
    return lines
