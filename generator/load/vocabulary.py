"""The words content files choose from: outcomes, question kinds, units, qualifiers,
events, re-use terms, laws, nations and authority types, each with how pages name it where
they do. The model (models.py) types its fields with them."""

from __future__ import annotations

from typing import Literal

ResponseOutcome = Literal[
    "successful",
    "partially_successful",
    "not_held",
    "refused",
    "waiting_response",
    "waiting_clarification",
    "internal_review",
    "withdrawn",
]
RESPONSE_OUTCOMES: dict[str, str] = {
    "successful": "Successful",
    "partially_successful": "Partially successful",
    "not_held": "Information not held",
    "refused": "Refused",
    "waiting_response": "Awaiting response",
    "waiting_clarification": "Awaiting clarification",
    "internal_review": "Internal review",
    "withdrawn": "Withdrawn",
}

AnswerOutcome = Literal[
    "answered",
    "partially_answered",
    "not_held",
    "refused",
    "redirected",
    "see_other_answer",
    "not_applicable",
    "in_attachment",
    "awaiting",
    "clarification_requested",
]
ANSWER_OUTCOMES: dict[str, str] = {
    "answered": "Answered",
    "partially_answered": "Partly answered",
    "not_held": "Not held",
    "refused": "Refused",
    "redirected": "Redirected",
    "see_other_answer": "See another answer",
    "not_applicable": "Not applicable",
    "in_attachment": "In attachment (not transcribed)",
    "awaiting": "Awaiting answer",
    "clarification_requested": "Clarification asked",
}

QuestionKind = Literal[
    "text", "number", "duration", "money", "percentage", "yes_no", "choice", "date", "contact"
]

Unit = Literal[
    "count", "days", "working_days", "weeks", "months", "years", "hours", "minutes",
    "gbp", "percent", "fte",
]

Qualifier = Literal[
    "exactly", "about", "fewer_than", "more_than", "at_least", "at_most", "average", "median"
]
QUALIFIERS: dict[str, str] = {
    "exactly": "",
    "about": "about",
    "fewer_than": "fewer than",
    "more_than": "more than",
    "at_least": "at least",
    "at_most": "at most",
    "average": "on average",
    "median": "median",
}

EventKind = Literal[
    "acknowledged",
    "clarification_requested",
    "clarification_received",
    "clarification_lapsed",
    "delayed",
    "deadline_extended",
    "fees_notice",
    "fees_paid",
    "narrowing_offered",
    "partial_response",
    "internal_review_requested",
    "internal_review_response",
    "complaint_to_commissioner",
    "commissioner_decision",
    "withdrawn",
]

ReuseTerms = Literal["ogl", "restricted", "not_stated"]

Legislation = Literal["FOIA", "FOISA", "EIR", "EIRS"]

Nation = Literal["England", "Scotland", "Wales", "Northern Ireland"]

AuthorityType = Literal[
    "county", "unitary", "metropolitan_district", "london_borough", "city_corporation",
    "non_metropolitan_district", "scottish_unitary", "welsh_unitary", "ni_district",
    "combined_authority", "strategic_authority",
]
AUTHORITY_TYPE_CODES: dict[str, str] = {
    "county": "CTY",
    "unitary": "UA",
    "metropolitan_district": "MD",
    "london_borough": "LBO",
    "city_corporation": "CC",
    "non_metropolitan_district": "NMD",
    "scottish_unitary": "SCO",
    "welsh_unitary": "WPA",
    "ni_district": "NID",
    "combined_authority": "COMB",
    "strategic_authority": "SRA",
}
