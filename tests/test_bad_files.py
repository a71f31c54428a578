"""Bad files dropped into content/ all at once: each is refused at its own file and line
with what to do, in one run, and the good files beside them are still checked."""

from __future__ import annotations

import os

import pytest

from conftest import make_repo
from generator.load.catalogue import load_catalogue
from generator.load.register import load_register
from test_validation import COVENTRY, TODAY, edit, report

SET = "ehcp-information-request-2022"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))

# file under content/ -> its bytes
CORPUS: dict[str, bytes] = {
    "responses/shf/list.yaml": b"- council: SHF\n- question_set: x\n",
    "responses/shf/scalar.yaml": b"just a sentence someone pasted\n",
    "responses/shf/empty.yaml": b"",
    "responses/shf/tabs.yaml": f"council: SHF\nquestion_set: {SET}\n\toutcome: successful\n".encode(),
    "responses/shf/latin1.yaml": "council: SHF\nsubject: Caf\xe9 licences\n".encode("latin-1"),
    "responses/shf/bomb.yaml": BOMB.encode(),
    "responses/shf/deep.yaml": b"council: SHF\nnotes: " + b"[" * 30 + b"]" * 30 + b"\n",
    "responses/shf/huge.yaml": b"council: SHF\nnotes: " + b"x" * (1024 * 1024 + 10) + b"\n",
    "responses/shf/two-docs.yaml": b"council: SHF\n---\ncouncil: LDS\n",
    "responses/shf/notes.yml": b"council: SHF\n",
    "responses/shf/control.yaml": b"council: SHF\nsubject: A reply\x1b[2J from the council\n",
    "responses/shf/syntax.yaml": b"council: XYZ\nsubject: Re: your letter\n",
    "responses/shf/letter.pdf": b"%PDF-1.4\n",
    # path tricks in values that become file names or addresses
    "responses/shf/paths.yaml": (
        b"council: ../../etc\n"
        b"question_set: ../question-sets/x\n"
        b"outcome: successful\n"
        b"source:\n"
        b"  url: javascript:alert(1)\n"
        b"  attachments:\n"
        b"    - title: Letter\n"
        b"      url: 'https://example.org/a\" onmouseover=\"alert(1)'\n"
        b"answers:\n"
        b"  - questions: [q1/../../index]\n"
        b"    outcome: answered\n"
        b"    text: Yes.\n"
        b"    redirect_to:\n"
        b"      - name: A body\n"
        b"        url: data:text/html,<script>alert(1)</script>\n"),
    "question-sets/evil.yaml": b"id: ../evil\ntitle: Evil\nquestions:\n  - id: q1/../..\n    text: Hi\n",
    "question-sets/misnamed.yaml": b"id: something-else\ntitle: A set\nquestions:\n  - id: q1\n    text: Hi\n",
    "topics/Bad Topic.yaml": b"id: ../bad\ntitle: Bad\nquestions: []\n",
    # two councils on one page path: a body taking a register council's code
    "bodies/cov.yaml": b"code: COV\nname: Not Coventry\nkind: other\nnation: England\n",
    "bodies/cwpt.yaml": b"code: CWPTX\nname: A trust\nkind: nhs_trust\nnation: England\n",
    # a file name that does not match its content, and a second claim on one reply
    f"responses/lce/{SET}.yaml": f"council: COV\nquestion_set: {SET}\noutcome: successful\n".encode(),
    "responses/cov/another.yaml": f"council: COV\nquestion_set: {SET}\noutcome: successful\n".encode(),
    # dates that cannot be
    f"responses/shf/{SET}.yaml": (
        f"council: SHF\nquestion_set: {SET}\noutcome: successful\n"
        "dates:\n  received: 2023-01-10\n  responded: 2023-01-09\n"
        "  events:\n    - date: 2004-12-31\n      event: acknowledged\n    - date: 2031-01-01\n      event: internal_review_requested\n"
    ).encode(),
}

