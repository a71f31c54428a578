"""Helpers for the browser tests: Debian's Chromium driven by Playwright, the built site
served on 127.0.0.1, every request and console message recorded, and the axe-core scan.

Chromium is the system browser (installed by scripts/bootstrap), never one downloaded by
Playwright. A missing browser or axe-core fails the tests: it is never a reason to skip."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.localsite import CHROMIUM, QuietHandler, launch_chromium, serve as local_serve

REPO = Path(__file__).resolve().parent.parent
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "build" / "screenshots"

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


def launch(playwright):
    """Debian's Chromium, headless. Fails (never skips) if it is not installed."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./scripts/bootstrap, which installs "
                    "Debian's chromium package (or set FOILOG_CHROMIUM to a Chromium or Chrome).",
                    pytrace=False)
    return launch_chromium(playwright)


AXE_URL_PATH = "/.test-tools/axe.min.js"


class _QuietHandler(QuietHandler):
    """Serves the site, and axe-core at AXE_URL_PATH (so the browser caches and compiles it
    once, instead of being sent half a megabyte of script for every page scanned)."""

    def translate_path(self, path):
        if path.split("?", 1)[0] == AXE_URL_PATH:
            return str(AXE)
        return super().translate_path(path)


def serve(site: Path):
    """The built site on http://127.0.0.1:<free port>/, with axe-core beside it."""
    return local_serve(site, _QuietHandler)


@dataclass
class Tab:
    """A browser tab on one served site that records what the page did: requests to any
    other host (blocked), failed or erroneous local requests, console errors, page errors."""

    context: object
    page: object
    base: str
    external: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def goto(self, path: str = ""):
        response = self.page.goto(self.base + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return self.page

    def reset(self):
        """Forget what earlier pages did (a tab is reused by many tests)."""
        for found in (self.external, self.bad_responses, self.console_errors, self.page_errors):
            found.clear()

    def problems(self) -> list[str]:
        return ([f"request to another host: {u}" for u in self.external]
                + [f"failed request: {u}" for u in self.bad_responses]
                + [f"console error: {m}" for m in self.console_errors]
                + [f"page error: {m}" for m in self.page_errors])

    def close(self):
        self.context.close()


def _local(base: str, url: str) -> bool:
    parts, home = urlsplit(url), urlsplit(base)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.port == home.port


def open_tab(browser, base: str, scheme: str = "light", device: str = "desktop") -> Tab:
    context = browser.new_context(color_scheme=scheme, **DEVICES[device])
    context.set_default_timeout(10_000)
    page = context.new_page()
    tab = Tab(context, page, base)

    def block(route):
        tab.external.append(route.request.url)
        route.abort()

    def response(resp):
        if resp.status >= 400:
            tab.bad_responses.append(f"{resp.status} {resp.url}")

    def request(req):
        # Requests a route cannot see (from workers, for instance) are still recorded.
        if not _local(base, req.url) and not req.url.startswith("data:") and req.url not in tab.external:
            tab.external.append(req.url)

    # Every request that is not to this server is blocked and recorded. The pattern is
    # matched inside the browser's driver, so requests to the site itself go straight on.
    context.route(re.compile(r"^(?!%s)" % re.escape(base)), block)
    context.on("request", request)
    context.on("response", response)
    # A request cut short because the reader moved to another page is not a failure.
    context.on("requestfailed", lambda req: _local(base, req.url) and req.failure != "net::ERR_ABORTED"
               and tab.bad_responses.append(f"{req.failure} {req.url}"))
    page.on("console", lambda msg: msg.type == "error" and tab.console_errors.append(
        f"{msg.text} ({msg.location.get('url', '')})"))
    page.on("pageerror", lambda err: tab.page_errors.append(str(err)))
    return tab


AXE_SERIOUS = ("serious", "critical")


def axe_scan(page) -> list[dict]:
    """Every axe-core rule (WCAG 2.0-2.2 A and AA, and best practice) on the whole page."""
    if not AXE.is_file():
        pytest.fail(f"axe-core not found at {AXE}: run ./scripts/bootstrap (npm ci).", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL_PATH)
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' ')),
        }));
    }""")


# Elements that stick out of the viewport without being inside something that scrolls.
CUT_OFF_JS = """() => {
    const width = document.documentElement.clientWidth;
    // Inside something that scrolls sideways, or off-canvas (the phone's navigation drawer).
    const excused = el => {
        for (let p = el; p && p !== document.body; p = p.parentElement) {
            const style = getComputedStyle(p);
            if (p !== el && (style.overflowX === 'auto' || style.overflowX === 'scroll')) { return true; }
            if (style.position === 'fixed') { return true; }
        }
        return false;
    };
    const out = [];
    for (const el of document.querySelectorAll('.md-main *, .md-header *, .md-footer *')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) { continue; }
        if (getComputedStyle(el).visibility === 'hidden') { continue; }
        if ((box.right > width + 1 || box.left < -1) && !excused(el)) {
            out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
                ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                + ` [${Math.round(box.left)}, ${Math.round(box.right)}] "${(el.textContent || '').trim().slice(0, 40)}"`);
        }
    }
    // A table may scroll sideways, but its caption is read first and must fit the screen.
    for (const caption of document.querySelectorAll('.md-main caption')) {
        const box = caption.getBoundingClientRect();
        if (box.right > width + 1 || box.left < -1) {
            out.push(`caption [${Math.round(box.left)}, ${Math.round(box.right)}] "${caption.textContent.trim().slice(0, 40)}"`);
        }
    }
    return {width, scrollWidth: document.documentElement.scrollWidth, out};
}"""
