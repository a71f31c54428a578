"""Realistic synthetic content for the benchmark: many batch requests over many years.

`make_content(folder, responses)` writes question sets, responses and topics under
`folder/content/`, valid under the project's model. It uses the council register the
generator ships with: each question set is meant for a real audience (England's education
authorities, every English council, every principal council in the UK) on the day it was
sent, and 70 to 95 per cent of the authorities that existed that day reply. Each response
has ten answers with varied outcomes, the sections cited, values read from the words,
redirects, contacts, dates and re-use terms, like transcribed replies.

The same arguments always write the same files (a fixed random seed).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.analyse.coverage import councils_meant_for
from generator.load.models import Audience
from generator.load.register import load_register
from generator.load.succession import last_day

AUDIENCES = [
    ("Education authorities in England",
     {"nations": ["England"], "types": ["county", "unitary", "metropolitan_district", "london_borough",
                                        "city_corporation"]}),
    ("Every council in England",
     {"nations": ["England"], "types": ["county", "unitary", "metropolitan_district", "london_borough",
                                        "city_corporation", "non_metropolitan_district"]}),
    ("Principal councils in the UK",
     {"types": ["county", "unitary", "metropolitan_district", "london_borough", "city_corporation",
                "non_metropolitan_district", "scottish_unitary", "welsh_unitary", "ni_district"]}),
]

SUBJECTS = [
    ("Occupational therapy in EHCPs", "occupational therapy for children with Education, Health and Care Plans"),
    ("Home to school transport", "transport for pupils with special educational needs"),
    ("Temporary accommodation", "households placed in temporary accommodation"),
    ("Pothole repairs", "reports of potholes and the time taken to repair them"),
    ("Children's social care agency staff", "agency social workers in children's services"),
    ("Adult social care waiting lists", "assessments for adult social care"),
    ("Council tax enforcement", "bailiff referrals for council tax arrears"),
    ("Library opening hours", "public library opening hours and staffing"),
    ("Fly-tipping enforcement", "fly-tipping incidents, fines and prosecutions"),
    ("Empty homes", "long-term empty homes and the premium charged"),
    ("Elective home education", "children registered as electively home educated"),
    ("Playground maintenance", "inspections and repairs of council playgrounds"),
]

WORDS = (
    "the council holds this information for the period requested and it is provided below in the format "
    "held by the service area concerned following a search of its case management system and records "
    "maintained by the team responsible for commissioning and performance monitoring across the authority "
    "figures are correct at the time of extraction and may change as records are updated or cleansed "
    "please note that the service was restructured during the year and some data was recorded differently"
).split()

REVIEW = (
    "If you are dissatisfied with the handling of your request you have the right to ask for an internal "
    "review. Internal review requests should be submitted within 40 working days of the date of receipt of "
    "this response and should be addressed to the Information Governance Team. If you are not content with "
    "the outcome of the internal review, you have the right to apply directly to the Information "
    "Commissioner for a decision."
)

REUSE_WORDING = (
    "The information supplied to you continues to be protected by copyright. You are free to use it for "
    "your own purposes, including for private study and non-commercial research, and for any other purpose "
    "authorised by an exception in current copyright law. Any other re-use requires the permission of the "
    "copyright holder."
)

OUTCOMES = ["answered"] * 11 + ["partially_answered", "not_held", "not_held", "refused", "redirected",
                                "see_other_answer", "not_applicable"]
REFUSALS = [["12"], ["40(2)"], ["43(2)"], ["31(1)(a)"], ["21"], ["40(2)", "43(2)"]]

# Question kinds, with the unit of the value read from an answer.
KINDS = [("number", "count"), ("duration", "weeks"), ("money", "gbp"), ("percentage", "percent"),
         ("yes_no", None), ("number", "count"), ("duration", "days"), ("text", None), ("number", "hours")]


# The most question sets one topic joins (see make_content).
TOPIC_SETS = 4


def _subject(index: int) -> int:
    """Requests come in pairs on one subject: the same request repeated a few years on."""
    return (index // 2) % len(SUBJECTS)


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _question_set(rng: random.Random, index: int, sent: dt.date) -> tuple[dict, list[tuple[str, str, str | None]]]:
    """A question set of nine questions and one with two parts; the questions with their kind and unit."""
    title, about = SUBJECTS[_subject(index)]
    set_id = f"{title.lower().replace(' ', '-').replace(chr(39), '')}-{sent.year}-{index:03d}"
    questions, flat = [], []
    for i in range(1, 10):
        kind, unit = KINDS[(i + index) % len(KINDS)]
        q = {"id": f"q{i}", "number": str(i),
             "text": f"Please state, for {about}, {_sentence(rng, rng.randint(8, 25)).lower()}",
             "kind": kind}
        if i in (3, 4):
            q["heading"] = "Commissioning" if i == 3 else "Costs"
        questions.append(q)
        flat.append((q["id"], kind, unit))
    questions.append({"id": "q10", "number": "10", "kind": "contact",
                      "text": "Who is the officer responsible for this service?",
                      "parts": [{"id": "q10a", "number": "a", "text": "Name and job title", "kind": "text"},
                                {"id": "q10b", "number": "b", "text": "Email address", "kind": "text"}]})
    flat.append(("q10", "contact", None))
    return {"id": set_id, "title": f"{title} {sent.year}", "sent": sent.isoformat(),
            "description": f"A batch request about {about}, sent in {sent.year}.",
            "source_url": f"https://www.whatdotheyknow.com/request/{set_id}",
            "questions": questions}, flat


def _value(rng: random.Random, kind: str, unit: str | None, text: str) -> tuple[str, dict | None]:
    """The answer's words with a figure in them, and the value read from it."""
    if kind == "yes_no":
        yes = rng.random() < 0.5
        quote = "Yes" if yes else "No"
        return f"{quote}. {text}", {"yes_no": yes, "quote": quote}
    if unit is None:
        return text, None
    number = rng.choice([rng.randint(0, 40), rng.randint(40, 900), round(rng.uniform(1, 500), 2)])
    if unit == "percent":
        number = rng.randint(0, 100)
    shown = f"{number:,}" if isinstance(number, int) else f"{number:,.2f}"
    words = {"count": f"{shown} cases", "weeks": f"{shown} weeks", "days": f"{shown} days",
             "gbp": f"£{shown}", "percent": f"{shown}%", "hours": f"{shown} hours"}[unit]
    value = {"number": number, "unit": unit, "quote": words}
    if unit == "count":
        value["counting"] = "cases"
    if rng.random() < 0.2:
        value["qualifier"] = rng.choice(["about", "average", "fewer_than"])
    if rng.random() < 0.3:
        value["period"] = rng.choice(["2021/22", "past 12 months", "financial year"])
    return f"{text} The figure is {words}.", value


