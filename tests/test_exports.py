"""Open data downloads: the whole log one row per council and question, as CSV and JSON,
each set's CSV file one row per response, described by a Frictionless Data Package and a
JSON Schema; known answers from the shape fixtures and the real content."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json

import jsonschema
import pytest

from conftest import FIXTURES, REPO
from exports_oracle import answer_rows, export_bytes, export_files, write_export_files
from generator.exports.columns import FIELD_NAMES
from generator.exports.links import download_href, export_links
from generator.exports.rows import set_lines
from generator.exports.runs import text_pieces
from generator.exports.wide import ANSWER_COLUMNS, RESPONSE_COLUMNS, question_column, wide_header, wide_names
from generator.load.catalogue import Catalogue, Entry, load_catalogue
from generator.load.models import Answer
from generator.load.register import REGISTER_ATTRIBUTION

SHAPES = FIXTURES / "shapes"
SET = "ot-waiting-2022"
ALEX = "alex.example@nhs.example"


@pytest.fixture(scope="module")
def shapes():
    return load_catalogue(SHAPES)


@pytest.fixture(scope="module")
def real():
    return load_catalogue(REPO)


@pytest.fixture(scope="module")
def shapes_files(shapes):
    return export_files(shapes)


@pytest.fixture(scope="module")
def real_files(real):
    return export_files(real)


def csv_rows(text: str) -> list[dict[str, str]]:
    """A CSV file's rows; the file must begin with its byte-order mark."""
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def unwide(text: str) -> list[dict[str, str]]:
    """A set's CSV file read back as long rows: for each response and question, the
    response's columns, question_id and that question's columns."""
    rows = []
    for r in csv_rows(text):
        for qid in dict.fromkeys(name.split("_", 1)[0] for name in r if name not in RESPONSE_COLUMNS):
            rows.append({**{name: r[name] for name in RESPONSE_COLUMNS}, "question_id": qid,
                         **{name: r[question_column(qid, name)] for name in ANSWER_COLUMNS}})
    return rows


def json_rows(text: str) -> list[dict]:
    return json.loads(text)["rows"]


ALL_CSV, ALL_JSON = "data/answers.csv.gz", "data/answers.json.gz"


def set_json_rows(files, set_id: str) -> list[dict]:
    """A question set's rows as JSON: those of the whole log's JSON file with its id."""
    return [r for r in json_rows(files[ALL_JSON]) if r["question_set"] == set_id]


def row(rows, code, qid, set_id=None):
    (found,) = [r for r in rows if r["council_code"] == code and r["question_id"] == qid
                and set_id in (None, r["question_set"])]
    return found


def with_answers(catalogue: Catalogue, code: str, answers: list[dict]) -> Catalogue:
    """The catalogue with one council's answers replaced."""
    entries = []
    for e in catalogue.entries:
        if e.council.code == code:
            response = e.response.model_copy(update={"answers": [Answer.model_validate(a) for a in answers]})
            e = Entry(e.path, response, e.council, e.question_set)
        entries.append(e)
    return Catalogue(catalogue.register, catalogue.question_sets, entries, [], catalogue.topics)


def pairs(files):
    """(CSV rows, JSON rows) for every CSV file: the whole log's, and each set's read back
    long (`unwide`) with its rows in the whole log's JSON."""
    return [(csv_rows(files[ALL_CSV]), json_rows(files[ALL_JSON]))] + [
        (unwide(text), set_json_rows(files, path.removeprefix("data/question-sets/").removesuffix(".csv")))
        for path, text in sorted(files.items()) if path.startswith("data/question-sets/")]


# --- the files -----------------------------------------------------------------------------


def test_the_files_and_their_paths(shapes_files, real_files):
    assert sorted(shapes_files) == [
        "data/answers.csv.gz", "data/answers.json.gz", "data/answers.schema.json", "data/datapackage.json",
        f"data/question-sets/{SET}.csv"]
    assert {"data/question-sets/ehcp-information-request-2022.csv", "data/question-sets/ehcp-ot-provision-2019.csv"} \
        <= set(real_files)
    assert not any(path.endswith(".json") for path in real_files if path.startswith("data/question-sets/"))


