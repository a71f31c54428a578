"""The register of UK local authorities (mySociety, CC-BY-4.0), read from the copy in data/."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.common.problems import ContentError, Problem

REGISTER_DIR = Path(__file__).parent / "data" / "uk-local-authorities"
REGISTER_CSV = REGISTER_DIR / "uk_local_authorities_future.csv"
CORRECTIONS_CSV = REGISTER_DIR / "corrections.csv"
"""Reviewed corrections to the register, each with its source; applied as it is read."""

CORRECTABLE_FIELDS = ("region", "start-date")
"""The register's columns a correction may change."""

RECORD_KEEPING_DAYS = (dt.date(2005, 5, 27), dt.date(2005, 6, 28))
"""The first and last of the start dates that record when the register's entries were made,
not when the councils began: councils of every age (Leeds and Liverpool of 1974, the
Scottish councils of 1996) start on a handful of days in these weeks of 2005, in which no
council was created."""

REGISTER_ATTRIBUTION = (
    "Council names, codes, types and regions: UK Local Authorities (including future), "
    "version 1.7.3, by mySociety, licensed under CC BY 4.0; a few values corrected, each "
    "listed with its source on the site's attributions page."
)
REGISTER_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
REGISTER_SOURCE_URL = "https://github.com/mysociety/uk_local_authority_names_and_codes"


@dataclass(frozen=True)
class Council:
    code: str
    official_name: str
    nice_name: str
    gss_code: str
    nation: str
    region: str
    type_code: str
    type_name: str
    county_code: str
    start_date: str
    end_date: str
    replaced_by: tuple[str, ...]
    current: bool
    alt_names: tuple[str, ...]
    wdtk_id: str
    gov_uk_slug: str

    @property
    def came_into_being(self) -> dt.date | None:
        """The day the council came into being, when the register records it; None when the
        register gives no date, or only the day its entry was made (`RECORD_KEEPING_DAYS`)."""
        if not self.start_date:
            return None
        day = dt.date.fromisoformat(self.start_date)
        first, last = RECORD_KEEPING_DAYS
        return None if first <= day <= last else day

    @property
    def slug(self) -> str:
        """The council's path segment on the site: its register code in lower case."""
        return self.code.lower()


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


_TITLE_WORDS = {"council", "borough", "city", "district", "county", "royal", "of", "the", "metropolitan",
                "london", "and", "unitary", "authority", "corporation", "cc", "mbc", "bc", "dc"}


def _core(name: str) -> str:
    """A name without the words that vary between spellings ("Borough Council", "Royal")."""
    return " ".join(w for w in _norm(name).split() if w not in _TITLE_WORDS)


@dataclass(frozen=True)
class Correction:
    """One reviewed change to a register value: `field` of council `code` reads
    `register_value` in the register and is `corrected_value` in fact, as `source` (found at
    `source_url`) shows; `reviewed` is the day someone last checked it against the source.
    `line` is its line in the corrections file."""

    code: str
    field: str
    register_value: str
    corrected_value: str
    source: str
    source_url: str
    reviewed: str
    line: int


class Register:
    def __init__(self, councils: dict[str, Council], corrections: tuple[Correction, ...] = ()):
        self.councils = councils
        self.corrections = corrections
        self._by_name: dict[str, str] = {}
        self._by_core: dict[str, set[str]] = {}
        for council in councils.values():
            for name in (council.official_name, council.nice_name, *council.alt_names):
                self._by_name.setdefault(_norm(name), council.code)
                self._by_core.setdefault(_core(name), set()).add(council.code)

    def get(self, code: str) -> Council | None:
        return self.councils.get(code)

    def corrections_for(self, code: str) -> list[Correction]:
        """The corrections made to one council's register values."""
        return [c for c in self.corrections if c.code == code]

    def __contains__(self, code: str) -> bool:
        return code in self.councils

    def suggest(self, text: str) -> list[str]:
        """Register codes a mistaken `council:` value probably meant, best first."""
        upper = text.strip().upper()
        if upper in self.councils:
            return [upper]
        found = self._by_name.get(_norm(text))
        if found:
            return [found]
        same_core = sorted(self._by_core.get(_core(text), ()), key=lambda c: (not self.councils[c].current, c))
        if same_core:
            return same_core
        names = difflib.get_close_matches(_norm(text), list(self._by_name), n=3, cutoff=0.75)
        codes = [self._by_name[n] for n in names]
        codes += difflib.get_close_matches(upper, list(self.councils), n=2, cutoff=0.67)
        return list(dict.fromkeys(codes))


def _shown(path: Path) -> str:
    """A file's path as problems name it: from the project's folder when it is inside."""
    try:
        return path.resolve().relative_to(Path(__file__).resolve().parents[2]).as_posix()
    except ValueError:
        return str(path)


def read_corrections(path: Path = CORRECTIONS_CSV) -> list[Correction]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return [Correction(row["code"], row["field"], row["register_value"], row["corrected_value"],
                           row["source"], row["source_url"], row["reviewed"], reader.line_num) for row in reader]


def apply_corrections(rows: dict[str, dict[str, str]], corrections: list[Correction], path: Path) -> None:
    """Change the register's rows as the corrections say; a ContentError naming every
    correction that no longer fits the register (a new version may have fixed the value, or
    changed it again), so that none is applied to a value nobody reviewed."""
    shown = _shown(path)
    problems = []
    for c in corrections:
        row = rows.get(c.code)
        if c.field not in CORRECTABLE_FIELDS:
            problems.append(Problem(shown, c.line, 0, f"`{c.field}` is not a field a correction may change",
                                    "use one of: " + ", ".join(CORRECTABLE_FIELDS)))
        elif row is None:
            problems.append(Problem(shown, c.line, 0, f"{c.code} is not a council code in the register",
                                    "check the code, or remove the correction"))
        elif row[c.field] != c.register_value:
            problems.append(Problem(
                shown, c.line, 0,
                f"the register now gives {c.code}'s {c.field} as '{row[c.field]}', not '{c.register_value}' "
                f"as this correction expects",
                "check the register's new value against the source; remove the correction if the register "
                "is now right, or update `register_value` and `reviewed`"))
    if problems:
        raise ContentError(problems)
    for c in corrections:
        rows[c.code][c.field] = c.corrected_value


@lru_cache(maxsize=4)
def load_register(path: Path = REGISTER_CSV, corrections_path: Path = CORRECTIONS_CSV) -> Register:
    """The register, with its reviewed corrections applied."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = {row["local-authority-code"]: row for row in csv.DictReader(fh)}
    corrections = read_corrections(corrections_path)
    apply_corrections(rows, corrections, corrections_path)
    councils: dict[str, Council] = {}
    for code, row in rows.items():
        councils[code] = Council(
            code=code,
            official_name=row["official-name"],
            nice_name=row["nice-name"],
            gss_code=row["gss-code"],
            nation=row["nation"],
            region=row["region"],
            type_code=row["local-authority-type"],
            type_name=row["local-authority-type-name"],
            county_code=row["county-la"],
            start_date=row["start-date"],
            end_date=row["end-date"],
            replaced_by=tuple(c for c in row["replaced-by"].split(",") if c),
            current=row["current-authority"] == "True",
            alt_names=tuple(n.strip() for n in row["alt-names"].split(",") if n.strip()),
            wdtk_id=row["wdtk-id"].removesuffix(".0"),
            gov_uk_slug=row["gov-uk-slug"],
        )
    return Register(councils, tuple(corrections))
