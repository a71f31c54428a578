"""Escaping for every place council-supplied text lands in a generated page.

Generated pages are Markdown whose council text sits inside raw HTML blocks (which
Markdown passes through untouched) or, for headings and front matter, is entity-encoded
so that no Markdown, HTML or template syntax in it can take effect.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache

from markupsafe import Markup, escape

# C0 and C1 control characters (except tab and newline) are shown as visible symbols:
# a browser would otherwise drop or mangle them, and some terminals act on them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional overrides, isolates and marks (U+200E, U+200F, U+061C) can make text read
# in a different order from how it is stored; zero-width spaces, word joiners, invisible
# operators, soft hyphens, tag characters and stray byte-order marks hide inside words
# (two answers that look the same would not be, and tags can carry unseen words); line
# and paragraph separators end a line in some readers and not others. All are shown as
# visible markers instead. Zero-width joiners and non-joiners, which some scripts and
# emoji need, are kept.
_MARKED_CHARS = ("\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\u2060-\u2064\u206a-\u206f"
                 "\u00ad\u2028\u2029\ufeff\U000e0000-\U000e007f")
_BIDI = re.compile(f"[{_MARKED_CHARS}]")
# Any character `clean` changes (line breaks and tabs included, for `finalize`'s sake):
# most text has none, and is then returned as it is.
_SPECIAL_CHARS = "\x00-\x1f\x7f-\x9f" + _MARKED_CHARS
_SPECIAL = re.compile(f"[{_SPECIAL_CHARS}]")
# Any character `html_text` changes: those, and those HTML escapes.
_CHANGED = re.compile(f"[&<>\"'{_SPECIAL_CHARS}]")
# An address ends before a marker `clean` left in it: a hidden character is never part of
# a link's address.
_URL = re.compile(r"https?://(?:(?!\[U\+[0-9A-F]{4,6}\])[^\s<>\"'`\u2400-\u2421])+")
_TRAILING = ".,;:!?)]}>'\""


def _visible(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"[U+{code:04X}]"


def first_hidden(text: str) -> str | None:
    """The first character of `text` that `clean` would show as a marker, or None."""
    found = _SPECIAL.search(text)
    return found.group() if found else None


def clean(text: str) -> str:
    """Text with control and direction-override characters made visible."""
    if not _SPECIAL.search(text):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(lambda m: _visible(m.group()), text)
    return _BIDI.sub(lambda m: _visible(m.group()), text)


def finalize(value):
    """What a template's `{{ value }}` puts out, before HTML escaping (the renderer's Jinja
    `finalize`): plain text with control and direction characters made visible and line
    breaks made spaces (as a browser shows them), so that no blank line can end the raw
    HTML block the text sits in. Filters that return Markup, such as `paragraphs`, have
    done both their own way; other values are left as they are."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean(value).replace("\n", " ")
    return value


def html_text(value) -> str:
    """A value as a template's `{{ value }}` puts it on a page: `finalize`, then HTML
    escaping. Text with nothing to change comes back as it is; other text is escaped as
    markupsafe's `escape` does, without making a Markup of it on the way."""
    if type(value) is str:
        if _CHANGED.search(value) is None:
            return value
        return (finalize(value).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace('"', "&#34;"))
    return str(escape(finalize(value)))


def md_inline(text: object) -> Markup:
    """Escape for a Markdown heading or inline context: one line, no syntax."""
    return _md_inline(text) if type(text) is str else _md_inline_text(str(text))


def _md_inline_text(text: str) -> Markup:
    out = []
    for ch in " ".join(clean(str(text)).split()):
        if ch.isascii() and not ch.isalnum() and ch != " ":
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return Markup("".join(out))


# Question labels and council names recur on every page.
_md_inline = lru_cache(maxsize=8192)(_md_inline_text)


def _link_line(line: str) -> str:
    """Escape one line of text, turning bare http(s) addresses into links."""
    out, pos = [], 0
    for m in _URL.finditer(line):
        url = m.group()
        stripped = url.rstrip(_TRAILING)
        # keep a closing bracket that belongs to the address, as in Wikipedia-style URLs
        if stripped.count("(") > stripped.count(")") and url[len(stripped):].startswith(")"):
            stripped += ")"
        end = m.start() + len(stripped)
        out.append(html.escape(line[pos:m.start()]))
        safe = html.escape(stripped, quote=True)
        out.append(f'<a href="{safe}" rel="nofollow noopener">{safe}</a>')
        pos = end
    out.append(html.escape(line[pos:]))
    return "".join(out)


def paragraphs(text: object) -> Markup:
    """A council's words as HTML paragraphs: blank lines split paragraphs, single line
    breaks are kept, addresses become links, everything else is inert text. The result
    has no blank line, so it stays inside its raw HTML block in every Markdown engine."""
    text = clean(str(text)).strip()
    if "\n" not in text and "http" not in text:  # one paragraph of one line, no address
        return Markup(f"<p>{html.escape(text)}</p>" if text else "")
    paras = [p for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    rendered = ["<p>" + "<br>".join(_link_line(line) for line in p.split("\n")) + "</p>" for p in paras]
    return Markup("\n".join(rendered))


def lines(text: object) -> Markup:
    """Short multi-line text, such as a postal address: escaped, line breaks kept."""
    return Markup("<br>".join(html.escape(line.strip()) for line in clean(str(text)).strip().split("\n")))


def yaml_string(text: object) -> Markup:
    """A front-matter value: HTML-escaped (themes insert titles unescaped) and quoted."""
    return Markup(json.dumps(html.escape(" ".join(clean(str(text)).split()), quote=True), ensure_ascii=False))
