"""The register as foilog reads it: mySociety's copy with the reviewed corrections applied,
and start dates shown only where they are the councils' own."""

from __future__ import annotations

import csv
import datetime as dt
import shutil

import pytest

from conftest import FIXTURES, REPO, page_text
from generator.load.catalogue import load_catalogue
from generator.common.problems import ContentError
from generator.load.register import CORRECTIONS_CSV, REGISTER_CSV, load_register, read_corrections
from generator.render.pages import PageJob, plan_site, render_page
from generator.load.settings import Settings
from generator.load.succession import existed_on

TODAY = dt.date(2026, 11, 22)


def published_rows() -> dict[str, dict[str, str]]:
    """The register exactly as mySociety publishes it."""
    with open(REGISTER_CSV, newline="", encoding="utf-8") as fh:
        return {row["local-authority-code"]: row for row in csv.DictReader(fh)}


def test_every_correction_still_applies_to_the_register_it_patches():
    rows, register = published_rows(), load_register()
    corrections = read_corrections()
    assert len(corrections) >= 4
    for c in corrections:
        assert rows[c.code][c.field] == c.register_value, c
        assert c.corrected_value != c.register_value and c.source and c.source_url.startswith("https://")
        dt.date.fromisoformat(c.reviewed)
        field = {"region": "region", "start-date": "start_date"}[c.field]
        assert getattr(register.get(c.code), field) == c.corrected_value


def test_the_known_mistakes_are_corrected():
    register = load_register()
    # Both county councils are in the East Midlands, as the register's rows for their districts say.
    assert register.get("LIN").region == register.get("BOT").region == "East Midlands"
    assert register.get("DBY").region == register.get("AMB").region == "East Midlands"
    assert register.get("THR").came_into_being == dt.date(1998, 4, 1)
    assert register.get("LCE").came_into_being == dt.date(1997, 4, 1)


def test_a_correction_the_register_no_longer_needs_stops_loading_at_its_line(tmp_path):
    stale = tmp_path / "corrections.csv"
    shutil.copy(CORRECTIONS_CSV, stale)
    lines = stale.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("DBY,region,"))
    lines[at] = lines[at].replace("DBY,region,West Midlands,", "DBY,region,North West,")
    lines.append("XXX,region,North West,East Midlands,A source,https://example.org/,2026-12-04")
    stale.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_register(REGISTER_CSV, stale)
    # Every problem at once, each at its line.
    [dby, unknown] = err.value.problems
    assert (dby.line, unknown.line) == (at + 1, len(lines))
    assert dby.path == str(stale)
    assert "gives DBY's region as 'West Midlands', not 'North West'" in dby.message
    assert "remove the correction" in dby.hint
    assert "XXX is not a council code" in unknown.message


@pytest.mark.parametrize("code, day", [
    ("LDS", None),                    # 2005-06-08 in the register: the day its entry was made
    ("ABE", None),                    # 2005-06-18, like every Scottish council
    ("IOW", None),                    # 2005-06-17
    ("MAN", dt.date(1974, 4, 1)),
    ("BIR", dt.date(1974, 4, 1)),     # corrected from 1996-07-01
    ("CBD", dt.date(2023, 4, 1)),
    ("AMB", None),                    # no start date at all
])
def test_a_start_date_is_shown_only_where_it_is_the_councils_own(code, day):
    assert load_register().get(code).came_into_being == day


def test_every_start_date_shown_is_a_reorganisation_day():
    """Councils are created on 1 April; combined authorities on the day their order says.
    A start date on any other day is the register's own record-keeping, not the council's."""
    odd = {(c.code, c.came_into_being) for c in load_register().councils.values()
           if c.came_into_being and (c.came_into_being.month, c.came_into_being.day) != (4, 1)
           and c.type_code != "COMB"}
    assert odd == set()


def test_a_council_counts_before_its_record_keeping_start_date():
    register = load_register()
    # The register starts Leicester on 2005-06-19; it was a unitary council long before.
    assert existed_on(register.get("LCE"), dt.date(2005, 3, 1), register)
    assert existed_on(register.get("LDS"), dt.date(2005, 3, 1), register)
    assert not existed_on(register.get("CBD"), dt.date(2023, 3, 31), register)


def council_page(code: str, repo=REPO) -> str:
    catalogue = load_catalogue(repo, today=TODAY)
    plan = plan_site(catalogue, Settings(), TODAY)
    return page_text(render_page(plan, PageJob("council", [c.code for c in plan.councils].index(code)))[1])


def test_the_council_page_shows_the_corrected_start_date_and_its_source():
    text = council_page("LCE")
    assert "Came into being 1 April 1997" in text
    assert "2005-06-19" in text and "Corrected here" in text
    assert "Leicestershire (City of Leicester and District of Rutland) (Structural Change) Order 1996" in text
    # The City of London's start date in the register, 2005-06-28, is the day its entry was made.
    london = council_page("LND", FIXTURES / "coverage")
    assert "City of London Corporation" in london and "Came into being" not in london


def test_the_downloads_use_the_corrected_region(tmp_path):
    from exports_oracle import export_files

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "coverage" / "content", content)
    (content / "responses" / "dby").mkdir()
    (content / "responses" / "dby" / "ot-provision-2022.yaml").write_text(
        "council: DBY\nquestion_set: ot-provision-2022\noutcome: successful\n", encoding="utf-8")
    files = export_files(load_catalogue(tmp_path, today=TODAY))
    rows = [r for r in csv.DictReader(files["data/answers.csv.gz"].splitlines()) if r["council_code"] == "DBY"]
    assert rows and {r["region"] for r in rows} == {"East Midlands"}


def test_an_abolished_councils_page_gives_its_last_day_whichever_way_the_register_writes_it(tmp_path):
    # The register ends Cumbria on 2023-04-01, the day its successors start, and Dorset on
    # 2019-03-31, its last day: both were abolished on 1 April.
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "coverage" / "content", content)
    for code in ("cma", "dor"):
        (content / "responses" / code).mkdir()
        (content / "responses" / code / "ot-provision-2022.yaml").write_text(
            f"council: {code.upper()}\nquestion_set: ot-provision-2022\noutcome: successful\n", encoding="utf-8")
    assert "Last day 31 March 2023, then replaced by Cumberland Council, " \
           "Westmorland and Furness Council" in council_page("CMA", tmp_path)
    assert "Last day 31 March 2019, then replaced by Dorset Council" in council_page("DOR", tmp_path)
    assert "Last day" not in council_page("COV", tmp_path)


def test_the_attributions_page_lists_every_correction_with_its_source():
    catalogue = load_catalogue(REPO, today=TODAY)
    plan = plan_site(catalogue, Settings(), TODAY)
    text = page_text(render_page(plan, PageJob("attributions"))[1])
    for c in read_corrections():
        council = catalogue.register.get(c.code).official_name
        field = "Region" if c.field == "region" else "Start date"
        assert f"{council} {field} {c.register_value} {c.corrected_value} {c.source}" in text
