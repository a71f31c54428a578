"""The `foilog` command line: the edge where problems become messages and exit codes."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path

from generator.driver import build, docs_dir_of, find_repo, read_mkdocs_config
from generator.engines.base import DEFAULT, NAMES, BuildFailed
from generator.generate.incremental import generate_apart
from generator.load.settings import settings_from
from generator.common.problems import ContentError, Problem, github_annotation, printable
from generator.load.settings import CONFIG_NAME, Settings, SettingsError, check_content_folder

# Each command imports what it needs when it runs, so that `foilog generate` with nothing
# changed does not import the loader, the models or the renderer.


def _chosen_files(repo: Path, names: list[str]) -> tuple[set[str], list[Problem]]:
    """The files named on the command line, as paths relative to the project folder."""
    chosen, problems = set(), []
    for name in names:
        path = Path(name).resolve()
        try:
            rel = path.relative_to(repo.resolve()).as_posix()
        except ValueError:
            problems.append(Problem(name, 0, 0, "this file is not in the project folder",
                                    "run foilog from the project folder and name files under content/"))
            continue
        if not path.is_file():
            problems.append(Problem(rel, 0, 0, "there is no such file", "check the path"))
        elif not rel.startswith("content/"):
            problems.append(Problem(rel, 0, 0, "this file is not a content file",
                                    "foilog validate checks files under content/"))
        else:
            chosen.add(rel)
    return chosen, problems


def _validate(repo: Path, args) -> int:
    """Check all content (other files are needed to check a response), then report the
    problems in the named files, or in every file when none is named."""
    from generator.load.catalogue import load_catalogue
    from generator.analyse.formatting import plural

    check_content_folder(repo)
    chosen, problems = _chosen_files(repo, args.files)
    # The warnings say what the site will do with personal details, so the setting comes
    # first; a wrong one is reported with everything else and the default assumed.
    try:
        publish = _settings(repo).publish_personal_contacts
    except SettingsError as err:
        problems += err.problems if not args.files else []
        publish = False
    try:
        found = load_catalogue(repo, publish_personal_contacts=publish).warnings
    except ContentError as err:
        found = err.problems
    if args.files:
        found = [p for p in found if p.path in chosen]
        checked = len(chosen)
    else:
        checked = sum(1 for p in (repo / "content").rglob("*.yaml"))
    problems = sorted(problems + found)
    for problem in problems:
        print(github_annotation(problem) if args.format == "github" else problem)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    print(f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(checked, 'file')} checked.")
    if errors:
        print("Fix each problem at the line and column shown, then run `foilog validate` again.")
    elif warnings and args.strict:
        print("--strict: warnings count as errors.")
    return 1 if errors or (args.strict and warnings) else 0


def _settings(repo: Path, config: dict | None = None) -> Settings:
    """The settings in mkdocs.yml; SettingsError, at line and column, for each wrong one."""
    return settings_from(read_mkdocs_config(repo) if config is None else config, repo / CONFIG_NAME)


def _new(repo: Path, args) -> int:
    from generator.tools.scaffold import ScaffoldError, new_response

    check_content_folder(repo)
    try:
        path = new_response(repo, args.council, args.question_set)
    except ScaffoldError as err:
        print(f"foilog new: {printable(str(err))}", file=sys.stderr)
        return 1
    rel = path.relative_to(repo).as_posix()
    print(f"Wrote {rel}: every question of the set with an empty answer.")
    print(f"Fill it in from the council's reply, then run: foilog validate {rel}")
    return 0


def _generate(repo: Path, args) -> int:
    config = read_mkdocs_config(repo)
    settings = _settings(repo, config)
    try:
        # In a process of its own, as under `foilog build`: a process that ends with the
        # catalogue of a large log in memory spends seconds taking it apart first.
        generate_apart(repo, docs_dir_of(repo, config), settings)
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        return 1
    return 0


def _build(repo: Path, args) -> int:
    try:
        built = build(repo, Path(args.site_dir) if args.site_dir else None, engine=args.engine)
    except (ContentError, BuildFailed) as err:  # content, the engine (or its absence), the nothing-lost check
        print(err.report() if isinstance(err, ContentError) else str(err), file=sys.stderr)
        print("The previous site, if any, was left as it was.", file=sys.stderr)
        return 1
    print(f"Site built in {built.site_dir}")
    return 0


def _schema(repo: Path, args) -> int:
    from generator.tools.schema import stale_schemas, write_schemas

    folder = repo / "schema"
    if args.check:
        stale = stale_schemas(folder)
        for name in stale:
            print(f"schema/{name} is out of date with the model (run: foilog schema)", file=sys.stderr)
        return 1 if stale else 0
    for name in write_schemas(folder):
        print(f"wrote schema/{name}")
    return 0


def _reference(repo: Path, args) -> int:
    from generator.tools.reference import BEGIN, END, update_contributing

    path = repo / "CONTRIBUTING.md"
    if not path.is_file():
        print("foilog reference: there is no CONTRIBUTING.md in the project folder to put the field reference in",
              file=sys.stderr)
        return 1
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print("foilog reference: CONTRIBUTING.md has lost the lines the field reference goes between; "
              f"put these two back where it belongs:\n{BEGIN}\n{END}", file=sys.stderr)
        return 1
    stale = update_contributing(path, check=args.check)
    if stale and args.check:
        print("CONTRIBUTING.md's field reference is out of date with the model (run: foilog reference)", file=sys.stderr)
        return 1
    return 0


def _serve(repo: Path, args) -> int:
    from generator.engines.mkdocs.adapter import MkDocsEngine  # serving is MkDocs's

    _settings(repo)
    check_content_folder(repo)
    try:
        MkDocsEngine().serve(repo, dev_addr=args.dev_addr, dirty=args.dirty)
    except BuildFailed as err:  # the first build failed, or the address is not one to serve on
        print(str(err), file=sys.stderr)
        return 1
    return 0


class Stopped(KeyboardInterrupt):
    """SIGINT or SIGTERM, raised where the command was, so that what it had begun is undone
    on the way out (a build's staging folder removed, the previous site kept)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop_on_signals() -> None:
    """SIGINT and SIGTERM raise Stopped in this process; a process forked from it to help,
    which inherits the handler, ends as the signal would have ended it."""
    main_pid = os.getpid()

    def stop(signum, frame) -> None:
        if os.getpid() != main_pid:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Stopped(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)


def _stopped(command: str, err: KeyboardInterrupt) -> int:
    signum = getattr(err, "signum", signal.SIGINT)
    kept = "; the previous site, if any, was left as it was" if command == "build" else ""
    print(f"foilog {command}: stopped by {signal.Signals(signum).name}{kept}.", file=sys.stderr)
    return 128 + signum


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="foilog", description="Build and check the FOI disclosure log.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check every content file and report every problem")
    p.add_argument("files", nargs="*", metavar="FILE", help="report only on these files (default: every content file)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--format", choices=["text", "github"], default="text",
                   help="github: print pull-request annotations for GitHub Actions")
    p.set_defaults(func=_validate)
    p = sub.add_parser("new", help="start a response file for a council and a question set")
    p.add_argument("council", help="the council's register code (e.g. SHF) or its name")
    p.add_argument("question_set", help="the question set's id (its file name in content/question-sets/)")
    p.set_defaults(func=_new)
    p = sub.add_parser("generate", help="check content and write the Markdown pages only")
    p.set_defaults(func=_generate)
    p = sub.add_parser("build", help="check content and build the whole site into site/")
    p.add_argument("--site-dir", help="build into this folder instead of site/")
    p.add_argument("--engine", choices=NAMES, default=DEFAULT,
                   help=f"the engine that builds the generated pages into a site (default: {DEFAULT})")
    p.set_defaults(func=_build)
    p = sub.add_parser("schema", help="write the JSON Schemas that editors use for content files")
    p.add_argument("--check", action="store_true", help="fail if the committed schemas are out of date")
    p.set_defaults(func=_schema)
    p = sub.add_parser("reference", help="update the field reference in CONTRIBUTING.md from the model")
    p.add_argument("--check", action="store_true", help="fail if the reference is out of date")
    p.set_defaults(func=_reference)
    p = sub.add_parser("serve", help="preview the site, rebuilding when content changes")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    p.add_argument("--dirty", action="store_true",
                   help="after a change, let MkDocs rebuild only the pages the generator rewrote (faster on a large log)")
    p.set_defaults(func=_serve)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        repo = find_repo()
    except FileNotFoundError as err:
        print(f"foilog: {err}", file=sys.stderr)
        return 2
    _stop_on_signals()
    try:
        return args.func(repo, args)
    except KeyboardInterrupt as err:
        return _stopped(args.command, err)
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. head)
        sys.stderr.close()
        return 1
    except SettingsError as err:
        print(err.report(), file=sys.stderr)
        print(f"foilog {args.command}: nothing was done; fix the problem shown and run it again.", file=sys.stderr)
        return 1
