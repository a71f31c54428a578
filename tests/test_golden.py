"""The golden trees: what `foilog generate` writes for each fixture log is byte for byte
the tree committed under tests/fixtures/golden/trees/ (regenerated, when a change to the
output is meant, by `.venv/bin/python tests/golden.py`)."""

from __future__ import annotations

import pytest

from golden import LOGS, TREES, differences, files, generate

REGENERATE = "if the change is meant, run `.venv/bin/python tests/golden.py` and commit the trees"


@pytest.mark.parametrize("name", sorted(LOGS))
def test_golden_tree(name, tmp_path):
    expected = files(TREES / name)
    assert expected, f"no golden tree for {name}: {REGENERATE}"
    found = differences(expected, files(generate(name, tmp_path / name)))
    assert not found, f"{name}: the generated docs folder differs from its golden tree ({REGENERATE}):\n" + \
        "\n".join(found[:40])


def test_golden_comparison_reports_every_kind_of_difference():
    expected = files(TREES / "compare")
    page = next(name for name in expected if name.endswith(".md"))
    download = next(name for name in expected if name.endswith(".csv"))
    actual = dict(expected)
    actual[page] = expected[page].replace(b"\n", b"\n ", 1)  # one byte more on the second line
    del actual[download]
    actual["extra/index.md"] = b"# extra\n"
    assert differences(expected, actual) == [
        f"missing: {download}", "added: extra/index.md", f"changed: {page}, from line 2"]
    assert differences(expected, dict(expected)) == []


def test_a_compressed_download_is_compared_byte_for_byte():
    import gzip

    expected = files(TREES / "compare")
    name = next(name for name in expected if name.endswith(".csv.gz"))
    text = gzip.decompress(expected[name])
    changed = {**expected, name: gzip.compress(text.replace(b"\n", b"\n ", 1), mtime=0)}
    assert differences(expected, changed) == [f"changed: {name}, from line 2 (decompressed)"]
    # The same text compressed otherwise is a difference too: the trees are checked as published.
    recompressed = {**expected, name: gzip.compress(text, compresslevel=1, mtime=0)}
    assert recompressed[name] != expected[name]
    assert differences(expected, recompressed) == [f"changed: {name}, its compression alone"]
