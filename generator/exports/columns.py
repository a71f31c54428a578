"""The downloads' columns, each with its type and description, and the notes that
describe the files as a whole (re-use, personal data, spreadsheet safety, format)."""

from __future__ import annotations

import typing
from dataclasses import dataclass

from generator.analyse.formatting import OGL_URL
from generator.analyse.measure import COMMON_UNITS, RULES as CONVERSION_RULES
from generator.load.vocabulary import ANSWER_OUTCOMES, RESPONSE_OUTCOMES, Legislation, Qualifier, ReuseTerms, Unit
from generator.load.register import REGISTER_ATTRIBUTION, REGISTER_LICENCE_URL, REGISTER_SOURCE_URL

NO_ANSWER = "no_answer"
MIXED = "mixed"
LIST_SEPARATOR = "; "
WORDS_SEPARATOR = "\n\n"

_STATED_OUTCOMES = list(ANSWER_OUTCOMES)
_OUTCOMES = _STATED_OUTCOMES + [MIXED, NO_ANSWER]
_ONE_OUTCOME = "(" + "|".join(_STATED_OUTCOMES + [NO_ANSWER]) + ")"
_LIST_OF_OUTCOMES = f"{_ONE_OUTCOME}(; {_ONE_OUTCOME})*"
SLUG = "[a-z0-9]+(-[a-z0-9]+)*"

REUSE_NOTE = (
    "There is no single licence for these data. Each row is under the re-use terms its "
    "council gave, in the column reuse_terms. Rows marked ogl were released under the Open "
    f"Government Licence v3.0 ({OGL_URL}); credit them with the statement in "
    "reuse_attribution. Rows marked restricted (restricted = true) are not open data: the "
    "council limits re-use, in the words given in reuse_wording; do not re-use them beyond "
    "those terms. Rows marked not_stated carry no stated terms: assume no licence and ask "
    "the council before re-using them. The Open Government Licence does not cover personal data. "
    f"{REGISTER_ATTRIBUTION} ({REGISTER_LICENCE_URL}, {REGISTER_SOURCE_URL}) That covers "
    "the columns council_code, council_name, council_short_name, gss_code, nation and region."
)

FORMULA_NOTE = (
    "Spreadsheet safety: in the CSV files, a text cell that would begin with =, +, -, @, a "
    "tab or a carriage return, even after spaces or line breaks, is prefixed with an apostrophe (') so that spreadsheet "
    "programs do not run it as a formula. The JSON file holds the exact text. Number, date "
    "and true/false cells are never altered."
)

FORMAT_NOTE = (
    "CSV files are UTF-8 and begin with a byte-order mark, so that Excel shows £ and – as "
    "written (read them as utf-8-sig in Python); they are comma-separated, with a header "
    "row; fields are quoted with double quotes only where needed (a quote inside a field is doubled) and lines end with LF. "
    "An empty cell means no value. Lists inside a cell are separated by '; '; several "
    "statements of the council's words are separated by a blank line. Line breaks inside a "
    "cell are LF; the JSON file keeps the exact text. A cell holds the council's words in "
    "full, which may be more than 131,072 characters, the default limit of Python's csv "
    "module: raise it first with csv.field_size_limit(sys.maxsize)."
)


def personal_note(publish_personal_contacts: bool) -> str:
    if publish_personal_contacts:
        return ("Contacts: the contacts column includes named officers' direct email "
                "addresses and phone numbers as the councils gave them.")
    return ("Personal data: named officers' direct email addresses and phone numbers are "
            "left out of the contacts column, and shown as \"withheld by this site (personal "
            "data)\" where the council's own words give them.")


@dataclass(frozen=True)
class Column:
    """One column of the CSV files and one field of each JSON row.

    `kind` is a Table Schema type: string, integer, number, boolean or date. A column
    that is not `required` may be empty (CSV) or null (JSON)."""

    name: str
    kind: str
    title: str
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    minimum: int | None = None


