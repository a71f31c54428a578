"""A page's text read by Python's HTML parser: slower than fidelity.page_text, and kept
to check it against."""

from __future__ import annotations

from html.parser import HTMLParser

from generator.verify.fidelity import BLOCKS, article, fold


class _Text(HTMLParser):
    """The visible text of the main article of a built page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def page_text_parsed(html: str) -> str:
    """`fidelity.page_text` by Python's HTML parser."""
    parser = _Text()
    parser.feed(article(html))
    parser.close()
    return fold("".join(parser.parts))
