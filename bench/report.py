"""The benchmark's report: a Markdown page of every size's stages, the ratios between
them, the reader's measures (bench.reader_report) and how memory grows (bench.growth)."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import statistics
import subprocess
from pathlib import Path

from bench.growth import growth_lines
from bench.reader_report import reader_section, reader_ratios

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ["mkdocs", "mkdocs-material", "pyyaml", "jinja2", "markdown", "pydantic", "zensical"]

def _build_stages(m: dict) -> str:
    """The seconds of each stage of a whole build, as the driver timed them."""
    timings = m.get("detail", {}).get("timings", {})
    names = (("engine_s", "MkDocs"), ("index_s", "search index"), ("check_s", "nothing-lost check"),
             ("swap_s", "swap"))
    said = [f"{label} {timings[key]:.1f} s" for key, label in names if key in timings]
    if timings.get("index_parts"):
        said.append(f"{timings['indexed']:,} pages indexed in {timings['index_parts']} part"
                    + ("s" if timings["index_parts"] != 1 else ""))
    return ", ".join(said) or "stages not timed"


def _commit() -> str:
    done = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return (done.stdout.strip() or "unknown") + (" with uncommitted changes" if dirty else "")


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _peak(m: dict) -> float:
    """A stage's peak memory: its processes together (PSS), or its largest process if more."""
    return max(m["peak_mb"], m.get("tree_peak_mb", 0))


def _walls(runs: list[dict]) -> str:
    return ", ".join(f"{m['wall']:.1f}" for m in runs) + " s"


def _row(stage: str, m: dict | None, pages: str = "", note: str = "") -> str:
    if m is None:
        return f"| {stage} | – | – | – | {pages} | {note} |"
    return f"| {stage} | {m['wall']:.1f} | {m['cpu']:.1f} | {_peak(m):.0f} | {pages} | {note} |"


