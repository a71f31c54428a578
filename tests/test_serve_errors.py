"""While serving, a file broken and saved must not make the preview hang: the server goes on
answering with the last good pages, the problem shown on each, until the file is fixed."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import make_repo
from generator.engines.mkdocs.serve_errors import NOTICE_CLASS, with_notice

LEICESTER = "content/responses/lce/ehcp-ot-provision-2019.yaml"
PAGE = "councils/lce/ehcp-ot-provision-2019/"
WORDS = "Only recently due to maternity leave"  # on that page, from its file


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(url: str, timeout: float) -> str | None:
    """The page, or None if the server did not answer in time (or refused)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, condition, what: str, timeout: float = 15) -> str:
    """Ask for the page until `condition(page)`; every request must be answered within
    `timeout` seconds (a rebuild of this small site takes far less)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        page = ask(url, timeout)
        assert page is not None, f"the server did not answer within {timeout} s while waiting for {what}"
        if condition(page):
            return page
        time.sleep(0.5)
    raise AssertionError(f"never saw {what}")


@pytest.mark.parametrize("command", [["mkdocs", "serve", "-a"], ["generator", "serve", "--dev-addr"]])
def test_a_broken_file_keeps_the_last_good_pages_with_the_problem_shown(tmp_path, command):
    repo = make_repo(tmp_path / "repo")
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    server = subprocess.Popen([sys.executable, "-m", *command, f"127.0.0.1:{port}"], cwd=repo,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while ask(url, 2) is None and time.monotonic() < deadline:
            time.sleep(0.5)
        page = wait_for(url, lambda p: WORDS in p, "the first build")
        assert NOTICE_CLASS not in page

        path = repo / LEICESTER
        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("reuse:", "reuse: [unclosed", 1), encoding="utf-8")
        page = wait_for(url, lambda p: NOTICE_CLASS in p, "the problem shown on the page")
        assert WORDS in page  # the last good page, still
        assert f"{LEICESTER}:" in page  # the problem, naming the file

        path.write_text(good.replace("which we are recruiting to", "Fixed while serving"), encoding="utf-8")
        page = wait_for(url, lambda p: "Fixed while serving" in p, "the fixed page")
        assert NOTICE_CLASS not in page
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_rebuild_failing_anywhere_else_keeps_the_last_good_site(tmp_path):
    """mkdocs.yml broken while serving: MkDocs cannot even read it, and the rebuild fails
    before any page is made; the pages already built are served meanwhile."""
    repo = make_repo(tmp_path / "repo")
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while ask(url, 2) is None and time.monotonic() < deadline:
            time.sleep(0.5)
        wait_for(url, lambda p: WORDS in p, "the first build")
        config = repo / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("\nstrict: true", "\n\tstrict: true"),
                          encoding="utf-8")
        for _ in range(10):  # the rebuild starts within a second of the change
            time.sleep(1)
            assert WORDS in wait_for(url, lambda p: True, "the last good page")
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "foilog: the rebuild failed; still serving the last pages built" in err


def test_the_problem_shown_is_escaped():
    """Problems quote content, which is untrusted: shown on a page, it stays text."""
    page = with_notice('<html><body class="x"><p>page</p></body></html>', "a.yaml:1:1: <script>alert(1)</script>")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.index(NOTICE_CLASS) > page.index('<body class="x">') and page.endswith("<p>page</p></body></html>")
