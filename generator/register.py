"""The register of UK local authorities (mySociety, CC-BY-4.0), read from the copy in data/."""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REGISTER_CSV = Path(__file__).parent / "data" / "uk-local-authorities" / "uk_local_authorities_future.csv"

REGISTER_ATTRIBUTION = (
    "Council names, codes, types and regions: UK Local Authorities (including future), "
    "version 1.7.3, by mySociety, licensed under CC BY 4.0."
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


class Register:
    def __init__(self, councils: dict[str, Council]):
        self.councils = councils
        self._by_name: dict[str, str] = {}
        self._by_core: dict[str, set[str]] = {}
        for council in councils.values():
            for name in (council.official_name, council.nice_name, *council.alt_names):
                self._by_name.setdefault(_norm(name), council.code)
                self._by_core.setdefault(_core(name), set()).add(council.code)

    def get(self, code: str) -> Council | None:
        return self.councils.get(code)

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


@lru_cache(maxsize=1)
def load_register(path: Path = REGISTER_CSV) -> Register:
    councils: dict[str, Council] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["local-authority-code"]
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
    return Register(councils)
