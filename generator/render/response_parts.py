"""The parts of a response's page that templates/response.md.j2 puts together: the re-use
notice, the table of facts, and the questions with the council's answers, block by block.

A log of 10,000 responses has 10,000 of these pages and 100,000 answers on them: the parts
are f-strings (see fragments.py), and a question as the pages of the replies to its set
show it is made once per build (`_question_part`)."""

from __future__ import annotations

from markupsafe import Markup

from generator.analyse import analysis
from generator.render import partial as incomplete
from generator.render.fragments import badge, contact, deadline_mark, h, options, paragraphs, plural, reuse_mark, \
    sections_cited
from generator.common.escape import md_inline
from generator.analyse.formatting import (OGL_DEFAULT_ATTRIBUTION, OGL_URL, council_url, format_date, format_value,
                                          question_url, response_url, set_url)


def reuse_notice(entry) -> Markup:
    """The re-use terms at the head of a response's page: the Open Government Licence,
    restricted (not open data), or not stated; with the council's own words."""
    reuse = entry.response.reuse
    # Left out of search (data-pagefind-ignore), as are the facts and the questions below:
    # every reply's page says the same, and only the council's words should find it.
    out = [f'<aside class="foilog-notice foilog-notice--{h(reuse.terms)}" aria-label="Re-use terms" '
           'data-pagefind-ignore>\n']
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
        out.append(f'<blockquote class="foilog-words">{paragraphs(reuse.wording)}</blockquote>\n')
    out.append("</aside>")
    return Markup("".join(out))


def deadline_working(d) -> Markup:
    """How a deadline was worked out, step by step, folded away. The days it leaves out
    are counted and its holidays named in the explanation; each weekend's dates are not
    listed, which anyone can see on a calendar."""
    return Markup(f'<details class="foilog-working"><summary>How this was worked out</summary>\n'
                  f'<p>{h(d.explanation)}</p>\n</details>')


def facts(entry, rel, d) -> Markup:
    """The table of facts about a reply: who, which request, when, on time or not (`d`, its
    deadline), the outcome, the re-use terms and where it came from."""
    r, qs, council = entry.response, entry.question_set, entry.council
    out = ['<table class="foilog-facts" data-pagefind-ignore>\n<caption>About this response</caption>\n<tbody>\n'
           f'<tr><th scope="row">Council</th><td><a href="{h(rel(council_url(council)))}">{h(council.official_name)}'
           '</a></td></tr>\n'
           f'<tr><th scope="row">Question set</th><td><a href="{h(rel(set_url(qs)))}">{h(qs.title)}</a></td></tr>\n'
           f'<tr><th scope="row">Council\'s reference</th><td>{h(r.reference or "not given")}</td></tr>\n']
    if r.subject:
        out.append(f'<tr><th scope="row">Subject</th><td>{h(r.subject)}</td></tr>')
    out.append(f'<tr><th scope="row">Received</th><td>{h(format_date(r.dates.received))}</td></tr>\n'
               f'<tr><th scope="row">Responded</th><td>{h(format_date(r.dates.responded))}</td></tr>\n')
    for e in r.dates.events:
        out.append(f'<tr><th scope="row">{h(str(e.event).replace("_", " ").capitalize())}</th>'
                   f'<td>{h(format_date(e.date))}')
        if e.due:
            out.append(f" (new due date {h(format_date(e.due))})")
        if e.note:
            out.append(f": {h(e.note)}")
        out.append("</td></tr>\n")
    out.append(f'<tr><th scope="row">Deadline</th><td>{deadline_mark(d)}')
    if d.due:
        out.append(f" Due {h(format_date(d.due))} ({h(d.limit)} working days under {h(d.legislation)})")
    if d.working_days_taken is not None:
        out.append(f"; replied after {h(d.working_days_taken)} working day{plural(d.working_days_taken)}")
    if d.working_days_late:
        out.append(f", {h(d.working_days_late)} working day{plural(d.working_days_late)} late")
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
    out.append("</tbody>\n</table>")
    return Markup("".join(out))


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
        out.append(f' <span class="foilog-sections">Sections cited: {sections_cited(answer.sections)}</span>\n')
    out.append("</p>\n")
    if answer.incomplete_copy:
        out.append(incomplete.mark(answer.incomplete_copy) + "\n")
    if answer.see:
        here = response_url(entry)
        links = ", ".join(f'<a href="{h(rel(here + "#" + qid))}">{h(analysis.label(analysis.question_by_id(qs, qid), qs))}</a>'
                          for qid in answer.see)
        out.append(f"<p>Refers to the answer to {links}.</p>\n")
    if answer.redirect_to:
        out.append(f"<p>Redirected to: {_bodies(answer.redirect_to)}</p>\n")
    if answer.text:
        out.append(f'<blockquote class="foilog-words">{paragraphs(answer.text)}</blockquote>\n')
    if answer.outcome == "in_attachment":
        out.append(f"<p>The answer is only in the attachment “{h(answer.attachment)}”; it has not been transcribed.</p>\n")
    for c in answer.contacts:
        out.append(f"{contact(c, settings, entry.council.official_name)}\n")
    if answer.values:
        several = len(answer.questions) > 1
        read = []
        for v in answer.values:
            part = f"{h(analysis.label(analysis.question_by_id(qs, v.question), qs))}: " if several else ""
            part += f"<strong>{h(format_value(v))}</strong>"
            if v.quote:
                part += f" (from “{h(v.quote)}”)"
            read.append(part)
        out.append(f'<p class="foilog-values" data-pagefind-ignore>Read as: {"; ".join(read)}</p>\n')
    if answer.note:
        out.append(f'<p class="foilog-note">Note: {h(answer.note)}</p>\n')
    out.append("</div>")
    return "".join(out)