@pytest.mark.parametrize("which", ["shapes", "real"])
def test_one_row_per_council_and_question_in_order(which, request):
    catalogue = request.getfixturevalue(which)
    rows = answer_rows(catalogue)
    expected = sum(len(catalogue.entries_for_set(qs.id)) * len(qs.all_questions())
                   for qs in catalogue.question_sets.values())
    assert len(rows) == expected > 0
    keys = [(r["council_code"], r["question_set"], r["question_id"]) for r in rows]
    assert len(set(keys)) == len(keys)
    order = [(r["question_set"], r["council_short_name"].casefold(), r["council_code"], r["question_position"])
             for r in rows]
    assert order == sorted(order)
    assert [tuple(r)[:len(FIELD_NAMES)] for r in rows[:1]] == [FIELD_NAMES]


def test_shapes_row_count_and_question_order(shapes):
    rows = answer_rows(shapes)
    assert len(rows) == 6 * 12  # six replies, ten questions and two sub-questions
    leeds = [r["question_id"] for r in rows if r["council_code"] == "LDS"]
    assert leeds == ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q7a", "q7b", "q8", "q9", "q10"]
    assert [r["council_code"] for r in rows[::12]] == ["ABE", "ADU", "CAR", "CWPT", "GRE", "LDS"]
    assert row(rows, "LDS", "q7a")["question_label"] == "Question 7a"
    assert row(rows, "LDS", "q7a")["parent_question_id"] == "q7"
    assert row(rows, "LDS", "q7")["parent_question_id"] is None


# --- what the rows say ------------------------------------------------------------------------


def test_refused_and_redirected_rows_carry_their_sections(shapes, real):
    rows = answer_rows(shapes)
    refused = row(rows, "LDS", "q5")
    assert (refused["outcome"], refused["sections"]) == ("refused", "40(2)")
    assert refused["words"].startswith("Fewer than 7.")
    assert row(rows, "CAR", "q1")["sections"] == "12"
    mixed = row(rows, "LDS", "q7")  # 7a answered, 7b refused
    assert (mixed["outcome"], mixed["outcomes"], mixed["sections"]) == ("mixed", "answered; refused", "43(2)")
    adur = row(rows, "ADU", "q10")
    assert (adur["outcome"], adur["sections"], adur["redirected_to"]) == ("redirected", "1(1)", "West Sussex County Council")
    assert row(rows, "ABE", "q2")["sections"] == "FOISA 17"
    leicester = row(answer_rows(real), "LCE", "advice-requests")
    assert (leicester["outcome"], leicester["sections"]) == ("not_held", "1(1); 17(1)")


def test_see_other_answer_rows_resolve(shapes, real):
    carlisle = row(answer_rows(shapes), "CAR", "q6")
    assert carlisle["outcome"] == "refused"
    assert carlisle["outcome_as_stated"] == "see_other_answer"
    assert carlisle["refers_to"] == "q1" and carlisle["words"] == "As stated above."
    coventry = row(answer_rows(real), "COV", "q2")
    assert (coventry["outcome"], coventry["outcome_as_stated"]) == ("redirected", "see_other_answer")


def test_unanswered_questions_have_rows(shapes):
    aberdeen = row(answer_rows(shapes), "ABE", "q5")
    assert (aberdeen["outcome"], aberdeen["outcomes"], aberdeen["outcome_as_stated"]) == ("no_answer", "no_answer", None)
    assert aberdeen["words"] is None
    attachment = row(answer_rows(shapes), "CWPT", "q3")
    assert (attachment["outcome"], attachment["attachment"]) == ("in_attachment", "FOI 2022-031 response.pdf")


def test_several_statements_are_joined(shapes):
    greenwich = row(answer_rows(shapes), "GRE", "q7a")
    assert greenwich["words"] == ("Our suppliers are listed below.\n\nGreenwich Therapy Services Ltd\n\n"
                                  "Repeated question 7a: see the list above.")
    assert greenwich["outcome"] == "answered"


