"""An MkDocs hook for tests (conftest.words_dropped adds it to a copy's mkdocs.yml): every
built page leaves out each paragraph holding the phrase `extra.drop_words`, as a broken
renderer would. The nothing-lost check, which reads the pages MkDocs wrote, must catch it."""

from __future__ import annotations

import html
import re

from mkdocs.plugins import event_priority


@event_priority(-200)  # after foilog's hook has made the page's final HTML
def on_post_page(output, page, config, **kwargs):
    phrase = config.extra.get("drop_words")
    if not phrase:
        return output
    paragraph = re.compile(r"<p>(?:(?!</p>).)*?" + re.escape(html.escape(phrase)) + r".*?</p>", re.S)
    return paragraph.sub("", output)
