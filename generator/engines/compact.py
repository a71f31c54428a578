"""A built page without the theme's indentation and blank lines: whitespace that a browser
shows as one space, or not at all, since it collapses every run of white space outside
`<pre>` and `<textarea>`. The theme's templates indent every line; on a reply's page that
was a tenth of its bytes. A page holding `<pre>` or `<textarea>` is left as it is."""

from __future__ import annotations

import re

_INDENTED = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def compact_html(page: str) -> str:
    """`page` with each line break and the white space and blank lines after it made one
    line break."""
    if "<pre" in page or "<textarea" in page:
        return page
    return _INDENTED.sub("\n", page)