def test_restricted_and_open_rows_are_marked(shapes, real):
    rows = answer_rows(shapes)
    carlisle = row(rows, "CAR", "q2")
    assert (carlisle["reuse_terms"], carlisle["restricted"]) == ("restricted", True)
    assert carlisle["reuse_wording"] == "You may use this information for your own non-commercial research only."
    assert carlisle["reuse_attribution"] is None
    leeds = row(rows, "LDS", "q2")
    assert (leeds["reuse_terms"], leeds["restricted"]) == ("ogl", False)
    assert leeds["reuse_attribution"].startswith("Contains information from Leeds City Council")
    assert (row(rows, "ABE", "q1")["reuse_terms"], row(rows, "ABE", "q1")["restricted"]) == ("not_stated", False)
    real_rows = answer_rows(real)
    assert all(r["restricted"] for r in real_rows if r["council_code"] == "COV")
    leicester = row(real_rows, "LCE", "who-delivers-ot")
    assert leicester["reuse_attribution"] == ("Contains public sector information licensed under the "
                                              "Open Government Licence v3.0.")
    csv_cov = row(csv_rows(export_files(real)[ALL_CSV]), "COV", "q1")
    assert (csv_cov["reuse_terms"], csv_cov["restricted"]) == ("restricted", "true")


def test_council_and_response_columns(shapes, real):
    leeds = row(answer_rows(shapes), "LDS", "q1")
    assert (leeds["council_name"], leeds["council_short_name"], leeds["nation"]) == ("Leeds City Council", "Leeds", "England")
    assert leeds["gss_code"].startswith("E08")
    assert (leeds["reference"], leeds["received"], leeds["responded"]) == ("FOI 012345", "2022-03-01", "2022-04-05")
    assert leeds["response_page"] == f"councils/lds/{SET}/"
    trust = row(answer_rows(shapes), "CWPT", "q1")
    assert trust["gss_code"] is None and trust["source_url"] == "https://www.whatdotheyknow.com/request/ot_waiting_times"
    coventry = row(answer_rows(real), "COV", "q1")
    assert (coventry["legislation"], coventry["response_outcome"], coventry["reference"]) == (
        "FOIA", "partially_successful", "FOI473301950")


def test_values(shapes, real):
    rows = answer_rows(shapes)
    average = row(rows, "LDS", "q2")
    assert (average["value"], average["unit"], average["qualifier"], average["value_text"]) == (7, "weeks", "average", "on average 7 weeks")
    staff = row(rows, "LDS", "q3")
    assert (staff["value"], staff["unit"], staff["as_of"]) == (48.84, "fte", "2022-03-31")
    per_year = row(rows, "LDS", "q1")  # three values: the columns describe the first
    assert (per_year["value"], per_year["period"], per_year["values_read"]) == (4382, "2019/20", 3)
    assert per_year["value_text"] == "4,382 requests (2019/20); 4,100 requests (2020/21); 3,951 requests (2021/22)"
    assert [(v["number"], v["period"]) for v in per_year["values"]] == [(4382, "2019/20"), (4100, "2020/21"), (3951, "2021/22")]
    children = row(rows, "LDS", "q5")
    assert (children["value"], children["counting"], children["qualifier"]) == (7, "children", "fewer_than")
    zero = row(rows, "CAR", "q5")
    assert (zero["value"], zero["value_text"]) == (0, "0 children")
    choice = row(rows, "LDS", "q9")
    assert (choice["value"], choice["value_text"]) == (None, "Spot purchasing")
    assert choice["values"][0]["choice"] == "Spot purchasing"
    weeks = row(answer_rows(real), "LCE", "advice-average-time")
    assert (weeks["value"], weeks["unit"], weeks["qualifier"]) == (5, "weeks", "average")
    no = row(answer_rows(real), "COV", "q5a")
    assert (no["value"], no["value_text"], no["values"][0]["yes_no"]) == (None, "No", False)


