"""Personal data in free text: a named person's email address or phone number, written in
the council's words or a contributor's note, and the site's words in its place.

The rule is written here once. It is applied to each response file's raw data as the file
is read, before the model is built (catalogue.read_responses), so every page, the search
index, the feed, the downloads and the nothing-lost check see the same withheld words, and
`foilog validate` warns of each at its line and column. Contacts given as data in
`contacts` are withheld by their own rule (models.Contact.withheld_by_site).

What is personal:
- an email address whose mailbox is not an organisation's or a team's (a role word such
  as foi, info, requests, enquiries, team or services anywhere in it makes it one);
- a mobile number (07..., +44 7..., +44 (0)7...);
- a number with an extension (0116 454 1000 ext 2345, the extension withheld with it);
- a landline that one of the file's named contacts lists, or that is labelled as a direct
  line, DDI, mobile or extension, or that sits beside a personal email address.
03, 08 and 09 numbers, and other landlines, are organisations' lines and stay, as does
anything the file gives for a team's contact (one that is not a named person's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pydantic import ValidationError

from generator.load.freetext import WORDS, fields_of
from generator.load.models import Contact, Response
from generator.common.problems import Problem

WITHHELD_NOTICE = "withheld by this site (personal data)"

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

# Between two digits of a number: a space (or a line break: a number may be folded over
# two lines), dot or hyphen, and a closing bracket.
_SEP = r"[\s.\-]?\)?[\s.\-]?"
_GAP = r"[\s.\-]?"
PHONE_RE = re.compile(
    r"(?<![\w+./-])"  # not the tail of another number or word
    r"(?:(?:\+|00)44" + _GAP + r"(?:\(0\)" + _GAP + r")?|\(?0)"
    r"\d(?:" + _SEP + r"\d){8,11}"
    r"(?![\w/-]|\.\d)"  # nor its head
)
MOBILE_RE = re.compile(r"07\d{8,9}")
# Numbers that are never one person's line: non-geographic (03), freephone and special
# rate (08, 09).
ORGANISATION_LINE_RE = re.compile(r"0[389]\d+")

# A label before a landline that makes it one person's.
_LABEL_BEFORE = re.compile(r"(?i)\b(?:direct(?:\s+(?:line|dial|tel(?:ephone)?|number))?|d\.?d\.?i|mob(?:ile)?|"
                           r"ext(?:ension|n)?|my\s+(?:phone|number|line))\b\W{0,3}$")
# An extension after a number: the number and the extension reach one person.
_EXTENSION = re.compile(r"(?i)[ \t\u00a0]*,?[ \t\u00a0]*\(?(?:ext(?:ension|n)?\.?|x)[ \t\u00a0]*\d{1,6}\)?(?!\w)")
_LABEL_AFTER = re.compile(r"(?i)^\s*\(\s*(?:direct(?:\s+line|\s+dial)?|ddi|mob(?:ile)?|ext(?:ension)?)\b")
LABEL_REACH = 30  # characters before a number in which a label counts
EMAIL_REACH = 60  # characters between a personal email address and a number beside it

# A mailbox with any of these words in its name is an organisation's or a team's.
ROLE_WORDS = frozenset({
    "foi", "foia", "eir", "sar", "dpo", "ico", "hr", "it", "ict", "send", "ehcp", "gov", "web", "press", "media",
    "news", "comms", "council", "duty", "legal", "mail", "help",
})
# ...or with any of these inside a word of it (sendteam@, infogov@, customerservices@).
ROLE_STEMS = ("info", "enquir", "request", "team", "casework", "customer", "service", "complaint", "governance",
              "admin", "support", "contact", "office", "helpdesk", "mailbox", "reception", "records", "privacy",
              "protection", "compliance", "noreply", "school", "education", "planning", "housing", "highway",
              "finance", "payroll", "licens", "parking", "waste", "librar", "admission", "transport",
              "safeguard", "democratic", "election", "communication", "digital", "recruit", "career", "benefit",
              "revenue", "children", "adult", "famil", "social", "commission", "contract", "procure", "audit",
              "insurance", "pension", "registr", "emergenc", "review", "appeal", "tribunal", "partnership")


def is_personal_mailbox(email: str) -> bool:
    """True when an address's mailbox looks like a person's (joe.dawson@, j.smith@,
    jdawson@): it has no role word in it."""
    local = email.rsplit("@", 1)[0].lower()
    words = [w for w in re.split(r"[^a-z]+", local) if w]
    return not any(w in ROLE_WORDS or any(stem in w for stem in ROLE_STEMS) for w in words)


def national_number(written: str) -> str | None:
    """A phone number as its digits in the national form (0 and 10 more digits or 9
    more), or None when what is written is not a UK phone number."""
    digits = re.sub(r"\D", "", written)
    head = written.lstrip("(")
    if head.startswith("+"):
        digits = digits[2:]
    elif head.startswith("00"):
        digits = digits[4:]
    if head.startswith(("+", "00")):
        digits = "0" + digits.removeprefix("0")  # +44 (0)7...: the 0 written in brackets
    if len(digits) not in (10, 11) or digits[1] == "0":
        return None
    return digits


# --- which fields are free text -------------------------------------------------------------

# A contact's own email and phone are data, withheld by the contacts rule.
_NOT_FREE_TEXT = frozenset({(Contact, "email"), (Contact, "phone")})


def free_text_fields() -> dict[str, Any]:
    """The fields of a response file that hold words, as freetext.fields_of gives them."""
    return fields_of(Response, _NOT_FREE_TEXT)


@dataclass
class _Field:
    """One free-text value of a file's raw data, and where it is."""

    holder: dict | list
    key: str | int
    loc: tuple
    text: str


