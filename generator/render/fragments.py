"""The HTML pieces a page repeats for every answer and every table row, written in Python.

A log of 10,000 responses has 100,000 answers, each shown on its response page and again
in its question's comparison table; as Jinja macros these pieces took most of the time
spent rendering (a macro call costs some twenty times what the same f-string does). The
templates call these functions where they used to call the macros, and get the same text.
A response's page, the most numerous, is written here whole (`response_page`), and a
question as its responses' pages show it is made once per build (`_question_part`).

Every value from content passes through `h` (escape.html_text), which does what
`{{ value }}` does in the templates: control and direction characters made visible and
line breaks made spaces (escape.finalize), then HTML-escaped. Text already made HTML by a filter (`paragraphs`,
`lines`) is Markup and is put in as it is.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

from generator.analyse import analysis, compare
from generator.render import partial
from generator.common.escape import html_text, lines, md_inline, paragraphs, yaml_string
from generator.analyse.formatting import (OGL_DEFAULT_ATTRIBUTION, OGL_URL, REUSE_LABELS, council_url, format_date,
                                          format_value, mailto, question_url, relative, response_url, section_label,
                                          set_url, short_date, sort_key)
from generator.load.models import ANSWER_OUTCOMES, RESPONSE_OUTCOMES

# The filters these pieces use, by the names the templates know them by. The renderer
# points this at its environment's own filters (`use_filters`), so that a filter replaced
# there (tests do, to see the nothing-lost check fail) applies here too.
_filters = {"paragraphs": paragraphs, "lines": lines, "md": md_inline, "value": format_value,
            "section": section_label, "sortkey": sort_key, "yaml": yaml_string, "date": format_date,
            "shortdate": short_date}


def use_filters(filters: dict) -> None:
    """Use these filters (a Jinja environment's) from now on."""
    global _filters
    _filters = filters


# The words of the latest replies rendered, as paragraphs: a question's page shows again
# the words the pages of the replies to its set showed just before (render.page_jobs), and
# a statement answering several questions shows on each of their pages. Two generations,
# so that the memory kept stays within twice PARAGRAPHS_KEPT texts; forgotten when the
# filter is replaced (tests replace it to see the nothing-lost check fail).
PARAGRAPHS_KEPT = 10_000
_recent: dict[str, Markup] = {}
_older: dict[str, Markup] = {}
_kept_by = None  # the filter that made them


def _paragraphs(text) -> Markup:
    global _recent, _older, _kept_by
    make = _filters["paragraphs"]
    if type(text) is not str:
        return make(text)
    if make is not _kept_by:
        _recent, _older, _kept_by = {}, {}, make
    found = _recent.get(text)
    if found is None:
        found = _older.get(text)
        if found is None:
            found = make(text)
        if len(_recent) >= PARAGRAPHS_KEPT:
            _older, _recent = _recent, {}
        _recent[text] = found
    return found


def _lines(text) -> Markup:
    return _filters["lines"](text)


def _md(text) -> Markup:
    return _filters["md"](text)


def _value(value) -> str:
    return _filters["value"](value)


def _date(d) -> str:
    return _filters["date"](d)


def _section(section: str) -> str:
    return _filters["section"](section)


def _sortkey(n: float) -> str:
    return _filters["sortkey"](n)


# A value as `{{ value }}` puts it on a page.
h = html_text


def _sections(sections) -> str:
    return ", ".join(h(_section(s)) for s in sections)


@lru_cache(maxsize=256)
def badge(outcome: str) -> Markup:
    """An outcome in words, marked with its class."""
    name = ANSWER_OUTCOMES.get(outcome, RESPONSE_OUTCOMES.get(outcome, "No answer recorded"))
    return Markup(f'<span class="foilog-badge foilog-badge--{h(outcome)}">{h(name)}</span>')


@lru_cache(maxsize=16)
def _reuse_mark(terms: str) -> Markup:
    label = h(REUSE_LABELS[terms])
    return Markup(f'<span class="foilog-reuse foilog-reuse--{h(terms)}" title="Re-use terms: {label}">{label}</span>')


def reuse_mark(reuse) -> Markup:
    """The short re-use label of a response: OGL, Restricted or Not stated."""
    return _reuse_mark(reuse.terms)


def contact(c, settings, default_org: str) -> str:
    """A contact the council gave, as HTML; a named officer's direct email and phone are
    left out unless the site publishes personal contacts."""
    who = [x for x in (c.name, c.role, c.team, c.organisation) if x]
    out = [f'<div class="foilog-contact">\n<p>{h(", ".join(who)) if who else "Contact"}</p>\n']
    if c.withheld_under:
        out.append(f'<p class="foilog-withheld">Contact details withheld by the council under '
                   f'{_sections(c.withheld_under)}.</p>\n')
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
        out.append(f"<p>Address:<br>{_lines(c.address)}</p>")
    out.append("</div>")
    return "".join(out)


def _bodies(redirects) -> str:
    return "; ".join(f'<a href="{h(b.url)}" rel="nofollow noopener">{h(b.name)}</a>' if b.url else h(b.name)
                     for b in redirects)


def answer_body(entry, answer, rel, settings) -> str:
    """One of a response's statements in full, on the response's page, as HTML."""
    qs = entry.question_set
    out = [f'<div class="foilog-answer">\n<p class="foilog-answer__meta">{badge(answer.outcome)}\n']
    if answer.outcome == "see_other_answer":
        resolved = analysis.resolved_outcome(entry, answer)
        if resolved != "see_other_answer":
            out.append(f' <span class="foilog-muted">which there is</span> {badge(resolved)}\n')
    if answer.sections:
        out.append(f' <span class="foilog-sections">Sections cited: {_sections(answer.sections)}</span>\n')
    out.append("</p>\n")
    if answer.incomplete_copy:
        out.append(partial.mark(answer.incomplete_copy) + "\n")
    if answer.see:
        here = response_url(entry)
        links = ", ".join(f'<a href="{h(rel(here + "#" + qid))}">{h(analysis.label(analysis.question_by_id(qs, qid), qs))}</a>'
                          for qid in answer.see)
        out.append(f"<p>Refers to the answer to {links}.</p>\n")
    if answer.redirect_to:
        out.append(f"<p>Redirected to: {_bodies(answer.redirect_to)}</p>\n")
    if answer.text:
        out.append(f'<blockquote class="foilog-words">{_paragraphs(answer.text)}</blockquote>\n')
    if answer.outcome == "in_attachment":
        out.append(f"<p>The answer is only in the attachment “{h(answer.attachment)}”; it has not been transcribed.</p>\n")
    for c in answer.contacts:
        out.append(f"{contact(c, settings, entry.council.official_name)}\n")
    if answer.values:
        several = len(answer.questions) > 1
        read = []
        for v in answer.values:
            part = f"{h(analysis.label(analysis.question_by_id(qs, v.question), qs))}: " if several else ""
            part += f"<strong>{h(_value(v))}</strong>"
            if v.quote:
                part += f" (from “{h(v.quote)}”)"
            read.append(part)
        out.append(f'<p class="foilog-values">Read as: {"; ".join(read)}</p>\n')
    if answer.note:
        out.append(f'<p class="foilog-note">Note: {h(answer.note)}</p>\n')
    out.append("</div>")
    return "".join(out)


def _outcome_cell(row, rank: int, redirects: bool) -> str:
    """A comparison table's outcome cell: the badges, the sections cited and, on a
    question's page, where the council sent the request on."""
    out = [f'<td data-sort="{rank}">', " ".join(badge(o) for o in row.outcomes)]
    for a in row.answers:
        if a.sections:
            out.append(f'<br><span class="foilog-sections">{_sections(a.sections)}</span>')
    if redirects:
        for a in row.answers:
            if a.redirect_to:
                out.append("<br>To: " + "; ".join(h(b.name) for b in a.redirect_to))
    out.append("</td>")
    return "".join(out)


def _words_cell(row, settings, qs, qid: str | None) -> str:
    """A comparison table's cell of the council's words. Given the question (`qs`,
    `qid`), a statement that also answers other questions says which."""
    marks = "".join(partial.mark(n) for n in partial.notes_for(row.entry, row.answers))
    if not row.answers:
        return f'<td><span class="foilog-muted">No answer recorded</span>{marks}</td>'
    out = ["<td>", marks]
    org = row.entry.council.official_name
    for a in row.answers:
        out.append('<div class="foilog-cell">')
        if qid is not None and (len(a.questions) > 1 or a.questions[0] != qid):
            named = ", ".join(h(analysis.label(analysis.question_by_id(qs, x), qs)) for x in a.questions)
            out.append(f'<p class="foilog-muted">Answer to {named}:</p>')
        if a.text:
            out.append(_paragraphs(a.text))
        for c in a.contacts:
            out.append(contact(c, settings, org))
        if a.outcome == "in_attachment":
            out.append(f"<p>In the attachment “{h(a.attachment)}” (not transcribed).</p>")
        out.append("</div>")
    out.append("</td>")
    return "".join(out)


def _value_cell(column: compare.ValueColumn, row, qid: str) -> str:
    """A comparison table's value cell, with the number it sorts by."""
    items, sort_number, sort_group = column.cell(row, qid)
    out = ['<td class="foilog-value"']
    if sort_number is not None:
        out.append(f' data-sort="{h(_sortkey(sort_number))}" data-sort-group="{h(sort_group)}"')
    out.append(">")
    for v, comp in items:
        out.append(f"<div>{h(_value(v))}")
        if comp and comp.converted:
            out.append(f' <span class="foilog-converted">{comp.sign} {h(comp.words)}</span>')
        out.append("</div>")
    out.append("</td>")
    return "".join(out)


@lru_cache(maxsize=16)
def _reuse_cell(terms: str) -> Markup:
    """A comparison table's re-use cell."""
    return Markup(f'<td data-sort="{h(REUSE_LABELS[terms])}">{_reuse_mark(terms)}</td>')


_OUTCOME_RANK = {outcome: i for i, outcome in enumerate(compare.OUTCOME_ORDER)}


def outcome_rank(row) -> int:
    """Sort position of a row's outcome: answered first, no answer last."""
    return _OUTCOME_RANK[compare.primary_outcome(row)]


def comparison_rows_html(rows, qs, qid: str, column, settings, page_url: str) -> Markup:
    """Every council's row in a question's comparison table (`rows` are
    analysis.comparison_rows), each ending a line."""
    out = []
    # Every response's page is under councils/, which a question's page is not: the link
    # climbs to the top of the site and goes down from there. A row's start, up to the
    # question's anchor in that link, is the same for every question of the set.
    top = relative(page_url, "") if not page_url.startswith("councils/") else None
    starts = analysis.pieces(qs).setdefault(("row starts", top), {})
    anchor = h("#" + qid)
    for row in rows:
        entry = row.entry
        found = starts.get(id(entry))
        if found is None or found[0] is not entry:
            name = h(entry.council.nice_name)
            href = f"{top}{response_url(entry)}" if top else relative(page_url, response_url(entry) + "#" + qid)
            found = (entry, f'<tr class="foilog-row--{h(entry.response.reuse.terms)}">\n<th scope="row" '
                            f'data-sort="{name}"><a href="{h(href)}', f'">{name}</a></th>\n')
            if top:
                starts[id(entry)] = found
        _, start, end = found
        out.append(f"{start}{anchor if top else ''}{end}{_outcome_cell(row, outcome_rank(row), True)}\n"
                   f"{_words_cell(row, settings, qs, qid)}\n{_value_cell(column, row, qid)}\n"
                   f"{_reuse_cell(entry.response.reuse.terms)}\n</tr>\n")
    return Markup("".join(out))


def options(q) -> Markup:
    """The choices a choice question offered, as the request listed them."""
    if not q.options:
        return Markup("")
    return Markup(f'<p class="foilog-question__options">Choices offered: {"; ".join(f"“{h(o)}”" for o in q.options)}</p>')


def _question_part(qs, q, href: str) -> str:
    """A question as a response's page shows it, linking to its comparison at `href`. The
    same on the page of every council's reply to the set: made once per build."""
    cache = analysis.pieces(qs)
    key = ("question", q.id, href, _filters["paragraphs"])
    found = cache.get(key)
    if found is None:
        out = ['<div class="foilog-question">']
        if getattr(q, "heading", None):
            out.append(f'<p class="foilog-question__heading">{h(q.heading)}</p>')
        out.append(f'{_paragraphs(q.text)}{options(q)}<p class="foilog-question__links"><a href="'
                   f'{h(href)}">Compare every council\'s answer to {h(analysis.label(q, qs))}</a></p></div>\n')
        found = cache[key] = "".join(out)
    return found


def response_blocks_html(entry, blocks, rel, settings) -> Markup:
    """A response's questions and answers, block by block: a heading naming the question
    (or the run of questions one statement answers), the questions, then the answers."""
    qs = entry.question_set
    top = rel("")  # a response's page is under councils/, a question's is not
    out = []
    for block in blocks:
        first = block.questions[0]
        heading = _md(analysis.label(first, qs))
        if len(block.questions) > 1:
            heading = f"{heading} to {_md(analysis.label(block.questions[-1], qs))}"
        out.append(f"### {heading} {h('{#' + block.anchor + '}')}\n\n<div class=\"foilog-block\">\n")
        for i, q in enumerate(block.questions):
            if i:
                out.append(f'<span id="{h(q.id)}"></span>')
            out.append(_question_part(qs, q, top + question_url(qs, q.id)))
        for answer in block.answers:
            earlier = block.earlier_anchor(answer)
            if earlier:
                named = h(analysis.label(analysis.question_by_id(qs, earlier), qs))
                out.append(f'<p class="foilog-muted">Answered by the council\'s statement shown under '
                           f'<a href="#{h(earlier)}">{named}</a> above.</p>\n')
            else:
                out.append(f"{answer_body(entry, answer, rel, settings)}\n")
        if not block.answers:
            if getattr(first, "parts", None):
                out.append('<p class="foilog-muted">Answered in its parts below.</p>\n')
            else:
                out.append(f'<p class="foilog-muted">{badge("no_answer")} This reply gives no answer to this question.</p>\n')
        out.append("</div>\n\n")
    return Markup("".join(out))


def outcome_matrix_rows(entries, qs, page_url: str) -> Markup:
    """A question set's table of outcomes: a row per council, a cell per question, each
    row ending a line."""
    questions = [q.id for q in qs.all_questions()]
    out = []
    for entry in entries:
        href = relative(page_url, response_url(entry))
        whole = partial.short_mark(partial.notes_for(entry, ()))
        out.append(f'<tr class="foilog-row--{h(entry.response.reuse.terms)}"><th scope="row"><a href="{h(href)}">'
                   f"{h(entry.council.nice_name)}</a>{'<br>' + whole if whole else ''}</th>"
                   f"<td>{reuse_mark(entry.response.reuse)}</td>")
        for qid in questions:
            found = analysis.answers_to(entry, qid)
            badges = "".join(badge(analysis.resolved_outcome(entry, a)) for a in found) if found else badge("no_answer")
            own = partial.short_mark([a.incomplete_copy for a in found if a.incomplete_copy])
            out.append(f"<td>{badges}{' ' + own if own else ''}</td>")
        out.append("</tr>\n")
    return Markup("".join(out))


def deadline_mark(d) -> str:
    """A reply's timeliness as a coloured label (HTML): on time, late, not yet due and so on."""
    return f'<span class="foilog-deadline foilog-deadline--{h(d.status)}">{h(d.label)}</span>'


def deadline_working(d) -> Markup:
    """How a deadline was worked out, step by step, folded away."""
    out = [f'<details class="foilog-working"><summary>How this was worked out</summary>\n<p>{h(d.explanation)}</p>\n']
    if d.skipped:
        days = "; ".join(f"{h(_filters['shortdate'](day.date))} ({h(day.reason)})" for day in d.skipped)
        out.append(f'<p class="foilog-muted">Days not counted: {days}.</p>')
    out.append("</details>")
    return Markup("".join(out))


def reuse_notice(entry) -> Markup:
    """The re-use terms at the head of a response's page: the Open Government Licence,
    restricted (not open data), or not stated; with the council's own words."""
    reuse = entry.response.reuse
    out = [f'<aside class="foilog-notice foilog-notice--{h(reuse.terms)}" aria-label="Re-use terms">\n']
    if reuse.terms == "ogl":
        out.append('<p class="foilog-notice__title"><strong>Re-use: Open Government Licence v3.0</strong></p>\n'
                   f'<p>{h(reuse.attribution or OGL_DEFAULT_ATTRIBUTION)} <a href="{h(OGL_URL)}" rel="license">Open '
                   'Government Licence v3.0</a>. The licence does not cover personal data.</p>\n')
    elif reuse.terms == "restricted":
        out.append('<p class="foilog-notice__title"><strong>Re-use restricted: this is not open data</strong></p>\n'
                   f"<p>{h(entry.council.official_name)} limits re-use of this reply. Its terms:</p>\n")
    else:
        out.append('<p class="foilog-notice__title"><strong>Re-use terms not stated</strong></p>\n'
                   f"<p>{h(entry.council.official_name)} did not say on what terms this reply may be re-used. Do not "
                   "assume the Open Government Licence applies; ask the council before re-using it.</p>\n")
    if reuse.wording:
        out.append(f'<blockquote class="foilog-words">{_paragraphs(reuse.wording)}</blockquote>\n')
    out.append("</aside>")
    return Markup("".join(out))


def _plural(n: int) -> str:
    return "" if n == 1 else "s"


def _facts(entry, rel, d) -> str:
    """The table of facts about a reply: who, which request, when, on time or not, the
    outcome, the re-use terms and where it came from."""
    r, qs, council = entry.response, entry.question_set, entry.council
    out = ['<table class="foilog-facts">\n<caption>About this response</caption>\n<tbody>\n'
           f'<tr><th scope="row">Council</th><td><a href="{h(rel(council_url(council)))}">{h(council.official_name)}'
           '</a></td></tr>\n'
           f'<tr><th scope="row">Question set</th><td><a href="{h(rel(set_url(qs)))}">{h(qs.title)}</a></td></tr>\n'
           f'<tr><th scope="row">Council\'s reference</th><td>{h(r.reference or "not given")}</td></tr>\n']
    if r.subject:
        out.append(f'<tr><th scope="row">Subject</th><td>{h(r.subject)}</td></tr>')
    out.append(f'<tr><th scope="row">Received</th><td>{h(_date(r.dates.received))}</td></tr>\n'
               f'<tr><th scope="row">Responded</th><td>{h(_date(r.dates.responded))}</td></tr>\n')
    for e in r.dates.events:
        out.append(f'<tr><th scope="row">{h(str(e.event).replace("_", " ").capitalize())}</th><td>{h(_date(e.date))}')
        if e.due:
            out.append(f" (new due date {h(_date(e.due))})")
        if e.note:
            out.append(f": {h(e.note)}")
        out.append("</td></tr>\n")
    out.append(f'<tr><th scope="row">Deadline</th><td>{deadline_mark(d)}')
    if d.due:
        out.append(f" Due {h(_date(d.due))} ({h(d.limit)} working days under {h(d.legislation)})")
    if d.working_days_taken is not None:
        out.append(f"; replied after {h(d.working_days_taken)} working day{_plural(d.working_days_taken)}")
    if d.working_days_late:
        out.append(f", {h(d.working_days_late)} working day{_plural(d.working_days_late)} late")
    out.append(f".{deadline_working(d)}</td></tr>\n"
               f'<tr><th scope="row">Outcome</th><td>{badge(r.outcome)}</td></tr>\n'
               f'<tr><th scope="row">Re-use</th><td>{reuse_mark(r.reuse)}</td></tr>\n'
               '<tr><th scope="row">Source</th><td>')
    source = r.source
    if source.url:
        out.append(f'<a href="{h(source.url)}" rel="nofollow noopener">{h(source.url)}</a>')
    else:
        out.append("not recorded")
    if source.via:
        out.append(f" (via {h(source.via)})")
    out.append("</td></tr>\n")
    if source.attachments:
        items = []
        for a in source.attachments:
            title = f'<a href="{h(a.url)}" rel="nofollow noopener">{h(a.title)}</a>' if a.url else h(a.title)
            items.append(f"<li>{title} — {'transcribed below' if a.transcribed else 'not transcribed'}</li>")
        out.append(f'<tr><th scope="row">Attachments</th><td><ul>{"".join(items)}</ul></td></tr>\n')
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def response_page(entry, blocks, rel, settings, d) -> str:
    """A response's page: the re-use notice, the facts, every question with the council's
    answer, and the rest of the reply. `blocks` are analysis.response_blocks(entry), `rel`
    makes links relative to the page, `d` is the reply's deadline."""
    r, qs, council = entry.response, entry.question_set, entry.council
    out = [f"---\ntitle: {_filters['yaml'](council.nice_name + ': ' + qs.title)}\n---\n\n"
           f"# {_md(council.nice_name)}: {_md(qs.title)}\n\n{reuse_notice(entry)}\n\n"]
    if r.incomplete_copy:
        out.append(f"{partial.notice(r.incomplete_copy)}\n\n")
    out.append(f"{_facts(entry, rel, d)}\n")
    if r.introduction:
        out.append(f'<blockquote class="foilog-words foilog-intro">{_paragraphs(r.introduction)}</blockquote>\n')
    out.append(f"\n## Questions and answers\n\n{response_blocks_html(entry, blocks, rel, settings)}")
    if r.closing or r.contacts:
        out.append("## Other information in the reply\n\n")
        if r.closing:
            out.append(f'<blockquote class="foilog-words">{_paragraphs(r.closing)}</blockquote>\n')
        for c in r.contacts:
            out.append(f"{contact(c, settings, council.official_name)}\n")
        out.append("\n")
    if r.notes:
        out.append(f'## Transcription notes\n\n<div class="foilog-note">{_paragraphs(r.notes)}</div>\n')
    return "".join(out)


def deadline_rows(entries, deadline, page_url: str) -> Markup:
    """A question set's table of deadlines: a row per council's reply, each ending a line.
    `deadline` gives a reply's deadline."""
    out = []
    for e in entries:
        d = deadline(e)
        name = h(e.council.nice_name)
        href = relative(page_url, response_url(e))
        taken = d.working_days_taken
        late = f" by {h(d.working_days_late)} working day{_plural(d.working_days_late)}" if d.working_days_late else ""
        out.append(f'<tr><th scope="row" data-sort="{name}"><a href="{h(href)}">{name}</a></th>'
                   f'<td data-sort="{h(d.received or "")}">{h(_date(d.received))}</td>'
                   f'<td data-sort="{h(d.responded or "")}">{h(_date(d.responded))}</td>'
                   f'<td data-sort="{h(d.due or "")}">{h(_date(d.due)) if d.due else "—"}</td>'
                   + (f'<td data-sort="{h(taken)}">{h(taken)}</td>' if taken is not None else "<td>—</td>")
                   + f'<td data-sort="{h(d.label)}">{deadline_mark(d)}{late}</td></tr>\n')
    return Markup("".join(out))


def council_response_rows(entries, deadline, page_url: str) -> Markup:
    """A council's table of its replies: a row per reply, each ending a line. `deadline`
    gives a reply's deadline."""
    out = []
    for e in entries:
        r, d = e.response, deadline(e)
        taken = f" {h(d.working_days_taken)} working days" if d.working_days_taken is not None else ""
        out.append(f'<tr class="foilog-row--{h(r.reuse.terms)}"><th scope="row"><a href="'
                   f'{h(relative(page_url, response_url(e)))}">{h(e.question_set.title)}</a></th>'
                   f"<td>{h(_date(r.dates.responded))}</td><td>{h(r.reference or '—')}</td>"
                   f"<td>{deadline_mark(d)}{taken}</td><td>{badge(r.outcome)}</td><td>{reuse_mark(r.reuse)}</td></tr>\n")
    return Markup("".join(out))


def topic_rows_html(rows, column, settings, page_url: str) -> Markup:
    """Every council's answer to every question of a topic
    (analysis.topic_comparison_rows), a row each, each ending a line."""
    out = []
    for t in rows:
        row, qs, q = t.row, t.question_set, t.question
        entry = row.entry
        name, title, named = h(entry.council.nice_name), h(qs.title), h(analysis.label(q, qs))
        out.append(f'<tr class="foilog-row--{h(entry.response.reuse.terms)}">\n'
                   f'<th scope="row" data-sort="{name}"><a href="{h(relative(page_url, council_url(entry.council)))}">'
                   f"{name}</a></th>\n"
                   f'<td data-sort="{h(qs.year_sent or "")}">{h(qs.year_sent or "not known")}</td>\n'
                   f'<td data-sort="{title} {named}"><a href="{h(relative(page_url, response_url(entry) + "#" + q.id))}">'
                   f'{named}</a><br><span class="foilog-muted">{title}</span></td>\n'
                   f"{_outcome_cell(row, outcome_rank(row), False)}\n{_words_cell(row, settings, None, None)}\n"
                   f"{_value_cell(column, row, q.id)}\n{_reuse_cell(entry.response.reuse.terms)}\n</tr>\n")
    return Markup("".join(out))
