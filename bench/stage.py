"""One stage of the benchmark, run in a process of its own (see bench.measure).

    python -m bench.stage parse REPO        # libyaml alone: every content file
    python -m bench.stage generate REPO     # foilog's generator, with its stage timings
    python -m bench.stage fidelity REPO SITE  # the nothing-lost check over a built site
    python -m bench.stage build REPO SITE     # `foilog build` into SITE, with each stage's time

Prints one line of JSON on stdout.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def parse(repo: Path) -> dict:
    import yaml

    files = sorted((repo / "content").rglob("*.yaml"))
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    return {"files": len(files)}


def generate(repo: Path) -> dict:
    """What `foilog generate` runs (the generation in a process of its own)."""
    from generator.driver import docs_dir_of, read_mkdocs_config
    from generator.generate.incremental import generate_apart
    from generator.load.settings import settings_from

    config = read_mkdocs_config(repo)
    timings: dict = {}
    done = generate_apart(repo, docs_dir_of(repo, config), settings_from(config), timings)
    report = done.report
    return {"timings": timings, "responses": done.entries, "written": sorted(report.written),
            "removed": len(report.removed), "unchanged": report.unchanged, "warnings": len(done.warnings)}


def fidelity(repo: Path, site: Path) -> dict:
    from generator.load.settings import build_date, settings_from
    from generator.driver import read_mkdocs_config
    from generator.load.catalogue import load_catalogue
    from generator.verify.fidelity import check_pages, expectations

    settings = settings_from(read_mkdocs_config(repo))
    catalogue = load_catalogue(repo, today=build_date(), publish_personal_contacts=settings.publish_personal_contacts)
    start, cpu = time.perf_counter(), time.process_time()
    missing = check_pages(site, expectations(catalogue, settings.publish_personal_contacts))
    return {"check_wall": time.perf_counter() - start, "check_cpu": time.process_time() - cpu,
            "missing": len(missing)}


def build(repo: Path, site: Path) -> dict:
    """What `foilog build` runs, with the seconds of each stage: the generator's, the
    engine's, the search index's, the nothing-lost check's and the swap's."""
    from generator.driver import build as build_site

    timings: dict = {}
    built = build_site(repo, site, timings=timings)
    return {"timings": timings, "warnings": built.engine.warnings}


def main(argv: list[str]) -> int:
    kind, repo = argv[0], Path(argv[1])
    sys.path.insert(0, str(repo))
    if kind == "parse":
        out = parse(repo)
    elif kind == "generate":
        out = generate(repo)
    elif kind == "fidelity":
        out = fidelity(repo, Path(argv[2]))
    elif kind == "build":
        out = build(repo, Path(argv[2]))
    else:
        raise SystemExit(f"unknown stage {kind}")
    out["peak_mb"] = _peak_mb()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