def _may_hold(text: str) -> bool:
    """False when a text cannot hold an email address or phone number: a quick test."""
    return "@" in text or "0" in text or "+" in text


def _free_texts(data: dict, fields: dict[str, Any], loc: tuple, out: list[_Field]) -> list[_Field]:
    """The free-text values in raw data shaped as `fields` say that may hold a detail."""
    for name, value in data.items():  # a file gives fewer keys than its model has
        kind = fields.get(name)
        if kind is None:
            continue
        items = enumerate(value) if isinstance(value, list) else None
        if kind is WORDS:
            if isinstance(value, str):
                if _may_hold(value):
                    out.append(_Field(data, name, loc + (name,), value))
            elif items is not None:
                out += [_Field(value, i, loc + (name, i), item) for i, item in items
                        if isinstance(item, str) and _may_hold(item)]
        elif isinstance(value, dict):
            _free_texts(value, kind, loc + (name,), out)
        elif items is not None:
            for i, item in items:
                if isinstance(item, dict):
                    _free_texts(item, kind, loc + (name, i), out)
    return out


def _contacts(data: Any) -> Iterator[Contact]:
    """The file's contacts that fit the model, for the request and in its answers."""
    if not isinstance(data, dict):
        return
    answers = data.get("answers") if isinstance(data.get("answers"), list) else []
    for holder in [data] + [a for a in answers if isinstance(a, dict)]:
        for raw in holder.get("contacts") if isinstance(holder.get("contacts"), list) else []:
            try:
                yield Contact.model_validate(raw)
            except ValidationError:
                continue


# --- what is personal ------------------------------------------------------------------------


@dataclass(frozen=True)
class Detail:
    """A named person's email address or phone number found in a free-text field."""

    loc: tuple
    written: str
    kind: str  # "email address" or "phone number"


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    written: str
    key: str  # the address in lower case, or the number's national digits
    kind: str


def _found_in(text: str) -> list[_Found]:
    found = []
    if "@" in text:
        found += [_Found(m.start(), m.end(), m.group(), m.group().lower(), "email address")
                  for m in EMAIL_RE.finditer(text)]
    if "0" in text or "+" in text:
        for m in PHONE_RE.finditer(text):
            # The longest number the digits begin with, ending where a group of digits
            # does: "07700 900456 2" is a mobile and a figure after it.
            for end in range(m.end(), m.start(), -1):
                if text[end - 1].isdigit() and (end == m.end() or not text[end].isdigit()):
                    number = national_number(text[m.start():end])
                    if number is not None:
                        extension = _EXTENSION.match(text, end)
                        if extension:
                            end = extension.end()
                            number += "x" + re.sub(r"\D", "", extension.group())
                        found.append(_Found(m.start(), end, text[m.start():end], number, "phone number"))
                        break
    # A number that is an address's mailbox (07700900456@sms...) is part of the address.
    kept: list[_Found] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if not kept or f.start >= kept[-1].end:
            kept.append(f)
    return kept