COLUMNS: tuple[Column, ...] = (
    Column("question_set", "string", "Question set", "The id of the question set (one request sent to many councils).",
           required=True, pattern=SLUG),
    Column("question_set_title", "string", "Question set title", "The request's title, as sent.", required=True),
    Column("question_position", "integer", "Question position",
           "The question's place in the set, counting every question and sub-question from 1.",
           required=True, minimum=1),
    Column("question_id", "string", "Question id", "The id of the question or sub-question, unique in the set.",
           required=True, pattern=SLUG),
    Column("parent_question_id", "string", "Parent question id",
           "For a sub-question (7a, 7b…): the id of the question it belongs to. Empty for a question."),
    Column("question_label", "string", "Question",
           'How the site names the question, e.g. "Question 7a", or "Question 7, part 2" for a part the '
           "request did not number.", required=True),
    Column("question_text", "string", "Question text",
           "The question's wording, as sent. For a sub-question, the sub-question's own wording only.", required=True),
    Column("council_code", "string", "Council code",
           "The council's code in the register of local authorities (or, for another public body, "
           "this site's code for it).", required=True),
    Column("council_name", "string", "Council name", "The council's official name, from the register.", required=True),
    Column("council_short_name", "string", "Council short name",
           "The council's short name, from the register; rows are sorted by it, ignoring case.", required=True),
    Column("gss_code", "string", "GSS code",
           "The council's ONS Government Statistical Service code. Empty for bodies that have none."),
    Column("nation", "string", "Nation", "The nation the council is in.", required=True),
    Column("region", "string", "Region", "The council's region, from the register."),
    Column("outcome", "string", "Outcome",
           "What the council did with this question. A statement that only points to another answer "
           "(see_other_answer) is followed to that answer's outcome. When several statements answer the "
           f"question with different outcomes: {MIXED} (see outcomes). {NO_ANSWER}: the reply has no "
           "statement for this question.", required=True, enum=tuple(_OUTCOMES)),
    Column("outcomes", "string", "Outcomes",
           "Every distinct outcome of the statements answering this question, followed as for outcome, "
           "in the reply's order, separated by '; ' (as the comparison page shows them).",
           required=True, pattern=_LIST_OF_OUTCOMES),
    Column("outcome_as_stated", "string", "Outcome as stated",
           "The distinct outcomes of those statements as recorded, before following see_other_answer, "
           "separated by '; '. Empty when there is no statement.", pattern=_LIST_OF_OUTCOMES),
    Column("sections", "string", "Sections cited",
           "Sections of the Act the council cited for this question, as the Act numbers them, separated "
           'by \'; \', e.g. "40(2); 43(2)". "EIR " marks the Environmental Information Regulations and '
           '"FOISA " the Scottish Act.'),
    Column("refers_to", "string", "Refers to",
           "For a statement that points to another answer: the ids of the questions it points to, "
           "separated by '; '."),
    Column("redirected_to", "string", "Redirected to",
           "Bodies the council said hold the information, separated by '; '."),
    Column("attachment", "string", "Attachment",
           "The title of the attachment that holds the answer, when it has not been transcribed."),
    Column("words", "string", "The council's words",
           "The council's words answering this question, verbatim; several statements are separated by "
           "a blank line. Empty when the council gave none."),
    Column("value", "number", "Value",
           "The number read from the council's words; never corrected. When several values were read "
           "(values_read), this column and the next eight describe the first, and value_text gives every "
           "one. Empty when the value read is not a number (see yes_no and choice) or none was read."),
    Column("unit", "string", "Unit", "What value measures.", enum=typing.get_args(Unit)),
    Column("counting", "string", "Counting", 'For unit count: what is counted, e.g. "children".'),
    Column("per", "string", "Per", 'A basis for value, e.g. "case", "month".'),
    Column("qualifier", "string", "Qualifier", "How the council qualified value (exactly, fewer_than, average…).",
           enum=typing.get_args(Qualifier)),
    Column("period", "string", "Period", 'The period value covers, as stated, e.g. "2021/22".'),
    Column("as_of", "date", "As of", "The date value was true on, if stated."),
    Column("yes_no", "boolean", "Yes or no",
           "For a yes/no question: the answer read from the council's words (true for yes), when one "
           "could honestly be read."),
    Column("choice", "string", "Choice", "For a choice question: the option the council chose."),
    Column("values_read", "integer", "Values read",
           "How many values were read from the council's words for this question (0 for none).",
           required=True, minimum=0),
    Column("common_value", "number", "Common measure",
           "value in a unit that compares across units, as the site's comparison tables sort it: "
           f"lengths of time in days and hours in minutes ({CONVERSION_RULES}); other units as given. "
           "See common_unit and common_exact."),
    Column("common_unit", "string", "Common unit", "The unit of common_value.", enum=COMMON_UNITS),
    Column("common_exact", "boolean", "Common measure exact",
           "true when common_value is exactly value in common_unit; false when the conversion is "
           "approximate (months, years and working days to days)."),
    Column("value_text", "string", "Values in words",
           "Every value read from the council's words for this question, in words (e.g. \"on average 5 "
           "weeks\", \"fewer than 7 children\", \"Yes\"), separated by '; '. The JSON file also gives them "
           "as a list (values)."),
    Column("contacts", "string", "Contacts",
           "Contacts the council gave in answering this question, one per line: who, then how to reach "
           "them. Named officers' direct email and phone are withheld unless the site publishes them."),
    Column("note", "string", "Transcriber's note",
           "A note by whoever transcribed the answer; not the council's words."),
    Column("incomplete_copy", "string", "Answer from an incomplete copy",
           "Set when the answer was transcribed from an incomplete copy of the reply: what is missing, in "
           "the transcriber's words. See also response_incomplete_copy."),
    Column("reuse_terms", "string", "Re-use terms",
           "The re-use terms the council gave for its reply: ogl (Open Government Licence v3.0), "
           "restricted (re-use limited: not open data) or not_stated (no terms given: assume no licence).",
           required=True, enum=typing.get_args(ReuseTerms)),
    Column("restricted", "boolean", "Restricted",
           "true when the council restricts re-use of this row: it is not open data.", required=True),
    Column("reuse_wording", "string", "Re-use wording", "The council's own words about re-use, verbatim."),
    Column("reuse_attribution", "string", "Attribution",
           "For ogl rows: the attribution statement to give when re-using the row."),
    Column("legislation", "string", "Legislation",
           "The law the council answered under: FOIA, FOISA (Scotland), EIR or EIRS (environmental "
           "information).", required=True, enum=typing.get_args(Legislation)),
    Column("response_outcome", "string", "Response outcome", "The overall outcome of the council's reply.",
           required=True, enum=tuple(RESPONSE_OUTCOMES)),
    Column("response_incomplete_copy", "string", "Reply from an incomplete copy",
           "Set when the whole reply was transcribed from an incomplete copy: what is missing, in the "
           "transcriber's words. Every row of the reply may then lack something."),
    Column("reference", "string", "Council's reference", "The council's reference for the request."),
    Column("received", "date", "Received", "The day the council received the request, when known."),
    Column("responded", "date", "Responded", "The date on the council's reply, when known."),
    Column("source_url", "string", "Source", "Where the reply was published."),
    Column("response_page", "string", "Page on this site",
           "The reply's page on this site, as a path from the site's root.", required=True),
)

FIELD_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
