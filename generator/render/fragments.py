"""Small HTML pieces every kind of page repeats, written in Python: outcome badges, re-use
marks, deadline marks, contacts, a council's words as paragraphs.

Page structure is in the templates (templates/*.md.j2); the pieces a page repeats for
every answer or table row are Python functions, since a Jinja macro call costs some twenty
times what the same f-string does. This module holds the pieces shared by every page;
response_parts.py makes the parts of a response's page and rows.py the rows of the tables.

Every value from content passes through `h` (escape.html_text), which does what
`{{ value }}` does in the templates: control and direction characters made visible and
line breaks made spaces (escape.finalize), then HTML-escaped. Text already made HTML
(`paragraphs`, `lines`, another piece) is put in as it is. A piece the templates insert
is Markup, so that autoescape leaves it alone; a piece only other pieces take is a str.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

from generator.common.escape import html_text, lines, paragraphs as make_paragraphs
from generator.analyse.formatting import REUSE_LABELS, mailto, section_label, section_spoken
from generator.load.vocabulary import ANSWER_OUTCOMES, RESPONSE_OUTCOMES

# A value as `{{ value }}` puts it on a page.
h = html_text

# The words of the latest replies rendered, as paragraphs: a question's page shows again
# the words the pages of the replies to its set showed just before (pages.page_jobs), and
# a statement answering several questions shows on each of their pages. Two generations,
# so that the memory kept stays within twice PARAGRAPHS_KEPT texts.
PARAGRAPHS_KEPT = 10_000
_recent: dict[str, Markup] = {}
_older: dict[str, Markup] = {}


def paragraphs(text) -> Markup:
    """A council's words as HTML paragraphs (escape.paragraphs), kept for the pages that
    show them again. The templates' `paragraphs` filter."""
    global _recent, _older
    if type(text) is not str:
        return make_paragraphs(text)
    found = _recent.get(text)
    if found is None:
        found = _older.get(text)
        if found is None:
            found = make_paragraphs(text)
        if len(_recent) >= PARAGRAPHS_KEPT:
            _older, _recent = _recent, {}
        _recent[text] = found
    return found


def plural(n: int) -> str:
    return "" if n == 1 else "s"


def sections_cited(sections, searchable: bool = True) -> str:
    """Sections of the legislation, by their short names with the names in words as their
    titles, separated by commas. Where the page's search index holds them (`searchable`),
    the titles are indexed too, so that "section 12" finds "s.12"."""
    index = ' data-pagefind-index-attrs="title"' if searchable else ""
    return ", ".join(f'<abbr title="{h(section_spoken(s))}"{index}>{h(section_label(s))}</abbr>' for s in sections)


@lru_cache(maxsize=256)
def badge(outcome: str) -> Markup:
    """An outcome in words, marked with its class."""
    name = ANSWER_OUTCOMES.get(outcome, RESPONSE_OUTCOMES.get(outcome, "No answer recorded"))
    return Markup(f'<span class="foilog-badge foilog-badge--{h(outcome)}">{h(name)}</span>')


@lru_cache(maxsize=16)
def reuse_mark_for(terms: str) -> Markup:
    """The short label of re-use terms (`REUSE_LABELS`: OGL, Restricted, Not stated)."""
    label = h(REUSE_LABELS[terms])
    return Markup(f'<span class="foilog-reuse foilog-reuse--{h(terms)}" title="Re-use terms: {label}">{label}</span>')


@lru_cache(maxsize=16)
def reuse_cell(terms: str) -> Markup:
    """A table's re-use cell: the short label alone, under a column headed "Re-use", which
    sorts by its text."""
    return Markup(f'<td><span class="foilog-reuse foilog-reuse--{h(terms)}">{h(REUSE_LABELS[terms])}</span></td>')


def reuse_mark(reuse) -> Markup:
    """The short re-use label of a response: OGL, Restricted or Not stated."""
    return reuse_mark_for(reuse.terms)


def deadline_mark(d) -> str:
    """A reply's timeliness as a coloured label (HTML): on time, late, not yet due and so on."""
    return f'<span class="foilog-deadline foilog-deadline--{h(d.status)}">{h(d.label)}</span>'


def options(q) -> Markup:
    """The choices a choice question offered, as the request listed them."""
    if not q.options:
        return Markup("")
    return Markup(f'<p class="foilog-question__options">Choices offered: {"; ".join(f"“{h(o)}”" for o in q.options)}</p>')


def contact(c, settings, default_org: str) -> Markup:
    """A contact the council gave, as HTML; a named officer's direct email and phone are
    left out unless the site publishes personal contacts."""
    who = [x for x in (c.name, c.role, c.team, c.organisation) if x]
    out = [f'<div class="foilog-contact">\n<p>{h(", ".join(who)) if who else "Contact"}</p>\n']
    if c.withheld_under:
        out.append(f'<p class="foilog-withheld">Contact details withheld by the council under '
                   f'{sections_cited(c.withheld_under)}.</p>\n')
    if c.withheld_by_site(settings.publish_personal_contacts):
        out.append('<p class="foilog-withheld">Direct email and phone of a named officer: withheld by this site '
                   f'(personal data). Contact {h(c.organisation or default_org)} through its published channels.</p>\n')
    else:
        if c.email:
            link = mailto(c.email)
            out.append(f'<p>Email: <a href="{h(link)}">{h(c.email)}</a></p>' if link else f"<p>Email: {h(c.email)}</p>")
        if c.phone:
            out.append(f"<p>Phone: {h(c.phone)}</p>")
    if c.url:
        out.append(f'<p>Web: <a href="{h(c.url)}" rel="nofollow noopener">{h(c.url)}</a></p>')
    if c.address:
        out.append(f"<p>Address:<br>{lines(c.address)}</p>")
    out.append("</div>")
    return Markup("".join(out))
