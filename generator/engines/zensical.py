"""Zensical as foilog's engine: `zensical build` on the generated docs folder.

Zensical reads mkdocs.yml but runs no MkDocs hooks or plugins, and has no option for the
folder it builds into. So a configuration is written for each build: mkdocs.yml's settings
without `hooks`, with the docs folder and the folder to build into. Zensical wants both
within its project folder (the configuration file's folder) and given relative to it, so
the file goes in the nearest folder holding both, named after the folder built into, and
is removed after the build. The driver generates the docs folder before, and does the
nothing-lost check and the swap into site/ after, as for MkDocs.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from generator.engines.base import EngineFailed, EngineMissing, EngineReport
from generator.load.settings import CONFIG_NAME, read_config
from generator.write.site import STAGING_PREFIX

log = logging.getLogger("foilog.engines.zensical")

VERSION = "0.0.73"  # the release the adapter is written for and tested with
CONFIG_SUFFIX = ".zensical.yml"
INSTALL = ("Zensical is not installed. `./scripts/build --engine zensical` installs it into .venv "
           "(or: .venv/bin/pip install -e '.[zensical]').")

_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
_PROBLEM = re.compile(r"^(Warning|Error):\s*(.*)$")
_WHERE = re.compile(r"\[\s*(\S+:\d+:\d+)\s*\]")


def problems_in(output: str) -> list[str]:
    """The warnings and errors in Zensical's output, each with where it was found."""
    found: list[str] = []
    for line in _COLOUR.sub("", output).splitlines():
        line = line.strip()
        problem = _PROBLEM.match(line)
        if problem:
            found.append(f"{problem.group(1)}: {problem.group(2)}")
            continue
        where = _WHERE.search(line)
        if where and found and " (" not in found[-1]:
            found[-1] += f" ({where.group(1)})"
    # 0.0.73 says this of its --strict option, which is not used here; strict comes from the config.
    return [p for p in found if p != "Warning: Strict mode is currently unsupported."]


def _relative(path: Path, root: Path) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def config_for(repo: Path, docs_dir: Path, out_dir: Path, root: Path, strict: bool) -> dict:
    """mkdocs.yml's settings for a Zensical build from `docs_dir` into `out_dir`, with its
    paths relative to `root`, where the configuration is written."""
    config = read_config(repo / CONFIG_NAME)
    config.pop("hooks", None)  # Zensical runs none; foilog's work is done by the driver
    config["docs_dir"] = _relative(docs_dir, root)
    config["site_dir"] = _relative(out_dir, root)
    config["strict"] = strict
    # Zensical turns its own search on unless told not to: the driver's indexer (Pagefind)
    # makes the site's search index, as for MkDocs.
    config["plugins"] = {"search": {"enabled": False}}
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = _relative(repo / theme["custom_dir"], root)
    return config


def remove_stale_configs(root: Path) -> None:
    """Remove the configurations killed builds left in `root`: those whose staging folder
    is gone (the driver removes a killed build's folder before it makes a new one)."""
    for path in root.glob(f"{STAGING_PREFIX}*{CONFIG_SUFFIX}"):
        if not (root / path.name.removesuffix(CONFIG_SUFFIX)).is_dir():
            path.unlink(missing_ok=True)


class ZensicalEngine:
    name = "zensical"

    def check_installed(self) -> None:
        if importlib.util.find_spec("zensical") is None:
            raise EngineMissing(INSTALL)
        installed = importlib.metadata.version("zensical")
        if installed != VERSION:
            log.warning("foilog: Zensical %s is installed; foilog's Zensical adapter is checked with %s "
                        "(.venv/bin/pip install -e '.[zensical]' installs that one)", installed, VERSION)

    def build(self, repo: Path, docs_dir: Path, out_dir: Path, *, strict: bool = True) -> EngineReport:
        docs_dir, out_dir = docs_dir.resolve(), out_dir.resolve()
        root = Path(os.path.commonpath([docs_dir, out_dir.parent]))
        remove_stale_configs(root)
        config_file = root / f"{out_dir.name}{CONFIG_SUFFIX}"
        config_file.write_text(yaml.safe_dump(config_for(repo, docs_dir, out_dir, root, strict), sort_keys=False,
                                              allow_unicode=True), encoding="utf-8")
        try:
            done = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", str(config_file)], cwd=root,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  env={**os.environ, "NO_COLOR": "1"})
        finally:
            config_file.unlink(missing_ok=True)
        messages = problems_in(done.stdout)
        report = EngineReport(self.name, len(messages), messages)
        if done.returncode != 0:
            said = "\n".join(messages) or _COLOUR.sub("", done.stdout).strip()[-2000:]
            raise EngineFailed(f"Zensical failed (exit code {done.returncode}):\n{said}", report)
        if strict and messages:
            raise EngineFailed(f"Aborted with {len(messages)} warnings from Zensical in strict mode:\n"
                               + "\n".join(messages), report)
        return report
