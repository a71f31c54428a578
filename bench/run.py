"""The benchmark: synthetic logs of given sizes, built by foilog and the naive way.

    .venv/bin/python -m bench.run --sizes 1000 10000 [--out bench/RESULTS.md]

For each size it writes realistic synthetic content into a temporary folder (never into
content/), then measures in separate processes (bench.measure): libyaml parsing every
file; the generator cold, again with no change, and after one response changed; the
whole build (`foilog build`: generator, MkDocs, nothing-lost check) cold and again with
no change; the nothing-lost check alone; the naive pipeline (bench.naive, then
`mkdocs build`); and, when Zensical is installed, the whole build with it (`foilog build
--engine zensical`, cold and again with no change); and what a reader meets on the site
foilog built (bench.reader: its sizes, a search in Chromium). Above `--slow-stages-max`
responses the stages that would take hours are left out. It writes a Markdown report
(bench.report) with the run's date, the machine's cores and the versions used.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import report

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FIXED_DAY = "1767225600"  # 2026-01-01: synthetic dates are before it; deadlines are judged on it
# Above this many responses the stages that would take an hour or more on two cores are
# left out: the naive pipeline, MkDocs alone without foilog's hooks, Zensical (at 10,000
# responses they took 287, 210 and 348 s and grow at least in proportion).
SLOW_STAGES_MAX = 20000


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


def clean_outputs(repo: Path, remove: bool = False) -> None:
    """Forget every earlier generation (the docs folder and the generator's cache): the
    build folder is set aside beside the project, not deleted (see main), unless the disk
    is short (`remove`)."""
    if remove:
        discard(repo / "build")
    else:
        (repo / "build").rename(repo.parent / f"build-set-aside-{len(list(repo.parent.glob('build-set-aside-*')))}")
    make_repo_outputs(repo)


# Measured at 1,000 responses: a docs folder (pages, downloads, cache) takes about 110 KB
# of disk per response, a built site about 140 KB. A run keeps four docs folders (three
# cold generations and the build's), and a site for each build.
DOCS_BYTES_PER_RESPONSE, SITE_BYTES_PER_RESPONSE = 110e3, 140e3


def disk_needed(n: int, sites: int) -> float:
    """Bytes a run of `n` responses keeps on disk until its end, with `sites` sites built."""
    return n * (4 * DOCS_BYTES_PER_RESPONSE + sites * SITE_BYTES_PER_RESPONSE)


def discard(folder: Path) -> None:
    """Remove a folder no later stage reads, when the disk is too small to keep it until the
    end, and wait for the file system to make files at its usual speed again (see main)."""
    shutil.rmtree(folder)
    CLEANED.touch()
    settle()


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


def run_size(n: int, work: Path, naive: bool, zensical: bool, naive_nav_max: int, repeat: int = 3,
             reader: bool = True, slow_max: int = SLOW_STAGES_MAX) -> dict:
    sys.path.insert(0, str(REPO))
    from bench.synth import make_content

    repo = make_repo(work / "repo")
    start = time.perf_counter()
    made = make_content(repo, n)
    log(f"{n}: synthetic content {made} in {time.perf_counter() - start:.1f} s")
    py = [sys.executable]
    r: dict = {"size": n, "made": made, "parses": [], "gens": [], "skipped": []}
    if n > slow_max:
        # At this size each stage takes many minutes: one generation, one cold build and the
        # reader; none of the other engines or hooks' runs, nor a second build.
        r["skipped"] = [name for name, on in (("the naive pipeline", naive), ("Zensical", zensical),
                                              ("MkDocs alone, with or without foilog's hooks", True),
                                              ("the whole build with no change", True),
                                              (f"the repeats of the generator ({repeat - 1})", repeat > 1)) if on]
        naive = zensical = False
        repeat = 1
    # Sites: foilog's, MkDocs alone with each hook and without, Zensical's, the naive one.
    sites = 3 + (n <= slow_max) + (zensical and zensical_installed()) + naive
    r["disk"] = {"free": shutil.disk_usage(work).free, "needed": disk_needed(n, sites)}
    short = r["disk"]["short"] = r["disk"]["needed"] * 1.1 > r["disk"]["free"]
    if short:
        log(f"{n}: about {r['disk']['needed'] / 1e9:.0f} GB needed, {r['disk']['free'] / 1e9:.0f} GB free: "
            "folders are removed as soon as no stage needs them")
    # libyaml's parse and a cold generation, one after the other, `repeat` times: the ratio
    # of the two is the median of the pairs' (this machine's speed drifts by a tenth from
    # one minute to the next). An earlier generation's folder is set aside, not deleted
    # (see main).
    for i in range(repeat):
        if i:
            clean_outputs(repo, short)
        r["parses"].append(measure(py + ["-m", "bench.stage", "parse", str(repo)], repo, "libyaml parse"))
        r["gens"].append(measure(py + ["-m", "bench.stage", "generate", str(repo)], repo, "generator, cold"))
    r["parse"], r["gen_cold"] = _median(r["parses"]), _median(r["gens"])
    r["gen_ratios"] = [(g["wall"] / p["wall"], g["cpu"] / p["cpu"]) for p, g in zip(r["parses"], r["gens"])]
    r["gen_nochange"] = measure(py + ["-m", "bench.stage", "generate", str(repo)], repo, "generator, no change")
    r["changed_file"] = change_one_response(repo)
    r["gen_onechange"] = measure(py + ["-m", "bench.stage", "generate", str(repo)], repo, "generator, one change")
    clean_outputs(repo, short)
    site = work / "site-foilog"
    r["build_cold"] = measure(py + ["-m", "bench.stage", "build", str(repo), str(site)], repo, "foilog build, cold")
    r["build_pages"] = html_pages(site)
    if n <= slow_max:
        r["build_warm"] = measure(py + ["-m", "generator", "build", "--site-dir", str(site)], repo,
                                  "foilog build, no change")
    r["fidelity"] = measure(py + ["-m", "bench.stage", "fidelity", str(repo), str(site)], repo, "nothing-lost check")
    if reader:
        # What a reader meets on the site just built: its sizes, and searches in Chromium.
        m = measure(py + ["-m", "bench.reader", str(site), str(repo)], repo, "reader measures", allow_failure=True)
        r["reader"] = {"failed": m["failed"]} if "failed" in m else m["detail"]
    # MkDocs alone on the generated pages (the same config without the hook), and Zensical.
    plain = repo / "mkdocs-without-hook.yml"
    plain.write_text("\n".join(line for line in (repo / "mkdocs.yml").read_text().splitlines()
                               if line not in ("hooks:", "  - generator/engines/mkdocs/hook.py")) + "\n")
    if n <= slow_max:
        r["mkdocs_alone"] = measure([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(plain), "--site-dir",
                                     str(work / "site-mkdocs")], repo, "mkdocs build alone")
        if short:
            discard(work / "site-mkdocs")
    # The same with only the fast path's hook (generator/engines/mkdocs/fast.py), which `foilog build` uses.
    fast = repo / "mkdocs-fast-path.yml"
    both = repo / "mkdocs-fast-parallel.yml"
    if n > slow_max:
        return r
    fast.write_text((repo / "mkdocs.yml").read_text().replace("  - generator/engines/mkdocs/hook.py",
                                                               "  - generator/engines/mkdocs/fast.py"))
    r["mkdocs_fast"] = measure([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(fast), "--site-dir",
                                str(work / "site-mkdocs-fast")], repo, "mkdocs build alone, fast path")
    if short:
        discard(work / "site-mkdocs-fast")
    # The same with both of foilog's MkDocs hooks: the fast path, and pages converted and
    # written on every core (generator/engines/mkdocs/parallel.py), as `foilog build` does.
    both.write_text((repo / "mkdocs.yml").read_text().replace(
        "  - generator/engines/mkdocs/hook.py", "  - generator/engines/mkdocs/fast.py\n  - generator/engines/mkdocs/parallel.py"))
    r["mkdocs_parallel"] = measure([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(both), "--site-dir",
                                    str(work / "site-mkdocs-parallel")], repo, "mkdocs build alone, every core")
    if short:
        discard(work / "site-mkdocs-parallel")
    if zensical and zensical_installed():
        # The whole build again with the other engine, through the same driver: the
        # generator cold (its docs folder and cache set aside) and Zensical without its cache.
        clean_outputs(repo, short)
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
    parser.add_argument("--reader", action=argparse.BooleanOptionalAction, default=True,
                        help="measure what a reader meets on each size's site: sizes, search in Chromium (bench.reader)")
    parser.add_argument("--slow-stages-max", type=int, default=SLOW_STAGES_MAX,
                        help="largest size at which to run the naive pipeline, Zensical and MkDocs alone "
                             "without foilog's hooks")
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
                                    args.repeat, args.reader, args.slow_stages_max))
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
