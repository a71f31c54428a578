"""The rows of the pages' tables, as HTML: a question's and a topic's comparison tables, a
question set's tables of outcomes and deadlines, a council's table of replies.

A row is made for every reply in each table (a question's comparison table of a set sent
to 300 councils has 300), so rows are f-strings (see fragments.py); each function makes
every row of its table and the template inserts them between its header and its end."""

from __future__ import annotations

from markupsafe import Markup

from generator.analyse import analysis, compare
from generator.render import partial as incomplete
from generator.render.fragments import badge, contact, deadline_mark, h, paragraphs, plural, reuse_cell, reuse_mark, \
    sections_cited
from generator.analyse.formatting import council_url, format_date, format_value, relative, \
    response_url, sort_key


def _outcome_cell(row, rank: int, redirects: bool) -> str:
    """A comparison table's outcome cell: the badges, the sections cited and, on a
    question's page, where the council sent the request on. A question's table is out of
    search (docs/search.md), so its sections' titles are not marked for the index."""
    out = [f'<td data-sort="{rank}">', " ".join(badge(o) for o in row.outcomes)]
    for a in row.answers:
        if a.sections:
            out.append(f'<br><span class="foilog-sections">{sections_cited(a.sections, not redirects)}</span>')
    if redirects:
        for a in row.answers:
            if a.redirect_to:
                out.append("<br>To: " + "; ".join(h(b.name) for b in a.redirect_to))
    out.append("</td>")
    return "".join(out)


def _words_cell(row, settings, qs, qid: str | None) -> str:
    """A comparison table's cell of the council's words. Given the question (`qs`,
    `qid`), a statement that also answers other questions says which."""
    marks = "".join(incomplete.mark(n) for n in incomplete.notes_for(row.entry, row.answers))
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
            out.append(paragraphs(a.text))
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
        out.append(f' data-sort="{h(sort_key(sort_number))}"')
        if str(sort_group) != "0":  # the tables' script counts a cell without one in group 0
            out.append(f' data-sort-group="{h(sort_group)}"')
    out.append(">")
    several = len(items) > 1
    for v, comp in items:
        out.append(f"<div>{h(format_value(v))}" if several else h(format_value(v)))
        if comp and comp.converted:
            out.append(f' <span class="foilog-converted">{comp.sign} {h(comp.words)}</span>')
        if several:
            out.append("</div>")
    out.append("</td>")
    return "".join(out)


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
            found = (entry, f'<tr class="foilog-row--{h(entry.response.reuse.terms)}">\n<th scope="row">'
                            f'<a href="{h(href)}', f'">{name}</a></th>\n')
            if top:
                starts[id(entry)] = found
        _, start, end = found
        out.append(f"{start}{anchor if top else ''}{end}{_outcome_cell(row, outcome_rank(row), True)}\n"
                   f"{_words_cell(row, settings, qs, qid)}\n{_value_cell(column, row, qid)}\n"
                   f"{reuse_cell(entry.response.reuse.terms)}\n</tr>\n")
    return Markup("".join(out))


def topic_rows_html(rows, column, settings, page_url: str) -> Markup:
    """Every council's answer to every question of a topic (`rows` are
    analysis.topic_comparison_rows), a row each, each ending a line."""
    out = []
    for t in rows:
        row, qs, q = t.row, t.question_set, t.question
        entry = row.entry
        name, title, named = h(entry.council.nice_name), h(qs.title), h(analysis.label(q, qs))
        out.append(f'<tr class="foilog-row--{h(entry.response.reuse.terms)}">\n'
                   f'<th scope="row"><a href="{h(relative(page_url, council_url(entry.council)))}">'
                   f"{name}</a></th>\n"
                   f'<td data-sort="{h(qs.year_sent or "")}">{h(qs.year_sent or "not known")}</td>\n'
                   f'<td data-sort="{title} {named}"><a href="{h(relative(page_url, response_url(entry) + "#" + q.id))}">'
                   f'{named}</a><br><span class="foilog-muted">{title}</span></td>\n'
                   f"{_outcome_cell(row, outcome_rank(row), False)}\n{_words_cell(row, settings, None, None)}\n"
                   f"{_value_cell(column, row, q.id)}\n{reuse_cell(entry.response.reuse.terms)}\n</tr>\n")
    return Markup("".join(out))


def outcome_matrix_rows(entries, qs, page_url: str) -> Markup:
    """A question set's table of outcomes: a row per council, a cell per question, each
    row ending a line."""
    questions = [q.id for q in qs.all_questions()]
    out = []
    for entry in entries:
        href = relative(page_url, response_url(entry))
        whole = incomplete.short_mark(incomplete.notes_for(entry, ()))
        out.append(f'<tr class="foilog-row--{h(entry.response.reuse.terms)}"><th scope="row"><a href="{h(href)}">'
                   f"{h(entry.council.nice_name)}</a>{'<br>' + whole if whole else ''}</th>"
                   f"{reuse_cell(entry.response.reuse.terms)}")
        for qid in questions:
            found = analysis.answers_to(entry, qid)
            badges = "".join(badge(analysis.resolved_outcome(entry, a)) for a in found) if found else badge("no_answer")
            own = incomplete.short_mark([a.incomplete_copy for a in found if a.incomplete_copy])
            out.append(f"<td>{badges}{' ' + own if own else ''}</td>")
        out.append("</tr>\n")
    return Markup("".join(out))


def deadline_rows(entries, deadline, page_url: str) -> Markup:
    """A question set's table of deadlines: a row per council's reply, each ending a line.
    `deadline` gives a reply's deadline."""
    out = []
    for e in entries:
        d = deadline(e)
        name = h(e.council.nice_name)
        href = relative(page_url, response_url(e))
        taken = d.working_days_taken
        late = f" by {h(d.working_days_late)} working day{plural(d.working_days_late)}" if d.working_days_late else ""
        out.append(f'<tr><th scope="row"><a href="{h(href)}">{name}</a></th>'
                   f'<td data-sort="{h(d.received or "")}">{h(format_date(d.received))}</td>'
                   f'<td data-sort="{h(d.responded or "")}">{h(format_date(d.responded))}</td>'
                   f'<td data-sort="{h(d.due or "")}">{h(format_date(d.due)) if d.due else "—"}</td>'
                   + (f'<td>{h(taken)}</td>' if taken is not None else "<td>—</td>")
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
                   f"<td>{h(format_date(r.dates.responded))}</td><td>{h(r.reference or '—')}</td>"
                   f"<td>{deadline_mark(d)}{taken}</td><td>{badge(r.outcome)}</td><td>{reuse_mark(r.reuse)}</td></tr>\n")
    return Markup("".join(out))