def _response(rng: random.Random, council, qs: dict, flat, sent: dt.date, until: dt.date) -> dict:
    """One council's reply, every date of it on or before `until` (today, or the council's
    last day: a reply after that came from its successor)."""
    received = min(sent + dt.timedelta(days=rng.randint(0, 3)), until)
    responded = min(received + dt.timedelta(days=rng.randint(5, 45)), until)
    terms = rng.choice(["ogl", "ogl", "restricted", "not_stated"])
    reuse: dict = {"terms": terms}
    if terms == "ogl":
        reuse["wording"] = "You may re-use this information under the Open Government Licence v3.0."
    elif terms == "restricted":
        reuse["wording"] = REUSE_WORDING
    answers, outcomes = [], []
    for qid, kind, unit in flat:
        outcome = rng.choice(OUTCOMES)
        if qid == "q1" and outcome == "see_other_answer":
            outcome = "answered"
        text = _sentence(rng, rng.randint(12, 60))
        answer: dict = {"questions": [qid] if qid != "q10" else ["q10a", "q10b"], "outcome": outcome}
        if outcome in ("answered", "partially_answered") and kind != "contact":
            text, value = _value(rng, kind, unit, text)
            if value is not None:
                answer["values"] = [value]
        if outcome == "partially_answered":
            answer["sections"] = ["12"]
        elif outcome == "not_held":
            answer["sections"] = ["1(1)"]
        elif outcome == "refused":
            answer["sections"] = list(rng.choice(REFUSALS))
        elif outcome == "redirected":
            answer["redirect_to"] = [{"name": f"{council.nice_name} Integrated Care Board",
                                      "url": "https://www.england.nhs.uk/integrated-care/"}]
        elif outcome == "see_other_answer":
            answer["see"] = ["q1"]
            text = "Please see the response to question 1."
        if kind == "contact" and outcome in ("answered", "partially_answered"):
            if rng.random() < 0.5:
                answer["contacts"] = [{"name": "A. Officer", "role": "Head of Service",
                                       "email": f"officer@{council.code.lower()}.gov.uk", "phone": "01234 567890"}]
            else:
                answer["contacts"] = [{"team": "Commissioning Team", "individual": False,
                                       "email": f"commissioning@{council.code.lower()}.gov.uk"}]
            text = "The contact details are below."
        answer["text"] = text
        if "values" in answer:  # keys in a contributor's usual order: words before values
            answer["values"] = answer.pop("values")
        answers.append(answer)
        outcomes.append(outcome)
    held = sum(o in ("answered", "partially_answered") for o in outcomes)
    overall = "successful" if held == len(outcomes) else "partially_successful" if held else "not_held"
    response = {
        "council": council.code,
        "question_set": qs["id"],
        "legislation": "FOISA" if council.nation == "Scotland" else "FOIA",
        "reference": f"FOI{rng.randint(100000, 999999)}",
        "subject": f"Freedom of Information request: {qs['title']}",
        "dates": {"received": received.isoformat(), "responded": responded.isoformat()},
        "outcome": overall,
        "reuse": reuse,
        "source": {"url": f"{qs['source_url']}-{council.code.lower()}", "via": "WhatDoTheyKnow"},
        "introduction": f"Thank you for your request for information about {qs['title'].lower()}.",
        "answers": answers,
        "contacts": [{"team": "Information Governance Team", "organisation": council.official_name,
                      "email": f"foi@{council.code.lower()}.gov.uk", "individual": False,
                      "address": f"{council.official_name}\nCouncil Offices\nHigh Street"}],
        "closing": REVIEW,
    }
    if rng.random() < 0.1:
        response["dates"]["events"] = [{"date": min(received + dt.timedelta(days=2), until).isoformat(),
                                        "event": "acknowledged"}]
    return response


