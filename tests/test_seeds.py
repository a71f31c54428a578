"""Every line of both seed letters is on the built site, faithfully."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, page_text

SEEDS = FIXTURES / "seeds"

# Lines of the letters that are not published as text, each with the reason.
LETTER_FURNITURE = {
    # Leicester: labels of the letter's layout, and a named officer's direct details,
    # which the site withholds by default (they stay in the YAML as contact data).
    "You asked:": "layout label",
    "Answer:": "layout label",
    "Joe.Dawson@leicester.gov.uk": "personal data, withheld",
    "0116 4545472": "personal data, withheld",
    "Email: Joe.Dawson@leicester.gov.uk": "personal data, withheld",
    "Telephone No. 0116 4545472": "personal data, withheld",
    "e-mail: info.requests@leicester.gov.uk": "shown as the contact's email",
    # Coventry: letterhead and salutation.
    "Postal Address:": "letterhead",
    "www.coventry.gov.uk": "letterhead, shown as the contact's web address",
    "E-mail: infogov@coventry.gov.uk": "letterhead, shown as the contact's email",
    "Phone: 024 7697 5408": "letterhead, shown as the contact's phone",
    "09 January 2023": "shown as the responded date",
    "Dear Sir/Madam": "salutation",
    "Request ID: FOI473301950": "shown as the council's reference",
    "You have requested the following information:": "layout label",
    "Yours faithfully": "salutation",
    "Information Governance": "signature",
}


def _lines(name: str) -> list[str]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    # List bullets ("- The number of…") and question numbers ("7.", "a.") are layout,
    # shown as the page's headings; the words after them must be there.
    lines = [" ".join(re.sub(r"^\s*(-|\d+\.|[a-d]\.)\s*", "", line).split()) for line in text.splitlines()]
    return [line for line in lines if line and line not in LETTER_FURNITURE]


@pytest.mark.parametrize("seed, page", [
    ("leicester-city-council-ehcp-ot-provision.txt", "councils/lce/ehcp-ot-provision-2019/index.html"),
    ("coventry-city-council-ehcp-information-request.txt", "councils/cov/ehcp-information-request-2022/index.html"),
])
def test_every_line_of_the_seed_is_on_its_response_page(real_site, seed, page):
    text = page_text((real_site / page).read_text(encoding="utf-8"))
    missing = [line for line in _lines(seed) if line not in text]
    assert not missing, "lines of the letter not on the page:\n" + "\n".join(missing)


def test_withheld_personal_data_is_not_published_but_kept_as_data(real_site):
    from generator.load.catalogue import load_catalogue
    from conftest import REPO

    everything = "".join(p.read_text(encoding="utf-8") for p in real_site.rglob("*.html"))
    assert "Joe.Dawson@leicester.gov.uk" not in everything
    assert "4545472" not in everything
    assert "Joe Dawson" in everything
    catalogue = load_catalogue(REPO)
    contacts = [c for e in catalogue.entries for a in e.response.answers for c in a.contacts]
    assert any(c.email == "Joe.Dawson@leicester.gov.uk" and c.phone == "0116 4545472" for c in contacts)


def test_leicester_page_carries_the_ogl_attribution(real_site):
    text = page_text((real_site / "councils/lce/ehcp-ot-provision-2019/index.html").read_text(encoding="utf-8"))
    assert "Re-use: Open Government Licence v3.0" in text
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in text
    assert "You may re-use the information under an Open Government Licence." in text


def test_coventry_page_carries_its_restricted_terms_and_no_ogl_claim(real_site):
    html = (real_site / "councils/cov/ehcp-information-request-2022/index.html").read_text(encoding="utf-8")
    text = page_text(html)
    assert "Re-use restricted" in text
    assert "does not confer an automatic right to re-use the information" in text
    assert "An exception to this is photographs." in text
    assert "Open Government Licence" not in text
    assert "open-government-licence" not in html
