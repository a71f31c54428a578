"""A plain `mkdocs build` is atomic too: it builds beside site/ and swaps the result into
place only when every stage has passed, so a failure at any stage leaves the previous site
exactly as it was. (`foilog build` is covered in test_validation and test_fidelity.)"""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import make_repo, words_dropped
from test_fidelity import digest

MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict"]


@pytest.fixture
def built(tmp_path):
    repo = make_repo(tmp_path / "repo")
    done = subprocess.run(MKDOCS, cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return repo


def leftovers(repo):
    return sorted(p.name for p in repo.iterdir() if p.name.startswith((".site-build-", "site.old-")))


def test_a_successful_build_replaces_the_site_and_leaves_nothing_behind(built):
    (built / "site" / "stale.html").write_text("from an older build")
    done = subprocess.run(MKDOCS, cwd=built, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (built / "site" / "index.html").is_file()
    assert not (built / "site" / "stale.html").exists()
    assert leftovers(built) == []


def test_a_strict_mode_warning_after_every_page_is_written_keeps_the_previous_site(built):
    # MkDocs counts strict-mode warnings only after it has cleaned site_dir, written every
    # page and run on_post_build; a missing nav target is one such warning.
    before = digest(built / "site")
    config = built / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - Attributions: attributions/index.md\n",
        "  - Attributions: attributions/index.md\n  - Missing: missing.md\n"), encoding="utf-8")
    failed = subprocess.run(MKDOCS, cwd=built, capture_output=True, text=True)
    assert failed.returncode != 0
    assert "Aborted with 1 warnings in strict mode" in failed.stdout + failed.stderr
    assert "was left as it was" in failed.stderr
    assert digest(built / "site") == before
    assert leftovers(built) == []


def test_a_failed_nothing_lost_check_under_plain_mkdocs_keeps_the_previous_site(built):
    from mkdocs.__main__ import cli

    before = digest(built / "site")
    with words_dropped(built, "Spot purchasing"):
        result = CliRunner().invoke(cli, ["build", "--strict", "-f", str(built / "mkdocs.yml")])
    assert result.exit_code != 0
    assert "does not show everything in content/" in result.output + str(result.exception)
    assert digest(built / "site") == before
    assert leftovers(built) == []
