"""foilog's settings, from `extra: foilog:` in mkdocs.yml, and the checks that the project
can be used at all (mkdocs.yml readable, a content folder). A module of its own, importing
neither the loader nor the renderer, so that a run with nothing to generate can read them
quickly."""

from __future__ import annotations

import datetime as dt
import os

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.common.problems import Problem

CONFIG_NAME = "mkdocs.yml"
SETTING_NAMES = ("publish_personal_contacts",)


@dataclass(frozen=True)
class Settings:
    """What a maintainer may change, from `extra.foilog` in mkdocs.yml."""

    publish_personal_contacts: bool = False
    site_name: str = "FOI disclosure log"
    site_url: str = ""


class SettingsError(ValueError):
    """The project's set-up cannot be used: every problem found, each at its file, line
    and column. A ValueError, as a bad setting always was."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def __reduce__(self):  # so that it crosses from the generator's process intact
        return SettingsError, (self.problems,)

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for foilog's own settings, ignoring MkDocs-specific tags."""


_LenientLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(path: Path) -> dict:
    """mkdocs.yml as plain data; SettingsError when it cannot be read or is not YAML."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SettingsError([Problem(name, 0, 0, f"cannot be read: {getattr(err, 'strerror', None) or err}",
                                     "run foilog from the project folder, which holds mkdocs.yml")]) from None
    try:
        config = yaml.load(text, Loader=_LenientLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        what = getattr(err, "problem", None) or str(err)
        raise SettingsError([Problem(name, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0,
                                     f"this is not valid YAML: {what}",
                                     "fix mkdocs.yml at the line and column shown")]) from None
    if config is None:
        return {}
    if not isinstance(config, dict):
        raise SettingsError([Problem(name, 1, 1, "mkdocs.yml must be a block of settings (key: value lines)",
                                     "see the project's own mkdocs.yml")])
    return config


def _position(source: Path | None, keys: tuple[str, ...], at_name: bool = False) -> tuple[int, int]:
    """Where the value at `keys` (its name, with `at_name`) is written in `source`
    (1-based), or (0, 0) if unknown."""
    if source is None:
        return 0, 0
    try:
        node = yaml.compose(source.read_text(encoding="utf-8"), Loader=_LenientLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return 0, 0
    name = node
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return 0, 0
        found = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key]
        if not found:
            return 0, 0
        name, node = found[-1]  # the last, as YAML's loader keeps
    node = name if at_name else node
    return node.start_mark.line + 1, node.start_mark.column + 1


def settings_from(config: dict, source: Path | None = None) -> Settings:
    """foilog's settings live under `extra: foilog:` in mkdocs.yml; SettingsError lists
    every one that is wrong, at its line and column in `source` (the mkdocs.yml read)."""
    name = source.name if source is not None else CONFIG_NAME
    problems = []

    def problem(keys: tuple[str, ...], message: str, hint: str, at_name: bool = False) -> None:
        problems.append(Problem(name, *_position(source, keys, at_name), message, hint))

    extra = config.get("extra") or {}
    foilog = extra.get("foilog") if isinstance(extra, dict) else None
    if not isinstance(extra, dict):
        problem(("extra",), "`extra` must be a block of settings", "indent `foilog:` under `extra:`")
    elif foilog is not None and not isinstance(foilog, dict):
        problem(("extra", "foilog"), "`extra: foilog:` must be a block of settings",
                "write `publish_personal_contacts: false` on the next line, indented under `foilog:`")
    foilog = foilog if isinstance(foilog, dict) else {}
    for key in sorted(set(map(str, foilog)) - set(SETTING_NAMES)):
        problem(("extra", "foilog", key), f"`{key}` is not a foilog setting",
                "the settings under `extra: foilog:` are: " + ", ".join(SETTING_NAMES), at_name=True)
    publish = foilog.get("publish_personal_contacts", False)
    if not isinstance(publish, bool):
        problem(("extra", "foilog", "publish_personal_contacts"),
                f"`publish_personal_contacts` must be true or false, not {publish!r}",
                "true publishes named officers' direct emails and phone numbers; false withholds them")
    if problems:
        raise SettingsError(problems)
    return Settings(publish_personal_contacts=publish, site_name=config.get("site_name") or Settings.site_name,
                    site_url=config.get("site_url") or "")


def check_content_folder(repo: Path, content_dir: str = "content") -> None:
    """SettingsError unless the project has its content folder: without it every command
    would find nothing to check and build an empty site."""
    if not (repo / content_dir).is_dir():
        raise SettingsError([Problem(content_dir, 0, 0, f"there is no {content_dir}/ folder beside mkdocs.yml",
                                     f"run foilog in the project folder; the response files live in {content_dir}/")])


def build_date() -> dt.date:
    """The day the site is built for: SOURCE_DATE_EPOCH when set (for reproducible
    builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()
