"""Links between pages: formatting.relative gives what posixpath.relpath gives, for the
site's URLs and for odd ones (dots, doubled slashes, absolute paths)."""

from __future__ import annotations

import posixpath

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.analyse.formatting import relative


def by_relpath(from_url: str, to_url: str) -> str:
    """A link from one directory URL to another, worked out by posixpath.relpath."""
    anchor = ""
    if "#" in to_url:
        to_url, anchor = to_url.split("#", 1)
        anchor = "#" + anchor
    if to_url == from_url and anchor:
        return anchor
    rel = posixpath.relpath(to_url.rstrip("/") or ".", from_url.rstrip("/") or ".")
    return ("./" if rel == "." else rel + "/") + anchor


_segment = st.sampled_from(["councils", "abc", "ab", "set-1", "q1", ".", "..", "", ".x"])
_url = st.builds(lambda lead, parts, trail: lead + "/".join(parts) + trail,
                 st.sampled_from(["", "", "", "/", "./"]), st.lists(_segment, max_size=4),
                 st.sampled_from(["/", "/", ""]))


@settings(max_examples=3000, deadline=None)
@given(_url, _url, st.sampled_from(["", "#q1"]))
@example("", "", "")
@example("councils/abc/", "councils/abc/", "#q1")
@example("councils/abc/", "councils/abc/set-1/", "")
@example("councils/ab", "councils/abc/", "")
@example("councils/abc/", "councils/abc//set-1/", "")
@example("councils/abc/", "councils/abc/./set-1/", "")
@example("councils/abc/", "councils/abc/../x/", "")
@example("", "/councils/", "")
@example("topics/t/", "councils/abc/set-1/", "#q1")
def test_a_link_is_what_relpath_gives(from_url, to_url, anchor):
    assert relative(from_url, to_url + anchor) == by_relpath(from_url, to_url + anchor)


def test_links_between_the_sites_pages():
    assert relative("councils/abc/", "councils/abc/set-1/") == "set-1/"
    assert relative("councils/abc/", "councils/abc/set-1/#q1") == "set-1/#q1"
    assert relative("", "councils/abc/") == "councils/abc/"
    assert relative("councils/abc/", "councils/abc/") == "./"
    assert relative("topics/t/", "councils/abc/") == "../../councils/abc/"
    assert relative("question-sets/s/q1/", "") == "../../../"
    assert relative("question-sets/s/q1/", "councils/abc/s/#q1") == "../../../councils/abc/s/#q1"
