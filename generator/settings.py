"""foilog's settings, from `extra: foilog:` in mkdocs.yml. A module of its own, importing
nothing, so that a run with nothing to generate can read them without the renderer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """What a maintainer may change, from `extra.foilog` in mkdocs.yml."""

    publish_personal_contacts: bool = False
    site_name: str = "FOI disclosure log"
    site_url: str = ""
