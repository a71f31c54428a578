"""The benchmark: synthetic logs of given sizes, built by foilog and the naive way.

    .venv/bin/python -m bench.run --sizes 1000 10000 [--out bench/RESULTS.md]

For each size it writes realistic synthetic content into a temporary folder (never into
content/), then measures in separate processes (bench.measure): libyaml parsing every
file; the generator cold, again with no change, and after one response changed; the
whole build (`foilog build`: generator, MkDocs, nothing-lost check) cold and again with
no change; the nothing-lost check alone; the naive pipeline (bench.naive, then
`mkdocs build`); and, when Zensical is installed, the whole build with it (`foilog build
--engine zensical`, cold and again with no change). It writes a Markdown report with the
run's date, the machine's cores and the versions used.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FIXED_DAY = "1767225600"  # 2026-01-01: synthetic dates are before it; deadlines are judged on it
PACKAGES = ["mkdocs", "mkdocs-material", "pyyaml", "jinja2", "markdown", "pydantic", "zensical"]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure(argv: list[str], cwd: Path, what: str, allow_failure: bool = False) -> dict:
    """Run a command through bench.measure; its figures, and the JSON line the command
    printed last, if any (bench.stage's)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_DAY, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(REPO)}
    # Files the earlier stages wrote (gigabytes, at 10,000 responses) are written to disk
    # first: the kernel writing them back meanwhile would take CPU from the stage measured.
    os.sync()
    done = subprocess.run([sys.executable, "-m", "bench.measure", *argv], cwd=cwd, env=env,
                          capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    outer = json.loads(lines[-1])
    if outer["returncode"] != 0 and allow_failure:
        error = [line for line in done.stderr.strip().splitlines() if line.strip()][-1:] or ["no message"]
        log(f"{what}: failed: {error[0]}")
        return {**outer, "detail": {}, "failed": error[0]}
    if outer["returncode"] != 0:
        sys.stderr.write(done.stderr[-5000:])
        raise SystemExit(f"bench: {what} failed (exit {outer['returncode']})")
    inner = {}
    for line in reversed(done.stderr.strip().splitlines()):
        if line.startswith("{"):
            try:
                inner = json.loads(line)
                break
            except json.JSONDecodeError:
                pass
    log(f"{what}: {outer['wall']:.1f} s wall, {outer['cpu']:.1f} s CPU, {outer['peak_mb']:.0f} MB")
    return {**outer, "detail": inner}


def make_repo(where: Path) -> Path:
    """A project folder like the real one (config, theme, generator) with no content yet."""
    where.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", where / "mkdocs.yml")
    shutil.copytree(REPO / "theme_overrides", where / "theme_overrides")
    (where / "generator").symlink_to(REPO / "generator")
    make_repo_outputs(where)
    return where


def make_repo_outputs(repo: Path) -> None:
    """An empty docs folder, as in a fresh clone."""
    (repo / "build" / "docs").mkdir(parents=True)
    (repo / "build" / "docs" / ".gitignore").write_text("*\n!.gitignore\n")


def clean_outputs(repo: Path) -> None:
    """Forget every earlier generation (the docs folder and the generator's cache): the
    build folder is set aside beside the project, not deleted (see main)."""
    aside = repo.parent / f"build-set-aside-{len(list(repo.parent.glob('build-set-aside-*')))}"
    (repo / "build").rename(aside)
    make_repo_outputs(repo)


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def change_one_response(repo: Path) -> str:
    """Change the words of one answer in one response file; its path."""
    files = sorted((repo / "content" / "responses").rglob("*.yaml"))
    path = files[len(files) // 2]
    text = path.read_text(encoding="utf-8")
    marker = "  text: "
    at = text.index(marker, text.index("answers:")) + len(marker)
    path.write_text(text[:at] + "Changed after review. " + text[at:], encoding="utf-8")
    return path.relative_to(repo).as_posix()


def zensical_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("zensical") is not None


def clean_zensical_cache(folder: Path) -> None:
    """Set Zensical's cache aside (see main), so that its next build starts cold. Zensical
    keeps it in its project folder: the folder holding both the docs folder and the site's."""
    cache = folder / ".cache"
    if cache.exists():
        cache.rename(folder / f"zensical-cache-set-aside-{len(list(folder.glob('zensical-cache-set-aside-*')))}")


def _median(runs: list[dict]) -> dict:
    """The run whose wall time is the median (of an odd number of runs)."""
    return sorted(runs, key=lambda m: m["wall"])[len(runs) // 2]


def run_size(n: int, work: Path, naive: bool, zensical: bool, naive_nav_max: int, repeat: int = 3) -> dict:
    sys.path.insert(0, str(REPO))
    from bench.synth import make_content

    repo = make_repo(work / "repo")
    start = time.perf_counter()
    made = make_content(repo, n)
    log(f"{n}: synthetic content {made} in {time.perf_counter() - start:.1f} s")
    py = [sys.executable]
    r: dict = {"size": n, "made": made, "parses": [], "gens": []}
    # libyaml's parse and a cold generation, one after the other, `repeat` times: the ratio
    # of the two is the median of the pairs' (this machine's speed drifts by a tenth from
    # one minute to the next). An earlier generation's folder is set aside, not deleted
    # (see main).
    for i in range(repeat):
        if i:
            clean_outputs(repo)
        r["parses"].append(measure(py + ["-m", "bench.stage", "parse", str(repo)], repo, "libyaml parse"))
        r["gens"].append(measure(py + ["-m", "bench.stage", "generate", str(repo)], repo, "generator, cold"))
    r["parse"], r["gen_cold"] = _median(r["parses"]), _median(r["gens"])
    r["gen_ratios"] = [(g["wall"] / p["wall"], g["cpu"] / p["cpu"]) for p, g in zip(r["parses"], r["gens"])]
    r["gen_nochange"] = measure(py + ["-m", "bench.stage", "generate", str(repo)], repo, "generator, no change")
    r["changed_file"] = change_one_response(repo)
    r["gen_onechange"] = measure(py + ["-m", "bench.stage", "generate", str(repo)], repo, "generator, one change")
    clean_outputs(repo)
    site = work / "site-foilog"
    r["build_cold"] = measure(py + ["-m", "generator", "build", "--site-dir", str(site)], repo, "foilog build, cold")
    r["build_pages"] = html_pages(site)
    r["build_warm"] = measure(py + ["-m", "generator", "build", "--site-dir", str(site)], repo,
                              "foilog build, no change")
    r["fidelity"] = measure(py + ["-m", "bench.stage", "fidelity", str(repo), str(site)], repo, "nothing-lost check")
    # MkDocs alone on the generated pages (the same config without the hook), and Zensical.
    plain = repo / "mkdocs-without-hook.yml"
    plain.write_text("\n".join(line for line in (repo / "mkdocs.yml").read_text().splitlines()
                               if line not in ("hooks:", "  - generator/engines/mkdocs/hook.py")) + "\n")
    r["mkdocs_alone"] = measure([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(plain), "--site-dir",
                                 str(work / "site-mkdocs")], repo, "mkdocs build alone")
    # The same with only the fast path's hook (generator/engines/mkdocs/fast.py), which `foilog build` uses.
    fast = repo / "mkdocs-fast-path.yml"
    fast.write_text((repo / "mkdocs.yml").read_text().replace("  - generator/engines/mkdocs/hook.py",
                                                               "  - generator/engines/mkdocs/fast.py"))
    r["mkdocs_fast"] = measure([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(fast), "--site-dir",
                                str(work / "site-mkdocs-fast")], repo, "mkdocs build alone, fast path")
    # The same with both of foilog's MkDocs hooks: the fast path, and pages converted and
    # written on every core (generator/engines/mkdocs/parallel.py), as `foilog build` does.
    both = repo / "mkdocs-fast-parallel.yml"
    both.write_text((repo / "mkdocs.yml").read_text().replace(
        "  - generator/engines/mkdocs/hook.py", "  - generator/engines/mkdocs/fast.py\n  - generator/engines/mkdocs/parallel.py"))
    r["mkdocs_parallel"] = measure([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(both), "--site-dir",
                                    str(work / "site-mkdocs-parallel")], repo, "mkdocs build alone, every core")
    if zensical and zensical_installed():
        # The whole build again with the other engine, through the same driver: the
        # generator cold (its docs folder and cache set aside) and Zensical without its cache.
        clean_outputs(repo)
        site = work / "site-zensical"
        clean_zensical_cache(work)
        build = py + ["-m", "generator", "build", "--engine", "zensical", "--site-dir", str(site)]
        r["zensical"] = measure(build, repo, "foilog build --engine zensical, cold", allow_failure=True)
        if "failed" not in r["zensical"]:
            r["zensical_warm"] = measure(build, repo, "foilog build --engine zensical, no change",
                                         allow_failure=True)
        r["zensical_pages"] = html_pages(site) if site.exists() else 0
    if naive:
        out = work / "naive"
        r["naive_gen"] = measure(py + ["-m", "bench.naive", str(repo / "content"), str(out)], repo, "naive pages")
        r["naive_mkdocs"] = measure([str(BIN / "mkdocs"), "build", "--quiet"], out, "naive mkdocs build")
        r["naive_pages"] = html_pages(out / "site")
        if n <= naive_nav_max:
            shutil.rmtree(out)
            r["fullnav_gen"] = measure(py + ["-m", "bench.naive", str(repo / "content"), str(out), "--full-nav"],
                                       repo, "naive pages, full navigation")
            r["fullnav_mkdocs"] = measure([str(BIN / "mkdocs"), "build", "--quiet"], out,
                                          "naive mkdocs build, full navigation")
    return r


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
                 "generator, MkDocs, nothing-lost check"),
            _row("whole build, no content change", r["build_warm"], f"{r['build_pages']:,}",
                 "MkDocs renders every page again"),
            _row("nothing-lost check alone", r["fidelity"], "",
                 f"check itself {r['fidelity']['detail'].get('check_wall', 0):.1f} s"),
        ]
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
        peak = max([_peak(r[k]) for k in ("build_cold", "build_warm")] + [_peak(m) for m in r["gens"]])
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
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of responses")
    parser.add_argument("--out", default=str(REPO / "bench" / "RESULTS.md"), help="Markdown report to write")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive pipeline")
    parser.add_argument("--no-zensical", action="store_true",
                        help="skip the whole build with Zensical even if it is installed")
    parser.add_argument("--naive-full-nav-max", type=int, default=1000,
                        help="largest size at which to build the naive pipeline with the full navigation too")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--repeat", type=int, default=3,
                        help="pairs of libyaml parse and cold generation whose median ratio is reported (odd)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.repeat % 2 == 0:
        parser.error("--repeat must be an odd number, so that the median is one of the runs")
    # Python keeps each module it imports compiled in __pycache__, unless told not to
    # (PYTHONDONTWRITEBYTECODE): the generator is compiled once here, as a user's clone is
    # after its first run, so that no stage pays for compiling it again.
    compileall.compile_dir(str(REPO / "generator"), quiet=1)
    results = []
    # Each size's folder is removed only once every size is measured: on a file system
    # such as ext4 without a journal, files made within minutes of many being deleted take
    # seconds more of system time to create, which the next size's stages would be charged.
    works: list[Path] = []
    settle()
    try:
        for n in args.sizes:
            works.append(work := Path(tempfile.mkdtemp(prefix=f"foilog-bench-{n}-")))
            results.append(run_size(n, work, not args.no_naive, not args.no_zensical, args.naive_full_nav_max,
                                    args.repeat))
            Path(args.out).write_text(report(results, argv), encoding="utf-8")
            Path(args.out).with_suffix(".json").write_text(json.dumps(results, indent=1, default=str),
                                                           encoding="utf-8")
    finally:
        for work in works:
            if args.keep:
                log(f"kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
                CLEANED.touch()
    log(f"wrote {args.out}")
    return 0


# After many files are deleted, this machine's file system makes new ones several times
# slower for about a minute: 11,000 files in new folders took 2.5 to 4 s of system time in
# the 20 s after 5 GB were deleted, 1.05 s a minute later and 0.66 s three minutes later.
# A run's stages make such files (the generator, MkDocs) while libyaml's parse makes none,
# so a run started right after another's clean-up would charge the generator for it: it
# waits until SETTLE_SECONDS have passed since then (marked by CLEANED's time).
SETTLE_SECONDS = 120
CLEANED = Path(tempfile.gettempdir()) / "foilog-bench-cleaned"


def settle() -> None:
    try:
        since = time.time() - CLEANED.stat().st_mtime
    except OSError:
        return
    if 0 <= since < SETTLE_SECONDS:
        log(f"waiting {SETTLE_SECONDS - since:.0f} s: the last run removed its folders {since:.0f} s ago")
        time.sleep(SETTLE_SECONDS - since)


if __name__ == "__main__":
    raise SystemExit(main())
