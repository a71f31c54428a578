"""Which of a page's raw HTML blocks Python-Markdown would pass through verbatim, the
page's Markdown with those blocks replaced by placeholders (the skeleton MkDocs converts),
and the converted skeleton with the blocks put back: the MkDocs fast path's first and
second passes (generator/engines/mkdocs/fast.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.htmlparser import htmlparser as _mdparser

# Python-Markdown's HTMLExtractor treats these as empty even without `/>` (`empty_tags`).
_EMPTY = frozenset({"hr"})

# Every tag in a block Markdown passes through must be one of these, strictly written:
# a lower-case name, attributes separated by spaces or newlines, each a name alone or
# with a double-quoted value holding no `<`, `>` or `"`. Groups: the name of an end tag;
# the name of a start tag, its attributes, the space before `>`, "/" if self-closing.
# (`TAG.split` gives the text before each tag, the five groups, and the text after the last.)
TAG = re.compile(r'<(?:/([a-z][a-z0-9]*)>'
                  r'|([a-z][a-z0-9]*)((?:[ \n]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*")?)*)([ \n]*)(/?)>)')
# Start tags that may carry an anchor (MkDocs collects `id` anywhere and `name` on `<a>`):
# every tag with an attribute of either name, and some without (read exactly afterwards).
_ANCHOR_TAG = re.compile(r'<([a-z][a-z0-9]*)(?=[ \n])[^>]*[ \n](?:[iI][dD]|[nN][aA][mM][eE])(?=[ \n=/>])[^>]*>')
# Elements whose content the HTML parser reads as raw text (or may, in other Python
# versions): a block with any of them is left to Markdown.
_RAW_TEXT = re.compile(r'<(?:script|style|textarea|xmp|iframe|noembed|noframes|noscript|plaintext)[ \n/>]')
# Every `&` must start a complete character reference.
_REFERENCE = re.compile(r'&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);')
_FENCES = ("```", "~~~")
_SPACE_LINE = re.compile(r'(?<=\n) +\n')


def normalize(markdown: str, tab_length: int = 4) -> str:
    """What Python-Markdown's NormalizeWhitespace preprocessor makes of the text (without
    the two newlines it appends): raw blocks reach the HTML extractor in this form."""
    text = markdown.replace("\x02", "").replace("\x03", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        text = text.expandtabs(tab_length)
    if " \n" in text:
        text = _SPACE_LINE.sub("\n", text)
    return text


def split_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of non-empty lines in normalized text, without newlines."""
    spans = []
    n, i = len(text), 0
    find = text.find
    while i < n:
        while i < n and text[i] == "\n":
            i += 1
        if i >= n:
            break
        j = find("\n\n", i)
        if j < 0:
            j = n - 1 if text.endswith("\n") else n
        spans.append((i, j))
        i = j
    return spans


def raw_block_ids(block: str, block_level: frozenset) -> list | None:
    """The anchor ids in `block` if Python-Markdown would certainly pass the block through
    verbatim as raw HTML; None if it might not.

    Such a block is one or more elements, each starting at the beginning of a line with a
    block-level tag (not `<hr>`, not self-closing, its name followed by a space or `>`) and
    ending at the end of a line, where the HTML extractor's stack of open tags (which it
    pops down to the matching name, so void tags inside close with their parent) empties;
    every tag is strictly written (`TAG`), every `&` starts a character reference, and
    there are no comments, declarations, processing instructions or raw-text elements.
    """
    if block[0] != "<" or "<!" in block or "<?" in block or _RAW_TEXT.search(block):
        return None
    parts = TAG.split(block)
    last = len(parts) - 1
    if last // 6 != block.count("<") or parts[last]:
        return None  # some `<` does not start a strictly written tag, or text follows the last
    amps = block.count("&")
    if amps and len(_REFERENCE.findall(block)) != amps:
        return None
    stack: list[str] = []
    push, pop = stack.append, stack.pop
    for k in range(1, last, 6):
        closing = parts[k]
        if closing:
            if stack and stack[-1] == closing:
                pop()
            elif closing in stack:
                while pop() != closing:
                    pass
            elif stack:
                continue  # an end tag the extractor ignores
            else:
                return None
            if not stack:
                # The element ends here: a line break and the next element must follow, or nothing.
                after = parts[k + 5]
                if after != "\n" if k + 6 < last else after:
                    return None
        else:
            name, selfclosing = parts[k + 1], parts[k + 4]
            if stack:
                if not selfclosing and name not in _EMPTY:
                    push(name)
            elif (name in block_level and not selfclosing and name not in _EMPTY
                    and (parts[k + 2] or parts[k + 3] or " ")[0] == " "):
                push(name)  # a top-level element, where the last one ended (every `<` is a tag)
            else:
                return None
    if stack:
        return None
    anchors: list = []
    lower = block.lower()
    if " id" in lower or "\nid" in lower or " name" in lower or "\nname" in lower:
        for m in _ANCHOR_TAG.finditer(block):
            _anchors_from(m.group(1), m.group(0), anchors)
    return anchors


