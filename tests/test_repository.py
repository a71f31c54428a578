"""Repository automation a maintainer relies on: the pull-request template, the issue
form, the workflows and the pre-commit hooks are well formed and run the real commands."""

from __future__ import annotations

import shlex
import shutil
import subprocess

import yaml

from conftest import FIXTURES, REPO, make_repo

SHEFFIELD = "content/responses/shf/ehcp-information-request-2022.yaml"


def load(rel: str):
    return yaml.safe_load((REPO / rel).read_text(encoding="utf-8"))


def test_pull_request_template_has_a_checklist():
    text = (REPO / ".github/pull_request_template.md").read_text(encoding="utf-8")
    items = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(items) >= 6
    assert any("foilog new" in line for line in text.splitlines())


def test_issue_form_for_adding_a_response():
    form = load(".github/ISSUE_TEMPLATE/add-response.yml")
    assert {"name", "description", "body"} <= set(form)
    fields = [f for f in form["body"] if f["type"] != "markdown"]
    ids = [f["id"] for f in fields]
    assert len(ids) == len(set(ids))
    assert all(f["attributes"].get("label") for f in fields)
    required = {f["id"] for f in fields if f.get("validations", {}).get("required")}
    assert {"council", "question_set", "reply"} <= required
    assert all(f["type"] in {"input", "textarea", "dropdown", "checkboxes"} for f in fields)


def steps(workflow: dict) -> list[dict]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def test_pull_request_workflow_validates_with_annotations_and_runs_the_tests():
    flow = load(".github/workflows/check.yml")
    assert "pull_request" in flow[True]          # YAML 1.1 reads the key `on` as true
    runs = "\n".join(s.get("run", "") for s in steps(flow))
    assert ".venv/bin/foilog validate --format github" in runs
    assert "./scripts/test" in runs
    checkout = next(s for s in steps(flow) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def test_publish_workflow_builds_and_deploys_the_site():
    flow = load(".github/workflows/publish.yml")
    assert flow[True]["push"]["branches"] == ["main"]
    all_steps = steps(flow)
    assert any(s.get("run") == "./scripts/build" for s in all_steps)
    upload = next(s for s in all_steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in all_steps)
    assert flow["permissions"]["pages"] == "write"


def test_pre_commit_hook_validates_changed_content(tmp_path):
    config = load(".pre-commit-config.yaml")
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    hook = hooks["foilog-validate"]
    assert hook["language"] == "script"
    entry = shlex.split(hook["entry"])
    assert (REPO / entry[0]).is_file()
    repo = make_repo(tmp_path / "repo")
    good = subprocess.run([str(REPO / entry[0]), *entry[1:], "content/responses/cov/ehcp-information-request-2022.yaml"],
                          cwd=repo, capture_output=True, text=True, timeout=300)
    assert good.returncode == 0, good.stdout + good.stderr
    (repo / SHEFFIELD).parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "golden" / "mistakes.yaml", repo / SHEFFIELD)
    bad = subprocess.run([str(REPO / entry[0]), *entry[1:], SHEFFIELD], cwd=repo, capture_output=True,
                         text=True, timeout=300)
    assert bad.returncode == 1 and f"{SHEFFIELD}:6:13: `received` must be a date" in bad.stdout
    for name in ("foilog-schema", "foilog-reference"):
        entry = shlex.split(hooks[name]["entry"])
        ran = subprocess.run([str(REPO / entry[0]), *entry[1:]], cwd=REPO, capture_output=True, text=True, timeout=300)
        assert ran.returncode == 0, ran.stderr
