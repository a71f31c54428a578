"""`mkdocs serve` picks up a changed YAML file; the personal-data setting works."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from conftest import make_repo, page_text
from generator.driver import build_site

LEICESTER = "content/responses/lce/ehcp-ot-provision-2019.yaml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.read().decode("utf-8")
    except OSError:
        return None


def test_serve_rebuilds_when_a_content_file_changes(tmp_path):
    repo = make_repo(tmp_path)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/councils/lce/ehcp-ot-provision-2019/"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        page = None
        while page is None and time.monotonic() < deadline:
            time.sleep(0.5)
            page = _get(url)
        assert page is not None and "Only recently due to maternity leave" in page
        path = repo / LEICESTER
        path.write_text(path.read_text(encoding="utf-8").replace(
            "which we are recruiting to", "Changed while serving"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.5)
            page = _get(url) or ""
            if "Changed while serving" in page:
                break
        assert "Changed while serving" in page
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_publishing_personal_contacts_is_a_setting(tmp_path):
    repo = make_repo(tmp_path)
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text().replace("publish_personal_contacts: false", "publish_personal_contacts: true"))
    site = build_site(repo)
    text = page_text((site / "councils/lce/ehcp-ot-provision-2019/index.html").read_text(encoding="utf-8"))
    assert "Joe.Dawson@leicester.gov.uk" in text and "0116 4545472" in text
