"""What the downloads say of values and cells: the first of several values, yes/no and
choice columns, a common measure with its exactness, a byte-order mark for Excel, the
formula guard past leading spaces, cells longer than the csv module's default limit, and
each council's own words for each question when many answers share their words. The
whole log has every column; a set's file (one row per response) those of wide.py, read
back here one row per council and question (test_exports.unwide)."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest

from conftest import FIXTURES
from generator.load.catalogue import Catalogue, Entry, load_catalogue
from exports_oracle import export_files, write_export_files
from generator.exports.columns import FIELD_NAMES
from generator.analyse.measure import common_measure
from generator.load.models import Answer, Value
from generator.exports.wide import RESPONSE_COLUMNS
from test_exports import ALL_CSV, ALL_JSON, SET, csv_rows, json_rows, row, set_json_rows, unwide, with_answers

# Each CSV file, with the JSON rows it is read beside (the whole log's, or a set's in it).
CSV_FILES = (ALL_CSV, f"data/question-sets/{SET}.csv")


def file_pairs(files):
    """(CSV rows, JSON rows) of the whole log and of the question set."""
    yield csv_rows(files[ALL_CSV]), json_rows(files[ALL_JSON])
    yield unwide(files[f"data/question-sets/{SET}.csv"]), set_json_rows(files, SET)


@pytest.fixture(scope="module")
def shapes():
    return load_catalogue(FIXTURES / "shapes")


def both(files, code, qid):
    """The row of one council and question in every CSV and JSON file."""
    for from_csv, from_json in file_pairs(files):
        yield row(from_csv, code, qid), row(from_json, code, qid)


def test_an_answer_with_two_values_fills_the_value_columns_from_the_first(shapes):
    catalogue = with_answers(shapes, "GRE", [{
        "questions": ["q6"], "outcome": "answered", "text": "15 per month at £170 per case",
        "values": [{"number": 15, "unit": "count", "counting": "cases", "per": "month"},
                   {"number": 170, "unit": "gbp", "per": "case"}]}])
    files = export_files(catalogue)
    whole = row(csv_rows(files[ALL_CSV]), "GRE", "q6")
    assert (whole["value"], whole["counting"], whole["per"], whole["values_read"]) == ("15", "cases", "month", "2")
    for from_csv, from_json in both(files, "GRE", "q6"):
        assert from_csv["value_text"] == "15 cases per month; £170 per case"
        assert (from_json["value"], from_json["values_read"]) == (15, 2)
        assert [v["number"] for v in from_json["values"]] == [15, 170]


def test_yes_no_and_choice_values_have_columns(shapes):
    catalogue = with_answers(shapes, "GRE", [
        {"questions": ["q10"], "outcome": "answered", "text": "Yes.", "values": [{"yes_no": True}]},
        {"questions": ["q9"], "outcome": "answered", "text": "Framework.", "values": [{"choice": "Framework"}]},
    ])
    files = export_files(catalogue)
    whole = csv_rows(files[ALL_CSV])
    assert (row(whole, "GRE", "q10")["yes_no"], row(whole, "GRE", "q10")["value"]) == ("true", "")
    assert (row(whole, "GRE", "q10")["qualifier"], row(whole, "GRE", "q9")["yes_no"]) == ("", "")
    assert row(whole, "GRE", "q9")["choice"] == "Framework"
    for from_csv, from_json in both(files, "GRE", "q10"):
        assert (from_csv["value_text"], from_csv["common_value"]) == ("Yes", "")
        assert from_json["yes_no"] is True and from_json["qualifier"] is None
    for from_csv, from_json in both(files, "GRE", "q9"):
        assert from_csv["value_text"] == "Framework"
        assert from_json["choice"] == "Framework" and from_json["yes_no"] is None
    package = json.loads(files["data/datapackage.json"])
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["yes_no"]["type"] == "boolean" and fields["common_exact"]["type"] == "boolean"
    assert fields["common_value"]["type"] == "number" and fields["values_read"]["type"] == "integer"


@pytest.mark.parametrize("given, exact", [
    ({"number": 2, "unit": "months"}, False),
    ({"number": 3, "unit": "weeks"}, True),
    ({"number": 5, "unit": "working_days"}, False),
    ({"number": 1.5, "unit": "years"}, False),
    ({"number": 2, "unit": "hours"}, True),
    ({"number": 48.84, "unit": "fte"}, True),
])
def test_the_common_measure_and_whether_it_is_exact(shapes, given, exact):
    measure = common_measure(Value.model_validate(given))
    assert measure.exact is exact
    catalogue = with_answers(shapes, "GRE", [{"questions": ["q2"], "outcome": "answered", "text": "As given.",
                                              "values": [given]}])
    for from_csv, from_json in both(export_files(catalogue), "GRE", "q2"):
        assert float(from_csv["common_value"]) == from_json["common_value"] == measure.number
        assert from_csv["common_unit"] == from_json["common_unit"] == measure.unit
        assert from_csv.get("common_exact", "true" if exact else "false") == ("true" if exact else "false")
        assert from_json["common_exact"] is exact
        assert from_json["values"][0]["common_number"] == measure.number


def test_common_measures_by_hand():
    def days(number, unit):
        return common_measure(Value(number=number, unit=unit))

    assert (days(2, "months").number, days(2, "months").unit) == (60.875, "days")  # 2 x 365.25 / 12
    assert days(3, "weeks").number == 21 and days(3, "working_days").number == 4.2
    assert (days(2, "hours").number, days(2, "hours").unit) == (120, "minutes")
    assert common_measure(Value(yes_no=True)) is None


def test_csv_files_open_in_excel_with_pounds_and_dashes(shapes, tmp_path):
    words = "£170 per case – or £2,040 a year"
    catalogue = with_answers(shapes, "GRE", [{"questions": ["q6"], "outcome": "answered", "text": words}])
    (tmp_path / "data").mkdir()
    write_export_files(tmp_path, catalogue)
    for path in CSV_FILES:
        data = (tmp_path / path).read_bytes()
        if path.endswith(".gz"):
            data = gzip.decompress(data)
        # Excel reads a CSV file as UTF-8 only when it begins with the byte-order mark.
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        if path == ALL_CSV:
            assert list(rows[0]) == list(FIELD_NAMES)
            assert row(rows, "GRE", "q6")["words"] == words
        else:
            assert list(rows[0])[:len(RESPONSE_COLUMNS)] == list(RESPONSE_COLUMNS)
            assert [r["q6_words"] for r in rows if r["council_code"] == "GRE"] == [words]


@pytest.mark.parametrize("text", [" =1+1", "  @SUM(A1)", "\n=1+1", " \t+44 20", "\u00a0-3"])
def test_a_formula_after_leading_space_is_guarded(shapes, text):
    catalogue = with_answers(shapes, "GRE", [{"questions": ["q1"], "outcome": "answered", "text": text}])
    for from_csv, from_json in both(export_files(catalogue), "GRE", "q1"):
        assert from_csv["words"] == "'" + text.replace("\r", "\n")
        assert from_json["words"] == text


def test_plain_text_after_leading_space_is_left_alone(shapes):
    catalogue = with_answers(shapes, "GRE", [{"questions": ["q1"], "outcome": "answered", "text": "  plain"}])
    for from_csv, _ in both(export_files(catalogue), "GRE", "q1"):
        assert from_csv["words"] == "  plain"


def test_a_cell_longer_than_the_csv_modules_limit_is_said_and_whole(shapes):
    limit = csv.field_size_limit()
    words = "word " * (limit // 5 + 1000)
    assert len(words) > limit
    catalogue = with_answers(shapes, "GRE", [{"questions": ["q1"], "outcome": "answered", "text": words}])
    files = export_files(catalogue)
    text = files[f"data/question-sets/{SET}.csv"]
    with pytest.raises(csv.Error):
        list(csv.reader(io.StringIO(text, newline="")))
    assert "csv.field_size_limit" in json.loads(files["data/datapackage.json"])["description"]
    try:
        csv.field_size_limit(len(words) + 1)
        assert row(unwide(text), "GRE", "q1")["words"] == words
    finally:
        csv.field_size_limit(limit)


def test_many_answers_with_the_same_words_each_keep_their_own_row(shapes):
    """Every council gives the same words, outcome and value to every question, but for a
    few: each row must hold its own council's words for its own question."""
    qs = shapes.question_sets[SET]
    # Questions without parts: a statement naming a part also answers its question.
    qids = [q.id for q in qs.questions if not q.parts]
    expected, entries = {}, []
    for i, e in enumerate(shapes.entries):
        answers = []
        for j, qid in enumerate(qids):
            words = f"Different: {e.council.code} {qid}" if (i + j) % 5 == 0 else "The same words."
            expected[(e.council.code, qid)] = words
            answers.append(Answer.model_validate({"questions": [qid], "outcome": "answered", "text": words,
                                                  "values": [{"number": 3, "unit": "weeks"}]}))
        entries.append(Entry(e.path, e.response.model_copy(update={"answers": answers}), e.council, e.question_set))
    catalogue = Catalogue(shapes.register, shapes.question_sets, entries, [], shapes.topics)
    files = export_files(catalogue)
    for pair in file_pairs(files):
        for rows in pair:
            assert len(rows) == len(entries) * len(qs.all_questions())
            found = {(r["council_code"], r["question_id"]): r for r in rows if r["question_id"] in qids}
            assert len(found) == len(entries) * len(qids)
            assert {key: r["words"] for key, r in found.items()} == expected
            assert {str(r["common_value"]) for r in found.values()} == {"21"}