def test_values_for_another_question_go_to_that_questions_row(shapes):
    catalogue = with_answers(shapes, "GRE", [{
        "questions": ["q2", "q3"], "outcome": "answered", "text": "5 weeks; 9 FTE",
        "values": [{"question": "q2", "number": 5, "unit": "weeks"}, {"question": "q3", "number": 9, "unit": "fte"}],
    }])
    rows = answer_rows(catalogue)
    assert (row(rows, "GRE", "q2")["value"], row(rows, "GRE", "q2")["unit"]) == (5, "weeks")
    assert (row(rows, "GRE", "q3")["value"], row(rows, "GRE", "q3")["unit"]) == (9, "fte")
    assert row(rows, "GRE", "q2")["words"] == row(rows, "GRE", "q3")["words"] == "5 weeks; 9 FTE"


# --- CSV, JSON and the schemas -------------------------------------------------------------------


def expected_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    # A formula may follow white space: a spreadsheet skips it.
    if isinstance(value, str) and (value[:1] in ("\t", "\r") or value.lstrip()[:1] in ("=", "+", "-", "@")):
        value = "'" + value
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("which", ["shapes_files", "real_files"])
def test_csv_reads_back_as_the_json(which, request):
    files = request.getfixturevalue(which)
    for i, (from_csv, from_json) in enumerate(pairs(files)):
        assert len(from_csv) == len(from_json) > 0
        for c, j in zip(from_csv, from_json):
            assert list(c) == (list(FIELD_NAMES) if i == 0 else [*RESPONSE_COLUMNS, "question_id", *ANSWER_COLUMNS])
            for name in c:
                if isinstance(j[name], (int, float)) and not isinstance(j[name], bool):
                    assert float(c[name]) == j[name], name
                else:
                    assert c[name] == expected_cell(j[name]), name


@pytest.mark.parametrize("which", ["shapes", "real"])
def test_csv_format(which, request):
    catalogue = request.getfixturevalue(which)
    for path, text in request.getfixturevalue(which + "_files").items():
        if path.endswith((".csv", ".csv.gz")):
            assert "\r\n" not in text and text.endswith("\n")
            names = (FIELD_NAMES if path == ALL_CSV else
                     wide_names(catalogue.question_sets[path.removeprefix("data/question-sets/").removesuffix(".csv")]))
            assert text.splitlines()[0] == "\ufeff" + ",".join(names)


@pytest.mark.parametrize("which", ["shapes", "real"])
def test_datapackage_describes_every_file(which, request):
    files = export_bytes(request.getfixturevalue(which))
    package = json.loads(files["data/datapackage.json"])
    paths = {"data/" + r["path"]: r for r in package["resources"]}
    assert set(paths) == set(files) - {"data/datapackage.json", "data/answers.schema.json"}
    assert len({r["name"] for r in package["resources"]}) == len(package["resources"])
    for path, resource in paths.items():
        data = files[path]
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        # Frictionless names a compressed file's format "gz"; its bytes and hash are the file's as published.
        assert resource.get("compression") == ("gz" if path.endswith(".gz") else None)
        assert resource["format"] == ("csv" if ".csv" in path else "json")
        if ".csv" in path:
            text = (gzip.decompress(data) if path.endswith(".gz") else data).decode("utf-8")
            assert resource["profile"] == "tabular-data-resource"
            header = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
            assert [f["name"] for f in resource["schema"]["fields"]] == header
            assert resource["schema"]["primaryKey"] == (
                ["council_code", "question_set", "question_id"] if path == ALL_CSV else ["council_code"])
            assert resource["dialect"]["lineTerminator"] == "\n"


def test_datapackage_constraints_and_licences(shapes_files, shapes):
    package = json.loads(shapes_files["data/datapackage.json"])
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert {"refused", "see_other_answer", "no_answer", "mixed"} <= set(fields["outcome"]["constraints"]["enum"])
    assert fields["reuse_terms"]["constraints"]["enum"] == ["ogl", "restricted", "not_stated"]
    assert fields["restricted"]["type"] == "boolean" and fields["value"]["type"] == "number"
    assert fields["received"]["type"] == "date"
    # every row satisfies the enums and required constraints
    for r in csv_rows(shapes_files[ALL_CSV]):
        for name, field in fields.items():
            constraints = field.get("constraints", {})
            if constraints.get("required"):
                assert r[name] != "", name
            if "enum" in constraints and r[name]:
                assert r[name] in constraints["enum"], name
    text = package["description"]
    assert "Open Government Licence v3.0" in text and "not open data" in text and "assume no licence" in text
    assert REGISTER_ATTRIBUTION in text and "apostrophe" in text
    assert "licenses" not in package  # no single licence covers every row
    assert package["sources"][0]["title"] == REGISTER_ATTRIBUTION


