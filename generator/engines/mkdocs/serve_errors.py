"""While serving, a rebuild that fails must not leave the preview hanging: MkDocs's server
holds every request until a rebuild succeeds. The last good pages are served instead, each
with the problems shown at its top, until the file is fixed."""

from __future__ import annotations

import logging
from html import escape

# Not under "mkdocs": MkDocs counts what its loggers say in strict mode, and a problem shown
# while serving must not fail the build that shows it.
log = logging.getLogger("foilog.serve")

NOTICE_CLASS = "foilog-serve-error"
NOTICE_TITLE = "foilog: this preview is out of date. Fix these problems and save:"

# Inline, so that it shows whatever the theme's stylesheet is.
_STYLE = ("margin:0;padding:.8em 1.2em;background:#fde8e8;color:#5c0f0f;border-bottom:3px solid #b71c1c;"
          "font:14px/1.4 sans-serif;position:relative;z-index:10")


def notice(report: str) -> str:
    """The problems as an HTML block; every word of them escaped (they quote content)."""
    return (f'<div class="{NOTICE_CLASS}" role="alert" style="{_STYLE}"><strong>{escape(NOTICE_TITLE)}</strong>'
            f'<pre style="white-space:pre-wrap;margin:.5em 0 0">{escape(report)}</pre></div>')


def with_notice(html: str, report: str) -> str:
    """A built page with the problems shown first in its body."""
    start = html.find("<body")
    end = html.find(">", start) if start >= 0 else -1
    if end < 0:
        return notice(report) + html
    return html[:end + 1] + notice(report) + html[end + 1:]


def keep_serving(builder):
    """MkDocs's rebuild, which on failure says why and returns, so that the server goes on
    answering with what the site folder holds instead of waiting for a good rebuild."""

    def rebuild(*args, **kwargs):
        try:
            return builder(*args, **kwargs)
        except Exception as err:  # noqa: BLE001 - anything a rebuild raises; MkDocs's Abort too
            log.error("foilog: the rebuild failed; still serving the last pages built. Fix this and save:\n%s", err)
            return None

    return rebuild
