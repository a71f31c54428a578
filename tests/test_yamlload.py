"""The strict YAML reader: nothing YAML would silently change gets through."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from generator.load import yamlload
from generator.load.freetext import FREE_TEXT_KEYS, free_text_keys
from generator.load.models import Line, Text
from generator.load.yamlerrors import MAX_REPORTED
from generator.load.yamlload import MAX_DEPTH, MAX_FILE_BYTES, load_file, parse_text


def problems(text: str) -> list[str]:
    return [str(p) for p in parse_text(text, "f.yaml")[1]]


@pytest.mark.parametrize("text, expected", [
    ("a: No\n", 'f.yaml:1:4: `No` is read by YAML as false, not as the word (put it in quotes: "No"; for a yes/no value write true or false)'),
    ("a: yes\n", 'f.yaml:1:4: `yes` is read by YAML as true, not as the word (put it in quotes: "yes"; for a yes/no value write true or false)'),
    ("a: 1:30\n", 'f.yaml:1:4: `1:30` is read by YAML as the number 90, not as written (put it in quotes: "1:30")'),
    ("a: 012\n", 'f.yaml:1:4: `012` is read by YAML as the number 10, not as written (put it in quotes: "012")'),
    ("a: 0x1F\n", 'f.yaml:1:4: `0x1F` is read by YAML as the number 31, not as written (put it in quotes: "0x1F")'),
    ("a: 1_000\n", 'f.yaml:1:4: `1_000` is read by YAML as the number 1000, not as written (put it in quotes: "1_000")'),
    ("a:\n  - NULL\n", 'f.yaml:2:5: `NULL` is read by YAML as an empty value, not as the word (put it in quotes: "NULL")'),
])
def test_yaml_11_coercions_are_errors(text, expected):
    assert problems(text) == [expected]


def test_plain_values_that_mean_what_they_say_are_kept():
    doc, found = parse_text('a: 12\nb: 39.25\nc: true\nd: 2023-01-09\ne: "No"\nf: 0116 4545472\ng:\n', "f.yaml")
    assert found == []
    assert doc.data == {"a": 12, "b": 39.25, "c": True, "d": "2023-01-09", "e": "No", "f": "0116 4545472", "g": None}


def test_duplicate_key_names_both_lines():
    assert problems("a: 1\nb: 2\na: 3\n") == [
        "f.yaml:3:1: `a` appears twice in the same block (first on line 1) "
        "(keep one of them; YAML would silently keep only the last)"
    ]


def test_anchors_and_aliases_are_refused_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)
    )
    found = problems(bomb)
    assert any("anchor `&a` is not allowed" in p for p in found)
    assert any("alias `*a` is not allowed" in p for p in found)
    doc, _ = parse_text(bomb, "f.yaml")
    assert doc.data["b"] == [None, None, None, None]


def test_tags_are_refused():
    assert problems("a: !!python/object:os.system x\n")[0].startswith("f.yaml:1:4: YAML tag")


def test_positions_of_values_and_keys():
    doc, _ = parse_text("top:\n  list:\n    - x: 1\n      y: two\n", "f.yaml")
    assert doc.position(("top", "list", 0, "y")) == (4, 10)
    assert doc.key_position(("top", "list", 0, "y")) == (4, 7)
    assert doc.position(("top", "missing")) == (2, 3)


NOT_CHECKED = "the rest of the file was not checked"


@pytest.mark.parametrize("text, line, column, words", [
    ("a:\n\tb: 1\n", 2, 1, "indent with spaces, not tabs"),
    ("a: 1\nsubject: Re: your request\n", 2, 12, "`subject: |-`"),
    ("a: 1\ntext: the first line\n  Note: the second\n", 3, 7, "put the words of `text` in a block: `text: |-`"),
    ('a: 1\nb: "never closed\nc: 2\n', 2, 4, "close the quote"),
    ("a: 1\nb: 'it's'\n", 2, 8, "write an apostrophe twice"),
    ('a: "C:\\path"\n', 1, 7, "write each backslash twice"),
    ("a: 1\njust some words\nb: 2\n", 2, 1, "add the key and its colon"),
    ("a: [x, y\nb: 1\n", 2, 2, "add the closing `]`"),
    ("a: @home\n", 1, 4, 'put the whole value in quotes: "@home"'),
    ("a:\n  b: 1\n c: 2\n", 3, 2, "line it up with the other keys of its block"),
])
def test_syntax_errors_say_what_to_do_and_that_the_rest_was_not_checked(text, line, column, words):
    found = parse_text(text, "f.yaml")[1]
    assert [(p.line, p.column) for p in found] == [(line, column)]
    assert found[0].message.startswith("YAML syntax error: ") and "(YAML says: " in found[0].message
    assert words in found[0].hint and NOT_CHECKED in found[0].hint


def test_what_comes_before_a_syntax_error_is_kept_for_the_raw_checks():
    before = "council: SHF\noutcome: No\nanswers:\n  - questions: [q1]\n  - questions: [q2]\n"
    doc, found = parse_text(before + "notes: Re: this\n", "f.yaml")
    assert [p.line for p in found] == [2, 6]  # `No`, read before the error, is still reported
    assert not doc.complete
    assert doc.data == {"council": "SHF", "outcome": "No", "answers": [{"questions": ["q1"]}, {"questions": ["q2"]}]}
    # Where the error is within the last entry, that entry may be cut short: it is left out.
    doc, _ = parse_text(before + "    text: Re: this\n", "f.yaml")
    assert doc.data == {"council": "SHF", "outcome": "No", "answers": [{"questions": ["q1"]}]}
    doc, _ = parse_text("council: SHF\nnotes: the first line\n  Re: the second\n", "f.yaml")
    assert doc.data == {"council": "SHF"}
    assert parse_text("notes: Re: this\n", "f.yaml")[0] is None


def test_control_characters_are_reported_at_their_line_and_column_with_the_rest_of_the_file():
    text = "".join(f"k{i}: words\n" for i in range(58)) + "note: the words of t\x07he council\nb: No\n"
    found = [str(p) for p in parse_text(text, "f.yaml")[1]]
    assert found[0].startswith("f.yaml:59:21: an invisible control character (U+0007) is in the file (delete it")
    assert found[1].startswith("f.yaml:60:4: `No` is read by YAML as false")
    assert len(found) == 2


def test_control_characters_past_the_first_few_are_counted_not_listed():
    found = parse_text("a: " + "\x01" * 100 + "\n", "f.yaml")[1]
    assert len(found) == MAX_REPORTED + 1
    assert found[-1].message == f"{100 - MAX_REPORTED} more control characters from here on"
    assert (found[-1].line, found[-1].column) == (1, 4 + MAX_REPORTED)


FREE = frozenset({"subject", "text", "options", "name"})


@pytest.mark.parametrize("text, line, empty", [
    ("subject: Freedom of Information Act 2000 #FOIA wording\n", 1, False),
    ('subject: "Freedom of Information"   # FOIA wording\n', 1, False),
    ("text: the first line\n  and the second # ticket 12\n", 2, False),
    ("answers:\n  - text: Yes. # we hold it\n", 2, False),
    ("subject:  # FOI team reply\n", 1, True),
    ("options:\n  - Always\n  - Not now # or later\n", 3, False),
    ("options: [Always, Not yet # or never\n  ]\n", 1, False),
])
def test_a_comment_on_the_line_of_free_text_is_refused(text, line, empty):
    found = parse_text(text, "f.yaml", FREE)[1]
    column = text.splitlines()[line - 1].index(" #") + 2  # the `#`
    assert [(p.line, p.column) for p in found] == [(line, column)]
    assert ("is empty: the words after `#`" in found[0].message) is empty
    assert "read by YAML as a comment" in found[0].message
    assert "|-` and the words on the next line" in found[0].hint


@pytest.mark.parametrize("text", [
    "council: SHF  # Sheffield City Council\n",
    "reference: FOI 123  # the council's reference\n",
    "subject: Request FOI#4521, not a comment\n",
    "# a comment of its own\nsubject: Freedom of Information\n",
    "text: |-  # the council's words\n  Call the #FOI team. # not a comment\n",
    "name:\n  first: Jo # a block under a free-text key holds other keys\n",
])
def test_comments_after_codes_and_in_blocks_are_allowed(text):
    assert parse_text(text, "f.yaml", FREE)[1] == []


class _Inner(BaseModel):
    caption: Line | None = None


class _Outer(BaseModel):
    remarks: Text
    inner: list[_Inner] = []
    code: str = ""


def test_free_text_keys_come_from_the_models():
    for key in ("text", "wording", "subject", "introduction", "closing", "notes", "name", "title", "options"):
        assert key in FREE_TEXT_KEYS
    assert not FREE_TEXT_KEYS & {"council", "question_set", "reference", "outcome", "id", "url", "number"}
    # A new field of either kind, in a model held by another, is found.
    assert free_text_keys((_Outer,)) == {"remarks", "caption"}


@pytest.mark.parametrize("text", ["", "   \n", "# just a comment\n"])
def test_empty_files(text):
    assert problems(text) == ["f.yaml:1:1: the file is empty (fill it in, or delete it if it was created by mistake)"]


def test_two_documents_in_one_file():
    assert "more than one YAML document" in problems("a: 1\n---\nb: 2\n")[0]


def test_deep_nesting_is_refused():
    assert any("nested more than" in p for p in problems("a: " + "[" * 40 + "]" * 40 + "\n"))


class _Counting:
    """The parser, counting the events read from it."""

    read = 0
    parser_class = yamlload.Parser

    def __init__(self, text):
        self.parser = self.parser_class(text)

    def get_event(self):
        _Counting.read += 1
        return self.parser.get_event()

    def dispose(self):
        self.parser.dispose()


@pytest.mark.parametrize("deep, line, column", [
    ("notes2: " + "[" * 499_990 + "]" * 499_990, 2, len("notes2: ") + MAX_DEPTH + 1),  # about 1 MiB
    # under a repeated key, whose value is skipped
    ("a: 1\na: " + "{b: " * 200_000 + "}" * 200_000, 3, len("a: ") + len("{b: ") * MAX_DEPTH + 1),
    ("? " + "[" * 300_000 + "]" * 300_000 + "\n: x", 2, len("? ") + MAX_DEPTH + 1),  # as a key
], ids=["1 MiB", "repeated key", "key"])
def test_deep_nesting_stops_the_reading_where_it_is_found(tmp_path, monkeypatch, deep, line, column):
    """The parser's time per event grows with the depth around it: a deep file is not
    read to its end, but refused where it first goes too deep."""
    path = tmp_path / "deep.yaml"
    path.write_text("council: SHF\n" + deep + "\n")
    assert path.stat().st_size <= MAX_FILE_BYTES
    _Counting.read = 0
    monkeypatch.setattr(yamlload, "Parser", _Counting)
    found = load_file(path, "deep.yaml")[1]
    deepest = found[-1]
    assert f"nested more than {MAX_DEPTH} levels deep" in deepest.message and NOT_CHECKED in deepest.hint
    assert (deepest.line, deepest.column) == (line, column)
    assert _Counting.read < 10 * MAX_DEPTH


def test_oversized_file(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * (MAX_FILE_BYTES + 1))
    doc, found = load_file(big, "big.yaml")
    assert doc is None and "more than the" in found[0].message


def test_bytes_that_are_not_utf8(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: ok\nb: caf\xc3\xa9 cr\xe8me\nc: No\n")  # a UTF-8 \xe9, then a Latin-1 one
    doc, found = load_file(bad, "bad.yaml")
    # At the first byte that is not UTF-8, counting characters before it; the rest of
    # the file is still read for its other problems.
    assert str(found[0]) == "bad.yaml:2:11: the file is not UTF-8 text (save it as UTF-8 in your editor)"
    assert [(p.line, p.message.split(" ")[0]) for p in found[1:]] == [(3, "`No`")]


def test_bom_and_crlf_are_accepted(tmp_path):
    f = tmp_path / "win.yaml"
    f.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: two\r\n")
    doc, found = load_file(f, "win.yaml")
    assert found == [] and doc.data == {"a": 1, "b": "two"}
