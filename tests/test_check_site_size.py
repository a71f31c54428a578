"""scripts/check-site-size: a built site over the limit fails, saying its size, the limit
and what to do; one within it passes."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

SCRIPT = REPO / "scripts" / "check-site-size"


def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True)


def site(tmp_path):
    top = tmp_path / "site"
    (top / "data").mkdir(parents=True)
    (top / "index.html").write_bytes(b"x" * 1000)
    (top / "data" / "answers.csv.gz").write_bytes(b"x" * 4000)
    return top


def test_a_site_within_the_limit_passes(tmp_path):
    done = check(str(site(tmp_path)), "1GB")
    assert done.returncode == 0, done.stderr
    assert "5.0 KB (5,000 bytes), within the limit of 1.0 GB" in done.stdout


def test_a_site_over_the_limit_fails_saying_why_and_what_to_do(tmp_path):
    done = check(str(site(tmp_path)), "4KB")
    assert done.returncode == 1
    assert "is 5.0 KB (5,000 bytes), over the limit of 4.0 KB (4,000 bytes)" in done.stderr
    assert "Largest parts: data 4.0 KB, index.html 1.0 KB" in done.stderr
    assert "Publishing the site" in done.stderr and done.stderr.startswith("::error::")
    assert check(str(site(tmp_path / "again")), "5000").returncode == 0  # the limit itself fits


def test_a_wrong_call_is_told_so(tmp_path):
    assert check(str(tmp_path / "nowhere"), "1GB").returncode == 2
    assert "not a size" in check(str(site(tmp_path)), "1XB").stderr
    assert check().returncode == 2


def test_the_publish_workflow_checks_before_uploading():
    workflow = (REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "scripts/check-site-size site 1GB" in workflow
    assert workflow.index("check-site-size") < workflow.index("upload-pages-artifact")
