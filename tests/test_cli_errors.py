"""Every `foilog` command meets a broken set-up with a message and an exit code, never a
traceback: a bad setting, no mkdocs.yml, a mkdocs.yml that is not YAML, no content folder.
A command that does not use what is broken goes on as usual."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, make_repo

COMMANDS = {
    "validate": ["validate"],
    "generate": ["generate"],
    "build": ["build"],
    # Each case below must stop it before it serves; were it to serve, the timeout fails the test.
    "serve": ["serve", "--dev-addr", "127.0.0.1:9"],
    "new": ["new", "SHF", "ehcp-information-request-2022"],
    "schema": ["schema"],
    "reference": ["reference"],
}
USES_SETTINGS = {"validate", "generate", "build", "serve"}
USES_CONTENT = USES_SETTINGS | {"new"}


def run(folder: Path, command: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "generator", *COMMANDS[command]], cwd=folder,
                          capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def project(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    shutil.copy(REPO / "CONTRIBUTING.md", repo / "CONTRIBUTING.md")
    return repo


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of `path` holding `needle`."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_setting(tmp_path, command):
    repo = project(tmp_path)
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "publish_personal_contacts: false", "publish_personal_contacts: maybe"), encoding="utf-8")
    line = line_of(config, "publish_personal_contacts: maybe")
    column = config.read_text(encoding="utf-8").splitlines()[line - 1].index("maybe") + 1
    done = run(repo, command)
    if command in USES_SETTINGS:
        assert done.returncode == 1
        assert (f"mkdocs.yml:{line}:{column}: `publish_personal_contacts` must be true or false, not 'maybe'"
                in done.stdout + done.stderr)
        assert not (repo / "site").exists()
    else:
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_no_mkdocs_yml(tmp_path, command):
    folder = tmp_path / "not-a-project"
    folder.mkdir()
    done = run(folder, command)
    assert done.returncode == 2
    assert "no mkdocs.yml here or in any folder above; run foilog from the project folder" in done.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_a_mkdocs_yml_that_is_not_yaml(tmp_path, command):
    repo = project(tmp_path)
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nstrict: true", "\n\tstrict: true"),
                      encoding="utf-8")
    line = line_of(config, "\tstrict: true")
    done = run(repo, command)
    if command in USES_SETTINGS:
        assert done.returncode == 1
        assert f"mkdocs.yml:{line}:1: this is not valid YAML" in done.stdout + done.stderr
    else:
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_no_content_folder(tmp_path, command):
    repo = project(tmp_path)
    shutil.rmtree(repo / "content")
    done = run(repo, command)
    if command in USES_CONTENT:
        assert done.returncode == 1
        assert "content:0:0: there is no content/ folder beside mkdocs.yml" in done.stderr
        assert not (repo / "site").exists() and not (repo / "content").exists()
    else:
        assert done.returncode == 0, done.stderr


def test_reference_without_its_place_in_contributing(tmp_path):
    repo = project(tmp_path)
    path = repo / "CONTRIBUTING.md"
    from generator.tools.reference import BEGIN

    path.write_text(path.read_text(encoding="utf-8").replace(BEGIN, ""), encoding="utf-8")
    done = run(repo, "reference")
    assert done.returncode == 1 and "has lost the lines the field reference goes between" in done.stderr
    path.unlink()
    done = run(repo, "reference")
    assert done.returncode == 1 and "there is no CONTRIBUTING.md" in done.stderr


def test_plain_mkdocs_build_names_the_bad_setting_at_its_line(tmp_path):
    repo = project(tmp_path)
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "publish_personal_contacts: false", "publish_personal_contacts: false\n    colour: red"), encoding="utf-8")
    line = line_of(config, "colour: red")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=repo, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 1
    assert f"mkdocs.yml:{line}:5: `colour` is not a foilog setting" in done.stdout + done.stderr
