"""A built site served on 127.0.0.1 from a thread of this process, and the Chromium that
reads it: shared by the benchmark's reader measures (bench/reader.py) and the browser
tests (tests/browser.py), so that both start the browser and serve the site alike."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import sys
import threading
from pathlib import Path

CHROMIUM = Path(os.environ.get("FOILOG_CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking switches Chromium calls Google's hosts at start.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def launch_chromium(playwright):
    """Debian's Chromium (or FOILOG_CHROMIUM), headless."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's files, logging nothing."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class HostLikeHandler(QuietHandler):
    """Serves the site as a static host does: text (HTML, CSS, scripts, JSON, SVG)
    gzip-compressed for a browser that accepts it, as GitHub Pages and other hosts send
    it; everything else, Pagefind's own compressed index files among them, as it is."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in self.COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A tab that closes or moves on while a file is still being sent is not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path, handler: type[QuietHandler] = QuietHandler):
    """The built site on http://127.0.0.1:<free port>/, from a thread of this process."""
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
