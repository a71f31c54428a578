"""The typed model of every content file.

One model per kind of file: a question set (one batch request sent to many councils) and
a response (one council's reply to one question set). The same classes validate content,
produce the JSON Schema that editors use, and the field reference in CONTRIBUTING.md.
Rules that need more than one field, or other files, live in `checks.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from generator.load.vocabulary import (ResponseOutcome, AnswerOutcome, QuestionKind, Unit, Qualifier, EventKind,
                                        ReuseTerms, Legislation, Nation, AuthorityType)

# --- value types -------------------------------------------------------------------------

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLUG_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_RE = _SLUG_RE  # what an id is written as, for checks that leave other values to the model
SECTION_RE = r"^(EIR |FOISA )?\d{1,3}[A-Z]?(\([0-9]{1,2}[A-Z]?\))*(\([a-z]{1,4}\))*$"
_URL_RE = r"^https?://[^\s<>\"'`\x00-\x1f\x7f]+$"


def _parse_date(value: Any) -> Any:
    """Dates are written YYYY-MM-DD; anything else is refused with an example."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE_RE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"date_impossible:{value}") from None
    raise ValueError(f"date_format:{value}")


def _number_to_text(value: Any) -> Any:
    """A whole number written without quotes where text is expected loses nothing."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Date = Annotated[
    dt.date,
    BeforeValidator(_parse_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    Field(json_schema_extra={"type": "string", "format": "date", "examples": ["2023-01-09"]}),
]
Slug = Annotated[str, Field(pattern=_SLUG_RE, min_length=1, max_length=80)]
Section = Annotated[
    str,
    BeforeValidator(_number_to_text),
    Field(
        pattern=SECTION_RE,
        description='A section of the Act, as the Act numbers it: "1(1)", "12", "40(2)", '
        '"43(2)"; prefix "EIR " for the Environmental Information Regulations and '
        '"FOISA " for the Scottish Act.',
        examples=["40(2)"],
    ),
]
Url = Annotated[str, Field(pattern=_URL_RE, max_length=2000, examples=["https://www.example.gov.uk/foi"])]
Text = Annotated[str, Field(min_length=1, max_length=200_000)]
Line = Annotated[str, Field(min_length=1, max_length=500)]
Reference = Annotated[str, BeforeValidator(_number_to_text), Field(min_length=1, max_length=200)]


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt key must never be silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=True)


# --- question sets -------------------------------------------------------------------------


class QuestionPart(Strict):
    id: Slug = Field(description="Stable id of the sub-question, unique in the set.", examples=["q7a"])
    number: Reference | None = Field(
        None,
        description='The label printed in the request, like "a" or "7a". Leave out if the request had '
        'none: the part is then named by its place, like "Question 7, part 2".',
    )
    text: Text = Field(description="The sub-question's wording, as sent.")
    kind: QuestionKind = Field("text", description="The kind of answer expected.")
    options: list[Line] = Field(default_factory=list, description="For kind `choice`: the choices offered.")


class Question(Strict):
    id: Slug = Field(description="Stable id of the question, unique in the set; answers refer to it.", examples=["q1"])
    number: Reference | None = Field(None, description='The number printed in the request, like "1". Leave out if the request had none.')
    heading: Line | None = Field(None, description="The heading the request put this question under, if any.")
    text: Text = Field(description="The question's wording, as sent.")
    kind: QuestionKind = Field("text", description="The kind of answer expected.")
    options: list[Line] = Field(default_factory=list, description="For kind `choice`: the choices offered.")
    parts: list[QuestionPart] = Field(default_factory=list, description="Sub-questions (7a, 7b, …), in order.")


CouncilCode = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9-]{1,9}$", examples=["COV"])]


class Audience(Strict):
    """Which authorities a batch request was meant for, as the register lists them."""

    description: Line | None = Field(None, description='The audience in words, e.g. "Education authorities in England".')
    nations: list[Nation] = Field(default_factory=list, description="Only authorities in these nations. Leave out for every nation.")
    types: list[AuthorityType] = Field(
        default_factory=list,
        description="Only authorities of these kinds (the register's types). Education authorities in England are "
        "`county`, `unitary`, `metropolitan_district`, `london_borough` and `city_corporation`. Leave out for every kind.",
    )
    include: list[CouncilCode] = Field(default_factory=list, description="Register codes of further authorities the request was sent to.")
    exclude: list[CouncilCode] = Field(default_factory=list, description="Register codes of authorities it was not sent to.")
    as_of: Date | None = Field(
        None,
        description="The date whose councils are meant, when the set's `sent` date is not known. "
        "Without either, the councils of 1 April of the set's `year` are meant, or without a year "
        "the register's current councils.",
    )


class QuestionSet(Strict):
    id: Slug = Field(description="Stable id of the question set; also its file name.", examples=["ehcp-information-request-2022"])
    title: Line = Field(description="The request's title, as sent.")
    sent: Date | None = Field(None, description="The date the batch request was sent, if known.")
    year: Annotated[int, Field(ge=2005, le=2100, strict=True)] | None = Field(
        None, description="The year the request was sent, when the exact date is not known. Leave out when `sent` is given."
    )
    description: Text | None = Field(None, description="What the request asked about and why, in a sentence or two.")
    source_url: Url | None = Field(None, description="Where the batch request can be seen, for example on WhatDoTheyKnow.")
    sent_to: Audience | None = Field(None, description="Which authorities the request was meant for; used to show which have not replied.")
    questions: list[Question] = Field(min_length=1, description="Every question of the request, in order.")

    def all_questions(self) -> list[Question | QuestionPart]:
        """Every question and sub-question, in the order the request asked them."""
        out: list[Question | QuestionPart] = []
        for q in self.questions:
            out.append(q)
            out.extend(q.parts)
        return out

    @property
    def year_sent(self) -> int | None:
        """The year the request was sent, from `sent` or `year`."""
        return self.sent.year if self.sent else self.year


# --- responses -------------------------------------------------------------------------------


class Event(Strict):
    date: Date = Field(description="When it happened (YYYY-MM-DD).")
    event: EventKind = Field(description="What happened.")
    due: Date | None = Field(None, description="A new due date the council gave, if any.")
    note: Text | None = Field(None, description="The council's words or a short note.")


class Dates(Strict):
    received: Date | None = Field(None, description="The day the council received the request. Leave out if unknown; never guess.")
    responded: Date | None = Field(None, description="The date on the council's reply. Leave out if unknown; never guess.")
    events: list[Event] = Field(default_factory=list, description="Other steps: acknowledgement, clarification, delay, internal review…")


class Reuse(Strict):
    terms: ReuseTerms = Field(
        "not_stated",
        description="`ogl` only when the council expressly released the reply under the Open "
        "Government Licence; `restricted` when it limits re-use; `not_stated` when it says nothing.",
    )
    wording: Text | None = Field(None, description="The council's own words about re-use, verbatim. Required for `restricted`.")
    attribution: Text | None = Field(
        None,
        description="For `ogl`: the attribution statement the council asks for, if it gives one. "
        "Otherwise the standard OGL v3.0 statement is shown.",
    )


class Attachment(Strict):
    title: Line = Field(description="The attachment's name, as the council gave it.")
    url: Url | None = Field(None, description="Where it can be downloaded.")
    transcribed: bool = Field(False, strict=True, description="true when every answer in it has been copied into `answers`.")


class Source(Strict):
    url: Url | None = Field(None, description="Where the reply was published (the request's page, or the council's disclosure log).")
    via: Line | None = Field(None, description='How it was obtained, e.g. "WhatDoTheyKnow".')
    attachments: list[Attachment] = Field(default_factory=list, description="Files that came with the reply.")


class Body(Strict):
    name: Line = Field(description="The body the council pointed to.", examples=["Coventry and Warwickshire Partnership NHS Trust"])
    url: Url | None = Field(None, description="Its web address, as the council gave it.")


class Contact(Strict):
    name: Line | None = Field(None, description="A named person, as the council gave it.")
    role: Line | None = Field(None, description="Their job title or role.")
    team: Line | None = Field(None, description="The team, or a team mailbox's owner.")
    organisation: Line | None = Field(None, description="The organisation, when not the council itself.")
    email: Line | None = Field(None, description="Email address as given.")
    phone: Line | None = Field(None, description="Phone number as given.")
    url: Url | None = Field(None, description="A contact web page.")
    address: Text | None = Field(None, description="Postal address as given.")
    individual: bool | None = Field(
        None,
        strict=True,
        description="true when the email and phone reach one named person. Such personal "
        "contact details are kept here but not published unless the site's configuration "
        "allows it. Defaults to true when `name` is given.",
    )
    withheld_under: list[Section] = Field(default_factory=list, description="Sections the council cited to withhold contact details, e.g. 40(2).")

    @property
    def is_individual(self) -> bool:
        return self.individual if self.individual is not None else self.name is not None

    def withheld_by_site(self, publish_personal_contacts: bool) -> bool:
        """True when the site must not publish this contact's email and phone: they reach a
        named person and the site is not set to publish personal contacts."""
        return self.is_individual and not publish_personal_contacts and bool(self.email or self.phone)


class Value(Strict):
    question: Slug | None = Field(None, description="The question this value answers. Required when the answer covers more than one question.")
    # nan and infinity are not figures a council gives (and 1e400 would be read as infinity).
    number: float | None = Field(None, allow_inf_nan=False, description="The number, as published; never corrected.",
                                 examples=[5])
    unit: Unit | None = Field(None, description="What the number measures.")
    counting: Line | None = Field(None, description='For unit `count`: what is counted, e.g. "children".')
    per: Line | None = Field(None, description='A basis for the number, e.g. "case", "month", "year".')
    qualifier: Qualifier = Field("exactly", description="How the council qualified the number.")
    yes_no: bool | None = Field(None, strict=True, description="For a yes/no question: the answer, if it can honestly be read.")
    choice: Line | None = Field(None, description="For a choice question: the option chosen.")
    period: Line | None = Field(None, description='The period the figure covers, as stated, e.g. "2021/22" or "past 12 months".')
    as_of: Date | None = Field(None, description="The date the figure was true on, if stated.")
    quote: Text | None = Field(None, description="The exact words of the answer this value was read from.")


class Answer(Strict):
    questions: list[Slug] = Field(min_length=1, description="The ids of the questions this statement answers.", examples=[["q1"]])
    outcome: AnswerOutcome = Field(description="What the council did with these questions.")
    sections: list[Section] = Field(default_factory=list, description="Sections of the Act cited, as data.")
    redirect_to: list[Body] = Field(default_factory=list, description="Bodies the council said hold the information.")
    see: list[Slug] = Field(default_factory=list, description="For `see_other_answer`: the questions whose answer this one points to.")
    text: Text | None = Field(None, description="The council's words, verbatim.")
    values: list[Value] = Field(default_factory=list, description="Normalised values read from the words, where one can honestly be read.")
    contacts: list[Contact] = Field(default_factory=list, description="Contacts given in the answer, as data.")
    attachment: Line | None = Field(None, description="For `in_attachment`: the title of the attachment that holds the answer.")
    note: Text | None = Field(None, description="A contributor's note about this answer (not the council's words).")
    incomplete_copy: Text | None = Field(
        None,
        description="Only when this answer was transcribed from an incomplete copy of the reply (a page "
        "missing, a scan cut off, a table partly legible): say what is missing. The answer is marked so "
        "wherever it is shown and in the downloads.",
        examples=["The second page of the table is missing from the copy."],
    )


class Response(Strict):
    council: str = Field(description="The council's code in the register of local authorities, e.g. LCE for Leicester City Council.", examples=["COV"])
    question_set: Slug = Field(description="The id of the question set this replies to.", examples=["ehcp-information-request-2022"])
    legislation: Legislation = Field(
        "FOIA",
        description="The law the council answered under: FOIA (Freedom of Information Act 2000), "
        "FOISA (Freedom of Information (Scotland) Act 2002), EIR or EIRS (Environmental "
        "Information Regulations, UK or Scotland).",
    )
    reference: Reference | None = Field(None, description="The council's reference for the request.")
    subject: Line | None = Field(None, description="The subject line of the council's reply.")
    dates: Dates = Field(default_factory=Dates, description="Dates known. Leave out what is unknown.")
    outcome: ResponseOutcome = Field(description="The overall outcome of the request.")
    reuse: Reuse = Field(default_factory=Reuse, description="The re-use terms the council stated.")
    source: Source = Field(default_factory=Source, description="Where the reply came from.")
    introduction: Text | None = Field(None, description="The council's words before the answers, verbatim.")
    contacts: list[Contact] = Field(default_factory=list, description="Contacts given for the request itself (information governance team, reviews).")
    answers: list[Answer] = Field(default_factory=list, description="Every answer in the reply, in the reply's order.")
    closing: Text | None = Field(None, description="The council's words after the answers (review rights, other publications), verbatim.")
    notes: Text | None = Field(None, description="A contributor's notes about the transcription.")
    incomplete_copy: Text | None = Field(
        None,
        description="Only when the whole reply was transcribed from an incomplete copy (pages missing, "
        "a letter without its attachment): say what is missing. Every answer of the reply is marked so "
        "wherever it is shown and in the downloads. For one answer alone, use the answer's `incomplete_copy`.",
        examples=["Only pages 1 and 2 of the letter were published."],
    )


class TopicQuestion(Strict):
    question_set: Slug = Field(description="The id of a question set.", examples=["ehcp-ot-provision-2019"])
    question: Slug = Field(description="The id of a question (or sub-question) in that set.", examples=["who-delivers-ot"])
    note: Text | None = Field(None, description="How this question differs from the others in the topic, if it does.")


class Topic(Strict):
    """One subject asked about in several question sets, in other words each time."""

    id: Slug = Field(description="Stable id of the topic; also its file name.", examples=["ot-providers"])
    title: Line = Field(description="A short name for what the questions ask about.")
    description: Text | None = Field(None, description="What the questions have in common, in a sentence or two.")
    questions: list[TopicQuestion] = Field(min_length=2, description="The questions, from at least two question sets, that ask about this.")


class OtherBody(Strict):
    """A public body that answers FOI requests but is not in the register of local
    authorities (an NHS trust, an integrated care board, a fire authority…)."""

    code: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]{2,9}$")] = Field(
        description="A short upper-case code for the body, not used by any council in the register; also its file name.",
        examples=["CWPT"],
    )
    name: Line = Field(description="The body's official name.")
    short_name: Line | None = Field(None, description="A shorter name for tables.")
    kind: Literal["nhs_trust", "integrated_care_board", "fire_authority", "police", "other"] = Field(
        description="What kind of body it is."
    )
    nation: Nation = Field(description="The nation it serves.")
    region: Line | None = Field(None, description="The English region, if any.")
    url: Url | None = Field(None, description="Its website.")