def report(results: list[dict], argv: list[str]) -> str:
    today = dt.date.today().isoformat()
    lines = [
        "# Benchmark results",
        "",
        f"Run on {today}, on a machine with {os.cpu_count()} cores, Python {platform.python_version()}; "
        + ", ".join(f"{p} {_version(p)}" for p in PACKAGES) + ".",
        "",
        f"Command: `.venv/bin/python -m bench.run {' '.join(argv)}`, at commit {_commit()}.",
        "",
        "Times are wall and CPU seconds of the whole stage (including Python's start-up; CPU of",
        "all its processes), and its peak memory: the proportional set size of all its processes",
        "together, sampled once a second, or the peak resident memory of its largest",
        "process if that is more (bench/measure.py). Each stage runs in a process of its own. The",
        "ratios compare stages of the same run; absolute times vary with the machine's other load.",
        "",
    ]
    for r in results:
        n = r["size"]
        g = r["gen_cold"]["detail"]
        t = g.get("timings", {})
        stages = ", ".join(f"{k} {v['wall']:.1f} s" for k, v in t.items())
        nochange = r["gen_nochange"]["detail"]
        onechange = r["gen_onechange"]["detail"]
        lines += [
            f"## {n:,} responses",
            "",
            f"{r['made']['question_sets']} question sets, {r['made']['topics']} topics. "
            f"foilog builds {r['build_pages']:,} HTML pages" +
            (f"; the naive pipeline {r['naive_pages']:,}." if "naive_pages" in r else "."),
            "",
            "| stage | wall s | CPU s | peak MB | pages written | notes |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
            _row("libyaml parse of every file (reference)", r["parse"], "",
                 f"{r['parse']['detail'].get('files')} files; median of {_walls(r['parses'])}"),
            _row("generator, cold (load and validate, render, write)", r["gen_cold"], f"{len(g.get('written', [])):,}",
                 f"{stages}; median of {_walls(r['gens'])}"),
            _row("generator, no change", r["gen_nochange"], f"{len(nochange.get('written', [])):,}",
                 ", ".join(f"{k} {v['wall']:.2f} s" for k, v in nochange.get("timings", {}).items())),
            _row("generator, one response changed", r["gen_onechange"], f"{len(onechange.get('written', [])):,}",
                 "rewrote: " + ", ".join(f"`{p}`" for p in onechange.get("written", [])[:40])),
            _row("whole build, cold (`foilog build`)", r["build_cold"], f"{r['build_pages']:,}",
                 "generator, MkDocs, search index, nothing-lost check: " + _build_stages(r["build_cold"])),
            _row("nothing-lost check alone", r["fidelity"], "",
                 f"check itself {r['fidelity']['detail'].get('check_wall', 0):.1f} s"),
        ]
        if "build_warm" in r:
            lines.insert(-1, _row("whole build, no content change", r["build_warm"], f"{r['build_pages']:,}",
                                  "MkDocs renders every page again"))
        if "mkdocs_alone" in r:
            lines.append(_row("MkDocs alone on the generated pages (no hook)", r["mkdocs_alone"], "",
                              "Markdown, theme, search index"))
        if "mkdocs_fast" in r:
            lines.append(_row("MkDocs alone, with the fast path's hook", r["mkdocs_fast"], "",
                              "raw HTML blocks around Markdown (generator/engines/mkdocs/fast.py)"))
        if "mkdocs_parallel" in r:
            lines.append(_row("MkDocs alone, fast path and every core", r["mkdocs_parallel"], "",
                              "pages converted and written on every core (generator/engines/mkdocs/parallel.py)"))
        if "zensical" in r:
            failed = r["zensical"].get("failed")
            lines.append(_row("whole build with Zensical, cold (`foilog build --engine zensical`)", r["zensical"],
                              f"{r['zensical_pages']:,}",
                              f"**failed**: {failed}" if failed else "generator, Zensical without its cache, "
                              "nothing-lost check"))
            if "zensical_warm" in r:
                lines.append(_row("whole build with Zensical, no content change", r["zensical_warm"],
                                  f"{r['zensical_pages']:,}", "Zensical's cache warm"))
        for key, label in (("naive", "naive (navigation pruned)"), ("fullnav", "naive, full navigation")):
            if f"{key}_gen" not in r:
                continue
            total = {k: r[f"{key}_gen"][k] + r[f"{key}_mkdocs"][k] for k in ("wall", "cpu")}
            total["peak_mb"] = max(_peak(r[f"{key}_gen"]), _peak(r[f"{key}_mkdocs"]))
            r[f"{key}_total"] = total
            lines += [
                _row(f"{label}: Markdown pages", r[f"{key}_gen"], ""),
                _row(f"{label}: mkdocs build", r[f"{key}_mkdocs"], f"{r['naive_pages']:,}"),
                _row(f"{label}: whole", total, f"{r['naive_pages']:,}"),
            ]
        lines.append("")
        if r.get("skipped"):
            lines += [f"Not run at this size (`--slow-stages-max`): {', '.join(r['skipped'])}.", ""]
        disk = r.get("disk", {})
        if disk.get("short"):
            lines += [f"Disk: the run would have kept about {disk['needed'] / 1e9:,.0f} GB until its end, with "
                      f"{disk['free'] / 1e9:,.0f} GB free: each docs folder and site no later stage reads was "
                      "removed when done with, and the next stage waited two minutes for the file system "
                      "(bench/README.md).", ""]
        lines += reader_section(r)
    lines += ["## Ratios", "",
              "| responses | generator cold ÷ libyaml parse (target ≤ 2) "
              "| naive whole ÷ foilog whole, cold (target ≥ 2, aim 3) "
              "| naive with full navigation ÷ foilog whole | foilog peak MB (target < 1024) "
              "| generator, no change: s, pages written (target < 2 s, 0) "
              "| one change: pages written | whole build, cold: Zensical ÷ MkDocs |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    def ratio(a: dict, b: dict) -> str:
        return f"{a['wall'] / b['wall']:.2f} ({a['cpu'] / b['cpu']:.2f})"

    def generator_ratio(r: dict) -> str:
        wall, cpu = (statistics.median(pair[i] for pair in r["gen_ratios"]) for i in (0, 1))
        each = ", ".join(f"{w:.2f}" for w, _ in r["gen_ratios"])
        return f"{wall:.2f} ({cpu:.2f}); pairs {each}"

    for r in results:
        peak = max([_peak(r[k]) for k in ("build_cold", "build_warm") if k in r] + [_peak(m) for m in r["gens"]])
        speed = ratio(r["naive_total"], r["build_cold"]) if "naive_total" in r else "–"
        full = ratio(r["fullnav_total"], r["build_cold"]) if "fullnav_total" in r else "not run"
        zen = ("failed" if r.get("zensical", {}).get("failed") else ratio(r["zensical"], r["build_cold"])) \
            if "zensical" in r else "–"
        lines.append(
            f"| {r['size']:,} | {generator_ratio(r)} | {speed} | {full} | {peak:.0f} "
            f"| {r['gen_nochange']['wall']:.1f} s, {len(r['gen_nochange']['detail'].get('written', []))} "
            f"| {len(r['gen_onechange']['detail'].get('written', []))} | {zen} |")
    lines += ["", "Ratios are of wall times, with the ratio of CPU times in brackets (steadier when the "
              "machine has other work). The generator's is the median of the ratios of its pairs of runs "
              "(libyaml's parse, then a cold generation), each pair's given after it."]
    if len(results) > 1:
        a, b = results[0], results[-1]
        lines += ["", "Growth from the smallest to the largest size (linear = 1.00): "
                  f"whole build cold {(b['build_cold']['wall'] / b['size']) / (a['build_cold']['wall'] / a['size']):.2f}, "
                  f"generator cold {(b['gen_cold']['wall'] / b['size']) / (a['gen_cold']['wall'] / a['size']):.2f} "
                  "(time per response at the largest size ÷ at the smallest)."]
    lines += growth_lines(results)
    lines += reader_ratios(results)
    return "\n".join(lines) + "\n"
