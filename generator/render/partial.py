"""Marks for a reply, or an answer, transcribed from an incomplete copy
(`incomplete_copy` in a response file): how the pages show them wherever the words are
shown, so that a reader comparing councils knows an answer may be missing something."""

from __future__ import annotations

from markupsafe import Markup

from generator.analyse import analysis
from generator.common.escape import html_text as h
from generator.analyse.formatting import relative, response_url

TITLE = "Transcribed from an incomplete copy"


def notes_for(entry, answers) -> list[str]:
    """What is missing, in the contributor's words: the reply's, then each answer's."""
    found = [entry.response.incomplete_copy] + [a.incomplete_copy for a in answers]
    return [n for n in dict.fromkeys(found) if n]


def mark(note: str) -> str:
    """An answer's mark, as HTML."""
    return f'<p class="foilog-partial"><strong>{TITLE}:</strong> {h(note)}</p>'


def short_mark(notes: list[str]) -> str:
    """The mark in a table cell too small for the words, which its title holds."""
    if not notes:
        return ""
    return f'<span class="foilog-partial" title="{h(" ".join(notes))}">incomplete copy</span>'


def notice(note: str) -> Markup:
    """The notice at the head of a reply's page, as HTML."""
    return Markup(f'<aside class="foilog-notice foilog-notice--partial" aria-label="{TITLE}">\n'
                  f'<p class="foilog-notice__title"><strong>{TITLE}</strong></p>\n<p>{h(note)} Answers may be '
                  "missing or cut short.</p>\n</aside>")


def set_list(entries, qs, page_url: str) -> Markup:
    """On a question set's page: every reply and answer to the set transcribed from an
    incomplete copy, with what is missing, linking to the reply."""
    items = []
    for entry in entries:
        start = f'<li><a href="{h(relative(page_url, response_url(entry)))}">{h(entry.council.nice_name)}</a>'
        if entry.response.incomplete_copy:
            items.append(f"{start}: {h(entry.response.incomplete_copy)}</li>")
        for a in entry.response.answers:
            if a.incomplete_copy:
                named = ", ".join(h(analysis.label(analysis.question_by_id(qs, q), qs)) for q in a.questions)
                items.append(f"{start}, {named}: {h(a.incomplete_copy)}</li>")
    if not items:
        return Markup("")
    return Markup(f'<p class="foilog-partial"><strong>{TITLE}</strong>; their answers may be missing '
                  f'something or cut short:</p>\n<ul class="foilog-partial-list">\n{"".join(items)}\n</ul>\n')
