"""The strict YAML reader: nothing YAML would silently change gets through."""

from __future__ import annotations

import pytest

from generator.yamlload import MAX_FILE_BYTES, load_file, parse_text


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


def test_syntax_error_points_at_the_line_and_mentions_tabs():
    assert problems("a:\n\tb: 1\n") == [
        "f.yaml:2:1: YAML syntax error: found character that cannot start any token (indent with spaces, not tabs)"
    ]


@pytest.mark.parametrize("text", ["", "   \n", "# just a comment\n"])
def test_empty_files(text):
    assert problems(text) == ["f.yaml:1:1: the file is empty (fill it in, or delete it if it was created by mistake)"]


def test_two_documents_in_one_file():
    assert "more than one YAML document" in problems("a: 1\n---\nb: 2\n")[0]


def test_deep_nesting_is_refused():
    assert any("nested more than" in p for p in problems("a: " + "[" * 40 + "]" * 40 + "\n"))


def test_oversized_file(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * (MAX_FILE_BYTES + 1))
    doc, found = load_file(big, "big.yaml")
    assert doc is None and "more than the" in found[0].message


def test_bytes_that_are_not_utf8(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: ok\nb: caf\xe9\n")
    doc, found = load_file(bad, "bad.yaml")
    assert doc is None
    assert str(found[0]) == "bad.yaml:2:7: the file is not UTF-8 text (save it as UTF-8 in your editor)"


def test_bom_and_crlf_are_accepted(tmp_path):
    f = tmp_path / "win.yaml"
    f.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: two\r\n")
    doc, found = load_file(f, "win.yaml")
    assert found == [] and doc.data == {"a": 1, "b": "two"}