EXPECTED = {
    # (file, line) -> words the message must contain
    ("responses/shf/list.yaml", 1): "got a list",
    ("responses/shf/scalar.yaml", 1): "must be a block of `key: value` lines",
    ("responses/shf/empty.yaml", 1): "the file is empty",
    ("responses/shf/tabs.yaml", 3): "indent with spaces, not tabs",
    ("responses/shf/latin1.yaml", 2): "not UTF-8",
    ("responses/shf/bomb.yaml", 1): "anchor",
    ("responses/shf/deep.yaml", 2): "nested more than",
    ("responses/shf/huge.yaml", 1): "more than the",
    ("responses/shf/two-docs.yaml", 2): "more than one YAML document",
    ("responses/shf/notes.yml", 1): "end in .yaml",
    ("responses/shf/control.yaml", 2): "an invisible control character (U+001B)",
    ("responses/shf/syntax.yaml", 1): "'XYZ' is not a council code",
    ("responses/shf/syntax.yaml", 2): "YAML syntax error: a colon followed by a space",
    ("responses/shf/letter.pdf", 1): "not a content file",
    ("responses/shf/paths.yaml", 1): "'../../etc' is not a council code",
    ("responses/shf/paths.yaml", 2): "lower-case letters, digits and hyphens",
    ("responses/shf/paths.yaml", 5): "must be a web address starting with https://",
    ("responses/shf/paths.yaml", 8): "must be a web address starting with https://",
    ("responses/shf/paths.yaml", 10): "lower-case letters, digits and hyphens",
    ("responses/shf/paths.yaml", 15): "must be a web address starting with https://",
    ("question-sets/evil.yaml", 1): "lower-case letters, digits and hyphens",
    ("question-sets/evil.yaml", 4): "lower-case letters, digits and hyphens",
    ("question-sets/misnamed.yaml", 1): "misnamed",
    ("topics/Bad Topic.yaml", 1): "lower-case letters, digits and hyphens",
    ("topics/Bad Topic.yaml", 3): "must not be empty",
    ("bodies/cov.yaml", 1): "already used by Coventry City Council",
    ("bodies/cwpt.yaml", 1): "rename the file to cwptx.yaml",
    (f"responses/lce/{SET}.yaml", 1): f"{COVENTRY} already holds COV's response",
    ("responses/cov/another.yaml", 1): f"{COVENTRY} already holds COV's response",
    (f"responses/shf/{SET}.yaml", 6): "is before `received`",
    (f"responses/shf/{SET}.yaml", 8): "2005",
    (f"responses/shf/{SET}.yaml", 10): "future",
}


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("corpus"))
    for rel, data in CORPUS.items():
        path = repo / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    # a good file with one mistake of its own is still checked in the same run
    edit(repo, COVENTRY, "  - questions: [q8]", "  - questions: [q88]")
    return report(repo)


def at(problems: list[str], rel: str, line: int) -> list[str]:
    prefix = f"content/{rel}:{line}:"
    return [p for p in problems if p.startswith(prefix)]


@pytest.mark.parametrize("where", sorted(EXPECTED), ids=lambda w: f"{w[0]}:{w[1]}")
def test_each_bad_file_is_refused_at_its_line(corpus_report, where):
    found = at(corpus_report, *where)
    assert found, f"nothing reported at {where}:\n" + "\n".join(corpus_report)
    assert any(EXPECTED[where] in p for p in found), found
    assert all("(" in p and p.endswith(")") for p in found), "every message says what to do"


def test_nothing_is_reported_anywhere_else_and_the_good_files_are_still_checked(corpus_report):
    expected_files = {f"content/{rel}" for rel, _ in EXPECTED} | {COVENTRY}
    reported_files = {p.split(":", 1)[0] for p in corpus_report}
    assert reported_files == expected_files
    assert [p for p in corpus_report if p.startswith(COVENTRY)] == [
        f"{COVENTRY}:81:17: question `q88` is not in question set {SET} (did you mean `q8`? questions: "
        "q1, q2, q3, q4, q5, q5a, q5b, q5c, q5d, q6, q7, q7a, q7b, q7c, q7d, q8, q9, q9a, q9b, q9c, q10, q10a, "
        "q10b, q10c, q10d)"]


def test_links_in_content_are_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("council: COV\n")
    repo = make_repo(tmp_path / "repo")
    os.symlink(outside / "secret.yaml", repo / "content/responses/cov/linked.yaml")
    os.symlink(outside, repo / "content/responses/lnk")
    problems = report(repo)
    assert problems == [
        "content/responses/cov/linked.yaml:1:1: this is a link to another file, not a content file "
        "(replace the link with the file itself)",
        "content/responses/lnk:1:1: this is a link to another file, not a content file "
        "(replace the link with the file itself)",
    ]


def test_tabs_inside_text_are_kept(tmp_path):
    repo = make_repo(tmp_path)
    edit(repo, COVENTRY, "    text: Spot purchasing, time limited.", '    text: "Spot\\tpurchasing,\ttime limited."')
    catalogue = load_catalogue(repo, today=TODAY)
    texts = [a.text for e in catalogue.entries for a in e.response.answers if a.text and "purchasing" in a.text]
    assert texts == ["Spot\tpurchasing,\ttime limited."]


def test_register_codes_give_distinct_page_paths():
    codes = [c.code for c in load_register().councils.values()]
    assert len({c.lower() for c in codes}) == len(codes)
    assert all(c.isascii() and c.replace("-", "").isalnum() for c in codes)