def _dump(data: dict, path: Path, schema: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False,
                     allow_unicode=True, width=100)
    path.write_text(f"# yaml-language-server: $schema=../../{schema}\n{text}", encoding="utf-8")


def make_content(folder: Path, responses: int, seed: int = 7,
                 today: dt.date = dt.date(2026, 1, 1)) -> dict:
    """Write about `responses` response files (and the question sets and topics they need)
    under folder/content; returns counts of what was written."""
    rng = random.Random(seed)
    register = load_register()
    content = folder / "content"
    written = 0
    index = 0
    by_subject: dict[int, list[str]] = {}
    while written < responses:
        year = 2012 + (index * 7) % 13
        sent = dt.date(year, 1 + (index * 5) % 12, 1 + (index * 11) % 27)
        description, filters = AUDIENCES[index % len(AUDIENCES)]
        audience = {"description": description, **filters}
        qs, flat = _question_set(rng, index, sent)
        qs["sent_to"] = audience
        _dump(qs, content / "question-sets" / f"{qs['id']}.yaml", "schema/question-set.schema.json")
        by_subject.setdefault(_subject(index), []).append(qs["id"])
        meant = councils_meant_for(register, Audience(**filters), sent)
        share = rng.uniform(0.7, 0.95)
        chosen = [c for c in meant if rng.random() < share][: responses - written]
        for council in chosen:
            last = last_day(council, register)
            resp = _response(rng, council, qs, flat, sent, min(today, last) if last else today)
            _dump(resp, content / "responses" / council.slug / f"{qs['id']}.yaml",
                  "../schema/response.schema.json")
        written += len(chosen)
        index += 1
    topics = topic_groups(by_subject)
    for topic in topics:
        _dump({"id": topic.id, "title": topic.title,
               "questions": [{"question_set": i, "question": "q1"} for i in topic.question_sets]},
              content / "topics" / f"{topic.id}.yaml", "schema/topic.schema.json")
    return {"responses": written, "question_sets": index, "topics": len(topics)}


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    question_sets: list[str]


def topic_groups(by_subject: dict[int, list[str]]) -> list[Topic]:
    """The topics joining each subject's question sets, at most
    TOPIC_SETS each: past 10,000 responses the subjects come round again and again, and one
    topic of every set of a subject (33 of them at 100,000) would be a page no real log has.
    A run of one set joins nothing and is left out."""
    topics = []
    for subject, ids in sorted(by_subject.items()):
        base_id = SUBJECTS[subject][0].lower().replace(" ", "-").replace("'", "") + "-figures"
        for part, start in enumerate(range(0, len(ids), TOPIC_SETS), start=1):
            joined = ids[start:start + TOPIC_SETS]
            if len(joined) < 2:
                continue
            topic_id, title = base_id, f"{SUBJECTS[subject][0]}: the figures"
            if part > 1:
                topic_id, title = f"{base_id}-{part}", f"{title}, part {part}"
            topics.append(Topic(topic_id, title, joined))
    return topics