def _anchors_from(tag: str, text: str, into: list) -> None:
    """Anchor ids from a start tag (`text`, from `<` to `>`), read as MkDocs's _HTMLHandler
    reads them: the standard library parser's attribute loop, with Python-Markdown's patches."""
    find, unescape = _mdparser.attrfind_tolerant.match, _mdparser.unescape
    k, end = _mdparser.tagfind_tolerant.match(text, 1).end(), len(text)
    while k < end:
        m = find(text, k)
        if not m:
            break
        name, rest, value = m.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        if value:
            value = unescape(value)
        name = name.lower()
        if name == "id" or (name == "name" and tag == "a"):
            into.append(value)
        k = m.end()


@dataclass
class Skeleton:
    text: str               # the Markdown with the replaced blocks' placeholders
    prefix: str
    blocks: list[int]       # the numbers of the replaced blocks
    anchors: list


def skeleton(markdown: str, block_level: frozenset, tab_length: int = 4) -> Skeleton | None:
    """The page's Markdown with each verbatim raw block replaced by a placeholder
    paragraph; None when nothing would be replaced."""
    text = normalize(markdown, tab_length)
    if text.startswith(_FENCES) or "\n```" in text or "\n~~~" in text:
        return None
    prefix = "foilograwblock"
    while prefix in text:
        prefix += "x"
    pieces: list[str] = []
    chosen: list[int] = []
    anchors: list = []
    last = 0
    for number, (start, end) in enumerate(split_blocks(text)):
        block = text[start:end]
        ids = raw_block_ids(block, block_level) if block[0] == "<" else None
        if ids is None:
            if "<" in block or ("&" in block and len(_REFERENCE.findall(block)) != block.count("&")):
                break  # the HTML parsers' state after this block is not certain
            continue
        pieces.append(text[last:start])
        pieces.append(f"{prefix}{len(chosen)}")
        chosen.append(number)
        anchors.extend(ids)
        last = end
    if not chosen:
        return None
    pieces.append(text[last:])
    return Skeleton("".join(pieces), prefix, chosen, anchors)


def restore(html: str, markdown: str, prefix: str, blocks: list[int], tab_length: int = 4) -> str | None:
    """`html` (converted from the skeleton) with each placeholder paragraph replaced by its
    block, as Python-Markdown would have output it; None if the placeholders are not all
    there, once each and in order."""
    parts = re.split(f"<p>{re.escape(prefix)}([0-9]+)</p>", html)
    if len(parts) != 2 * len(blocks) + 1:
        return None
    text = normalize(markdown, tab_length)
    spans = split_blocks(text)
    out = [parts[0]]
    for i, number in enumerate(blocks):
        if parts[2 * i + 1] != str(i) or number >= len(spans):
            return None
        start, end = spans[number]
        out.append(text[start:end])
        # Python-Markdown keeps the newline after a raw block that a blank line follows;
        # at the very end of the page it strips it with the rest of the trailing space.
        tail = parts[2 * i + 2]
        if tail:
            out.append("\n")
        out.append(tail)
    return "".join(out)
