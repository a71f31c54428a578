"""Built pages lose the theme's indentation and blank lines, and nothing a reader sees."""

from __future__ import annotations

from conftest import page_text
from generator.engines.compact import compact_html


def test_indentation_and_blank_lines_go_and_the_text_stays(real_site):
    page = (real_site / "councils" / "lce" / "ehcp-ot-provision-2019" / "index.html").read_text(encoding="utf-8")
    assert "\n  " not in page and "\n\n" not in page  # the engine's output went through it
    loose = page.replace("\n", "\n    \n      ")
    assert compact_html(loose) == page
    assert page_text(compact_html(loose)) == page_text(loose)


def test_pre_and_textarea_are_left_as_they_are():
    for page in ("<p>a</p>\n\n   <pre>  x\n\n  y</pre>", "<textarea>\n\n  a</textarea>\n   <p>b</p>"):
        assert compact_html(page) == page
    assert compact_html("<p>a</p>\n   \n\t<p>b</p>\n") == "<p>a</p>\n<p>b</p>\n"
