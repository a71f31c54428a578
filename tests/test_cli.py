"""The command line as a contributor meets it: `validate` on a file of deliberate
mistakes compared with the exact expected output, annotations for pull requests, `new`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO as REPO_FOR_SETS, make_repo

GOLDEN = FIXTURES / "golden"
SHEFFIELD = "content/responses/shf/ehcp-information-request-2022.yaml"


def run(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=repo, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def mistaken(tmp_path) -> Path:
    repo = make_repo(tmp_path / "repo")
    (repo / SHEFFIELD).parent.mkdir(parents=True)
    shutil.copy(GOLDEN / "mistakes.yaml", repo / SHEFFIELD)
    return repo


def test_every_mistake_reported_exactly_in_one_run(mistaken):
    result = run(mistaken, "validate")
    assert result.returncode == 1
    assert result.stdout == (GOLDEN / "mistakes.expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in result.stderr


def test_pull_request_annotations(mistaken):
    result = run(mistaken, "validate", "--format", "github", SHEFFIELD)
    assert result.returncode == 1
    assert result.stdout == (GOLDEN / "mistakes.github.txt").read_text(encoding="utf-8")


def test_only_named_files_are_reported(mistaken):
    result = run(mistaken, "validate", "content/responses/cov/ehcp-information-request-2022.yaml")
    assert (result.returncode, result.stdout) == (0, "0 errors, 0 warnings in 1 file checked.\n")
    result = run(mistaken, "validate", "mkdocs.yml", "content/nothing.yaml")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/nothing.yaml:0:0: there is no such file (check the path)",
        "mkdocs.yml:0:0: this file is not a content file (foilog validate checks files under content/)",
        "2 errors, 0 warnings in 0 files checked.",
        "Fix each problem at the line and column shown, then run `foilog validate` again.",
    ]


def test_warnings_fail_only_when_strict(tmp_path):
    repo = make_repo(tmp_path / "repo")
    path = repo / "content/responses/cov/ehcp-information-request-2022.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    text: Spot purchasing, time limited.",
                                 "    text: Spot purchasing, time limited. Call Sam on 07700 900123."), encoding="utf-8")
    lenient = run(repo, "validate")
    assert lenient.returncode == 0 and "warning: a named person's phone number is in free text" in lenient.stdout
    strict = run(repo, "validate", "--strict")
    assert strict.returncode == 1 and strict.stdout.endswith("--strict: warnings count as errors.\n")


def test_new_writes_every_question_in_the_right_place(tmp_path):
    repo = make_repo(tmp_path / "repo")
    result = run(repo, "new", "Sheffield", "ehcp-information-request-2022")
    assert result.returncode == 0, result.stderr
    path = repo / SHEFFIELD
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../../schema/response.schema.json"
    assert "council: SHF  # Sheffield City Council\n" in text
    from generator.load.catalogue import load_catalogue
    qs = load_catalogue(REPO_FOR_SETS).question_sets["ehcp-information-request-2022"]
    ids = [line.split("[", 1)[1].rstrip("]") for line in text.splitlines() if line.startswith("  - questions: [")]
    assert ids == [q.id for q in qs.all_questions()]

    # Until it is filled in, validate lists exactly what is left to do: every outcome.
    todo = run(repo, "validate", SHEFFIELD)
    assert todo.returncode == 1
    assert todo.stdout.count("`outcome` is empty: write one of:") == 1 + len(ids)
    assert f"{1 + len(ids)} errors, 0 warnings in 1 file checked." in todo.stdout

    # Filled in, it is valid as it stands.
    filled = text.replace("outcome:  # one of:", "outcome: not_held  # one of:").replace(
        "    outcome:\n", "    outcome: not_held\n").replace("    text:\n", "    text: This information is not held.\n")
    path.write_text(filled, encoding="utf-8")
    assert run(repo, "validate", SHEFFIELD).stdout == "0 errors, 0 warnings in 1 file checked.\n"


def test_new_never_overwrites_and_never_guesses(tmp_path):
    repo = make_repo(tmp_path / "repo")
    existing = repo / "content/responses/cov/ehcp-information-request-2022.yaml"
    before = existing.read_bytes()
    result = run(repo, "new", "COV", "ehcp-information-request-2022")
    assert result.returncode == 1 and "already exists: edit it instead" in result.stderr
    assert existing.read_bytes() == before

    unknown = run(repo, "new", "Nowhere Borough", "ehcp-information-request-2022")
    assert unknown.returncode == 1 and "is not a council code or name in the register" in unknown.stderr
    wrong_set = run(repo, "new", "SHF", "ehcp-information-request-2023")
    assert wrong_set.returncode == 1 and "Did you mean ehcp-information-request-2022?" in wrong_set.stderr
    assert not (repo / "content/responses/shf").exists()
    assert "Traceback" not in unknown.stderr + wrong_set.stderr


FORGED = "successful\\n0 errors, 0 warnings in 7 files checked.\\e[2J\\u202e"  # as YAML's double quotes write them


@pytest.mark.parametrize("command", [("validate",), ("validate", "--format", "github"), ("generate",)])
def test_council_text_in_a_message_cannot_forge_a_line_or_reach_the_terminal(tmp_path, command):
    repo = make_repo(tmp_path / "repo")
    path = repo / "content/responses/cov/ehcp-information-request-2022.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("outcome: partially_successful", f'outcome: "{FORGED}"', 1), encoding="utf-8")
    result = run(repo, *command)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    problem_lines = [line for line in output.splitlines() if "outcome" in line]
    assert len(problem_lines) == 1
    assert "successful\\n0 errors, 0 warnings in 7 files checked.\\x1b[2J\\u202e" in problem_lines[0]
    assert not [line for line in output.splitlines() if line.startswith("0 errors")]
    assert not set(output) & {"\x1b", "\u202e", "\r"}


def test_annotations_escape_what_github_reads_as_the_command():
    from generator.common.problems import Problem, github_annotation

    problem = Problem("content/a,b:c\n.yaml", 3, 7, "50% done\r\nnext", "x")
    assert github_annotation(problem) == (
        "::error file=content/a%2Cb%3Ac\\n.yaml,line=3,col=7,title=foilog validate::50%25 done\\r\\nnext (x)")