def _labelled(text: str, phone: _Found) -> bool:
    before = text[max(0, phone.start - LABEL_REACH):phone.start].rsplit("\n", 1)[-1]
    return bool(_LABEL_BEFORE.search(before) or _LABEL_AFTER.match(text[phone.end:phone.end + 20]))


def _beside(text: str, phone: _Found, emails: list[_Found]) -> bool:
    for email in emails:
        gap = text[email.end:phone.start] if email.end <= phone.start else text[phone.end:email.start]
        if len(gap) <= EMAIL_REACH and "\n" not in gap:
            return True
    return False


def _personal_keys(fields: list[tuple[_Field, list[_Found]]], contacts: list[Contact]) -> set[str]:
    """The addresses and numbers, anywhere in the file's free text, that reach a named
    person: each is withheld wherever the file writes it, so that words quoted from an
    answer still match it."""
    team, named = set(), set()
    for contact in contacts:
        keys = {contact.email.lower()} if contact.email else set()
        keys |= {f.key for f in _found_in(contact.phone or "") if f.kind == "phone number"}
        (named if contact.is_individual else team).update(keys)
    personal = set()
    for field, found in fields:
        emails = [f for f in found if f.kind == "email address" and is_personal_mailbox(f.key)]
        personal.update(e.key for e in emails)
        for phone in (f for f in found if f.kind == "phone number"):
            if MOBILE_RE.fullmatch(phone.key) or "x" in phone.key or (
                    not ORGANISATION_LINE_RE.match(phone.key)
                    and (phone.key in named or _labelled(field.text, phone) or _beside(field.text, phone, emails))):
                personal.add(phone.key)
    return personal - team


def withhold(data: Any, publish_personal_contacts: bool = False) -> list[Detail]:
    """Every named person's email address and phone number in the free text of a
    response file's raw data; each replaced there by WITHHELD_NOTICE unless the site
    publishes personal contacts."""
    if not isinstance(data, dict):
        return []
    fields = [(f, _found_in(f.text)) for f in _free_texts(data, free_text_fields(), (), [])]
    fields = [(f, found) for f, found in fields if found]
    if not fields:
        return []
    personal = _personal_keys(fields, list(_contacts(data)))
    details = []
    for field, found in fields:
        mine = [f for f in found if f.key in personal]
        details += [Detail(field.loc, f.written, f.kind) for f in mine]
        if mine and not publish_personal_contacts:
            text, parts, at = field.text, [], 0
            for f in mine:
                parts += [text[at:f.start], WITHHELD_NOTICE]
                at = f.end
            field.holder[field.key] = "".join(parts) + text[at:]
    return details


# --- warnings ---------------------------------------------------------------------------------


def _located(lines: list[str], start: tuple[int, int], stop: int, written: str) -> tuple[int, int] | None:
    """Where `written` is first written in the file at or after `start` (line, column
    from 1) and before line `stop`, or None when the value does not have it as it is
    (split over lines, escaped)."""
    line, column = start
    for i in range(line - 1, min(stop - 1, len(lines))):
        at = lines[i].find(written, column - 1 if i == line - 1 else 0)
        if at >= 0:
            return i + 1, at + 1
    return None


def warnings(doc, details: list[Detail], source: Path, publish_personal_contacts: bool) -> list[Problem]:
    """A warning for each detail, at the line and column the file writes it."""
    if not details:
        return []
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        lines = []
    if publish_personal_contacts:
        said = "the site publishes it, as `publish_personal_contacts` is true"
    else:
        said = f"the site shows it as \"{WITHHELD_NOTICE}\""
    # A value's text ends before the line the next value starts on.
    starts = sorted({doc.position(loc)[0] for loc in doc.positions})
    problems, after = [], {}
    for d in details:
        start = after.get(d.loc) or doc.position(d.loc)
        stop = next((n for n in starts if n > doc.position(d.loc)[0]), len(lines) + 1)
        line, column = _located(lines, start, stop, d.written) or doc.position(d.loc)
        after[d.loc] = (line, column + len(d.written))
        problems.append(Problem(
            doc.path, line, column, f"a named person's {d.kind} is in free text: {d.written}",
            f"{said}; if it is a team's or the organisation's, list it in `contacts` with `team` "
            "and no `name` to publish it", "warning"))
    return problems