def test_datapackage_describes_each_sets_columns(shapes_files, shapes):
    package = json.loads(shapes_files["data/datapackage.json"])
    (resource,) = [r for r in package["resources"] if r["path"] == f"question-sets/{SET}.csv"]
    assert resource["description"].startswith("One row per response")
    assert all(name in resource["description"] for name in ("answers.csv.gz", "answers.json.gz", "refers_to", "contacts"))
    whole = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert list(fields) == wide_names(shapes.question_sets[SET])
    assert all(fields[name] == whole[name] for name in RESPONSE_COLUMNS)
    words = fields["q7a_words"]
    assert words["title"] == "Question 7a: words"
    text = shapes.question_sets[SET].questions[6].parts[0].text
    assert text in words["description"] and whole["words"]["description"] in words["description"]
    assert fields["q7a_outcome"]["constraints"] == whole["outcome"]["constraints"]
    assert fields["q1_common_value"]["type"] == "number"
    for r in csv_rows(shapes_files[f"data/question-sets/{SET}.csv"]):
        for name, field in fields.items():
            constraints = field.get("constraints", {})
            if constraints.get("required"):
                assert r[name] != "", name
            if "enum" in constraints and r[name]:
                assert r[name] in constraints["enum"], name


@pytest.mark.parametrize("which", ["shapes_files", "real_files"])
def test_json_files_validate_against_the_schema(which, request):
    files = request.getfixturevalue(which)
    schema = json.loads(files["data/answers.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    document = json.loads(files[ALL_JSON])
    validator.validate(document)
    assert "data/" + document["schema"] == "data/answers.schema.json"
    broken = json.loads(files[ALL_JSON])
    broken["rows"][0]["outcome"] = "sort_of"
    assert not validator.is_valid(broken)
    broken["rows"][0]["outcome"] = "answered"
    broken["rows"][0]["restricted"] = "false"
    assert not validator.is_valid(broken)
    del broken["rows"][0]["restricted"]
    assert not validator.is_valid(broken)


# --- safety ---------------------------------------------------------------------------------


def test_formula_like_council_text_is_neutralised_in_csv_only(shapes):
    formula = '=HYPERLINK("https://evil.example/","click")'
    catalogue = with_answers(shapes, "GRE", [
        {"questions": ["q1"], "outcome": "answered", "text": formula},
        {"questions": ["q2"], "outcome": "answered", "text": "-3 weeks (a correction)",
         "values": [{"number": -3, "unit": "weeks"}]},
        {"questions": ["q3"], "outcome": "answered", "text": "@SUM(1+1)"},
        {"questions": ["q4"], "outcome": "answered", "text": "+44 20 7946 0000"},
        {"questions": ["q5"], "outcome": "answered", "text": "\rfirst\r\nsecond\rthird"},
    ])
    files = export_files(catalogue)
    assert row(csv_rows(files[ALL_CSV]), "GRE", "q2")["value"] == "-3"  # numbers are never altered
    assert row(json_rows(files[ALL_JSON]), "GRE", "q2")["value"] == -3
    for from_csv, from_json in ((csv_rows(files[ALL_CSV]), json_rows(files[ALL_JSON])),
                                (unwide(files[f"data/question-sets/{SET}.csv"]), set_json_rows(files, SET))):
        assert row(from_json, "GRE", "q1")["words"] == formula
        assert row(from_csv, "GRE", "q1")["words"] == "'" + formula
        assert row(from_csv, "GRE", "q2")["words"] == "'-3 weeks (a correction)"
        assert row(from_csv, "GRE", "q2")["common_value"] == "-21"
        assert row(from_csv, "GRE", "q2")["value_text"] == "'-3 weeks"  # text: guarded too
        assert row(from_csv, "GRE", "q3")["words"] == "'@SUM(1+1)"
        assert row(from_csv, "GRE", "q4")["words"] == "'+44 20 7946 0000"
        assert row(from_json, "GRE", "q4")["words"] == "+44 20 7946 0000"
        assert row(from_csv, "GRE", "q5")["words"] == "'\nfirst\nsecond\nthird"  # one cell, LF line breaks
        assert row(from_json, "GRE", "q5")["words"] == "\rfirst\r\nsecond\rthird"
        assert len(from_csv) == len(from_json)
    for text in (files[ALL_CSV], files[f"data/question-sets/{SET}.csv"]):
        assert "\n=HYPERLINK" not in text and ',=HYPERLINK' not in text


def test_a_formula_in_the_words_is_made_safe_in_the_sets_file_as_written(shapes, tmp_path):
    formula = '=HYPERLINK("https://evil.example/","click")'
    catalogue = with_answers(shapes, "GRE", [{"questions": ["q7a"], "outcome": "answered", "text": formula}])
    (tmp_path / "data").mkdir()
    write_export_files(tmp_path, catalogue)
    text = (tmp_path / f"data/question-sets/{SET}.csv").read_text(encoding="utf-8")
    (greenwich,) = [r for r in csv_rows(text) if r["council_code"] == "GRE"]
    assert greenwich["q7a_words"] == "'" + formula
    assert greenwich["q7a_outcome"] == "answered" and greenwich["q7_words"] == "'" + formula
    assert ",=HYPERLINK" not in text and "\n=HYPERLINK" not in text


def test_named_officers_email_only_when_allowed(shapes, real):
    files = export_files(shapes)
    assert all(ALEX not in text and "024 7600 0000" not in text for text in files.values())
    trust = row(json_rows(files[ALL_JSON]), "CWPT", "q8")
    assert trust["contacts"] == "Alex Example, Head of Children's Therapies; direct email and phone withheld by this site (personal data)"
    (details,) = trust["contact_details"]
    assert (details["name"], details["email"], details["phone"], details["personal_details_withheld"]) == (
        "Alex Example", None, None, True)
    team = row(json_rows(files[ALL_JSON]), "CAR", "q8")
    assert team["contacts"] == "SEND Team; email: send@carlisle.gov.uk"  # a team mailbox is not personal
    allowed = export_files(shapes, publish_personal_contacts=True)
    assert ALEX in allowed[ALL_CSV] and ALEX in allowed[ALL_JSON]
    assert row(json_rows(allowed[ALL_JSON]), "CWPT", "q8")["contact_details"][0]["email"] == ALEX
    assert "Joe.Dawson@leicester.gov.uk" not in "".join(export_files(real).values())
    assert "Joe.Dawson@leicester.gov.uk" in export_files(real, publish_personal_contacts=True)[ALL_CSV]


# --- whole and parts; determinism; links ---------------------------------------------------------


@pytest.mark.parametrize("which", ["shapes_files", "real_files"])
def test_whole_site_files_hold_every_per_set_row(which, request):
    files = request.getfixturevalue(which)
    per_set = [r for path in sorted(files) if path.startswith("data/question-sets/") for r in unwide(files[path])]
    assert [{name: r[name] for name in per_set[0]} for r in csv_rows(files[ALL_CSV])] == per_set
    whole = json_rows(files[ALL_JSON])
    assert [(r["question_set"], r["council_code"], r["question_id"]) for r in whole] == [
        (r["question_set"], r["council_code"], r["question_id"]) for r in per_set]


@pytest.mark.parametrize("which", ["shapes", "real", "hostile"])
def test_every_answers_words_and_outcome_are_in_its_sets_file(which, request, tmp_path):
    """Nothing is lost between the two shapes: each long row of the whole log, as the
    generator writes it, has its outcome, sections, words and values in the matching cells
    of its set's wide file, and each wide file has one row per response."""
    catalogue = request.getfixturevalue("shapes" if which == "hostile" else which)
    if which == "hostile":
        catalogue = hostile(catalogue)
    (tmp_path / "data").mkdir()
    write_export_files(tmp_path, catalogue)
    with gzip.open(tmp_path / ALL_CSV, "rt", encoding="utf-8", newline="") as fh:
        long_rows = csv_rows(fh.read())
    wide = {}
    for qs in catalogue.question_sets.values():
        text = (tmp_path / f"data/question-sets/{qs.id}.csv").read_text(encoding="utf-8")
        rows = csv_rows(text)
        assert [r["council_code"] for r in rows] == [
            r["council_code"] for r in long_rows if r["question_set"] == qs.id and r["question_position"] == "1"]
        wide.update({(qs.id, r["council_code"]): r for r in rows})
    assert len(wide) == len(catalogue.entries)
    assert any(r["words"] for r in long_rows)
    for r in long_rows:
        cells = wide[r["question_set"], r["council_code"]]
        for name in ("outcome", "words", *ANSWER_COLUMNS):
            assert cells[question_column(r["question_id"], name)] == r[name], (r["council_code"], r["question_id"], name)
        assert {name: cells[name] for name in RESPONSE_COLUMNS} == {name: r[name] for name in RESPONSE_COLUMNS}


def hostile(shapes):
    return with_answers(shapes, "GRE", [
        {"questions": ["q1"], "outcome": "answered", "text": '=A1, "quoted"\r\nsecond line'},
        {"questions": ["q2", "q3"], "outcome": "refused", "sections": ["40(2)", "43(2)"], "text": "-3,\rthen"},
        {"questions": ["q2"], "outcome": "not_held", "sections": ["40(2)"], "text": "-3,\\rthen"},
        {"questions": ["q4"], "outcome": "see_other_answer", "see": ["q1"], "note": "+ see q1"},
        {"questions": ["q5"], "outcome": "answered", "text": "£5, \"about\"\u2028\t\\",
         "values": [{"number": 2.5, "unit": "weeks", "per": "case, \"new\"", "period": "=2021/22\n",
                     "qualifier": "about", "as_of": "2023-01-09", "quote": "\"2.5\""}],
         "contacts": [{"name": 'Sam "S" Example', "email": "s@example.org", "address": "1 Road,\nTown"}],
         "note": "a note\x01 with a control character"},
        {"questions": ["q6"], "outcome": "in_attachment", "attachment": '"Table", 2'},
    ])


@pytest.mark.parametrize("which", ["shapes", "real", "hostile"])
def test_each_file_is_its_rows_as_the_standard_library_writes_them(which, request):
    """The downloads put each row's text together from pieces made once per question,
    council, reply and answer; it must be what the csv and json modules write for the
    whole row, cell by cell."""
    catalogue = request.getfixturevalue("shapes" if which == "hostile" else which)
    if which == "hostile":
        catalogue = hostile(catalogue)
    files = export_files(catalogue)
    whole = io.StringIO(newline="")
    whole.write("\ufeff")
    csv.writer(whole, lineterminator="\n").writerow(FIELD_NAMES)
    for qs in sorted(catalogue.question_sets.values(), key=lambda one: one.id):
        rows = answer_rows(catalogue, qs)
        csv.writer(whole, lineterminator="\n").writerows([expected_cell(r[name]) for name in FIELD_NAMES] for r in rows)
        expected = io.StringIO(newline="")
        expected.write("\ufeff")
        writer = csv.writer(expected, lineterminator="\n")
        writer.writerow([*RESPONSE_COLUMNS, *(f"{q.id}_{name}" for q in qs.all_questions() for name in ANSWER_COLUMNS)])
        replies = [rows[i:i + len(qs.all_questions())] for i in range(0, len(rows), len(qs.all_questions()))]
        writer.writerows([*(expected_cell(reply[0][name]) for name in RESPONSE_COLUMNS),
                          *(expected_cell(r[name]) for r in reply for name in ANSWER_COLUMNS)] for reply in replies)
        made = wide_header(qs) + b"".join(set_lines(catalogue, qs, False).wide).decode("utf-8")
        assert files[f"data/question-sets/{qs.id}.csv"] == made == expected.getvalue()
    assert files[ALL_CSV] == whole.getvalue()
    rows = answer_rows(catalogue)
    lines = [line for line in files[ALL_JSON].split("\n") if line.startswith("    {")]
    assert lines == ["    " + json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) + ("," if i < len(rows) - 1 else "")
                     for i, r in enumerate(rows)]
    assert len(catalogue.entries) == sum(len(csv_rows(text)) for path, text in files.items()
                                         if path.startswith("data/question-sets/") and path.endswith(".csv"))


@pytest.mark.parametrize("text", [
    "", "plain", "a, b", 'say "hi"', "two\nlines", "cr\rlf\r\n", "=1+1", "-3", "\tindented", "@x",
    "'quoted'", '"', ",", "\n", "£5 \u2028 \u00e9 \U0001F600", "back\\slash", "control\x00\x01\x1f", " spaced "])
def test_a_text_cell_alone_is_as_the_standard_library_writes_it(text):
    """The answer's columns are written cell by cell where they do not recur; each cell
    must be what csv.writer writes for it among other cells, and what json writes."""
    expected = io.StringIO(newline="")
    csv.writer(expected, lineterminator="\n").writerow(["x", expected_cell(text), "x"])
    csv_cell, json_value = text_pieces(text)
    assert f"x,{csv_cell},x\n" == expected.getvalue()
    assert json_value == json.dumps(text, ensure_ascii=False)
    assert text_pieces(None) == ("", "null")


def test_output_is_deterministic(real_files):
    assert export_files(load_catalogue(REPO)) == real_files
    assert export_files(load_catalogue(REPO)) == export_files(load_catalogue(REPO))


def test_links_for_pages(shapes, shapes_files):
    qs = shapes.question_sets[SET]
    links = export_links(qs)
    assert links[0] == ("This question set, CSV, one row per council", f"data/question-sets/{SET}.csv")
    assert ("All answers, CSV, gzip-compressed", ALL_CSV) in links
    assert ("All answers, JSON, gzip-compressed", ALL_JSON) in links
    assert {path for _, path in links} == set(shapes_files)
    assert {path for _, path in export_links()} <= set(shapes_files)
    assert len(export_links()) == len(links) - 1
    assert download_href(f"question-sets/{SET}/q1/", ALL_CSV) == "../../../data/answers.csv.gz"
    assert download_href(f"question-sets/{SET}/", links[0][1]) == f"../../data/question-sets/{SET}.csv"
    assert download_href("", ALL_CSV) == ALL_CSV


def test_the_whole_log_files_are_gzip_that_every_reader_reads_whole(shapes, tmp_path):
    """Each whole-log file is gzip members end to end, one for the head, each set's rows,
    and the tail: Python's gzip and zcat read all of it; no member carries a time or a
    name, so the bytes do not change from one run to the next."""
    import shutil
    import subprocess

    from exports_oracle import write_export_files

    (tmp_path / "data").mkdir()
    write_export_files(tmp_path, shapes)
    texts = export_files(shapes)
    for path in (ALL_CSV, ALL_JSON):
        data = (tmp_path / path).read_bytes()
        with gzip.open(tmp_path / path, "rt", encoding="utf-8", newline="") as fh:
            assert fh.read() == texts[path]
        if shutil.which("zcat"):
            done = subprocess.run(["zcat", str(tmp_path / path)], capture_output=True, check=True)
            assert done.stdout == texts[path].encode("utf-8")
        members = data.count(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")
        assert members >= 2 and data.startswith(b"\x1f\x8b\x08\x00\x00\x00\x00\x00")  # no name, time 0



def test_question_ids_that_would_repeat_a_response_column_are_refused():
    """The loader refuses every question id whose columns in a set's CSV file would have
    a response column's name (test_page_weight.py shows the refusal)."""
    from generator.load.checks import RESERVED_QUESTION_IDS
    clashing = {name[: -len("_" + col)] for name in RESPONSE_COLUMNS for col in ANSWER_COLUMNS
                if name.endswith("_" + col)}
    assert clashing == {"response"} and clashing <= set(RESERVED_QUESTION_IDS)