def _question_part(qs, q, href: str) -> str:
    """A question as a response's page shows it, linking to its comparison at `href`. The
    same on the page of every council's reply to the set: made once per build."""
    cache = analysis.pieces(qs)
    key = ("question", q.id, href)
    found = cache.get(key)
    if found is None:
        out = ['<div class="foilog-question" data-pagefind-ignore>']
        if getattr(q, "heading", None):
            out.append(f'<p class="foilog-question__heading">{h(q.heading)}</p>')
        out.append(f'{paragraphs(q.text)}{options(q)}<p class="foilog-question__links"><a href="'
                   f'{h(href)}">Compare every council\'s answer to {h(analysis.label(q, qs))}</a></p></div>\n')
        found = cache[key] = "".join(out)
    return found


def _block_head(qs, block, top: str) -> str:
    """A block's heading and questions: the same on the page of every reply to the set
    that answers the same run of questions in one block, so made once per build."""
    heading = md_inline(analysis.label(block.questions[0], qs))
    if len(block.questions) > 1:
        heading = f"{heading} to {md_inline(analysis.label(block.questions[-1], qs))}"
    out = [f"### {heading} {h('{#' + block.anchor + '}')}\n\n<div class=\"foilog-block\">\n"]
    for i, q in enumerate(block.questions):
        if i:
            out.append(f'<span id="{h(q.id)}"></span>')
        out.append(_question_part(qs, q, top + question_url(qs, q.id)))
    return "".join(out)


def response_blocks_html(entry, blocks, rel, settings) -> Markup:
    """A response's questions and answers, block by block (`blocks` are
    analysis.response_blocks(entry)): a heading naming the question (or the run of
    questions one statement answers), the questions, then the answers."""
    qs = entry.question_set
    top = rel("")  # a response's page is under councils/, a question's is not
    heads = analysis.pieces(qs).setdefault(("block heads", top), {})
    out = []
    for block in blocks:
        first = block.questions[0]
        key = (block.anchor, *map(id, block.questions))
        head = heads.get(key)
        if head is None:
            head = heads[key] = _block_head(qs, block, top)
        out.append(head)
        for answer in block.answers:
            earlier = block.earlier_anchor(answer) if block.earlier else None
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
