"""Charts drawn at build time as inline SVG: nothing is fetched when a page is read.

Each chart carries a <title> and <desc> for assistive technology, and the page shows the
same figures as text beside it. Colours come from CSS classes, so the light and dark
themes both apply."""

from __future__ import annotations

from markupsafe import Markup, escape

from generator.common.escape import html_text

# Each row is a label with its bar and count beneath it, so that long labels never crowd
# the bars and the chart stays legible when it is scaled down to a phone's width.
ROW_HEIGHT = 44
BAR_HEIGHT = 16
BAR_WIDTH = 340
COUNT_WIDTH = 60
WIDTH = BAR_WIDTH + COUNT_WIDTH


def bar_chart(bars: list[tuple[str, str, int]], title: str, description: str, chart_id: str) -> Markup:
    """A horizontal bar chart of (css key, label, count), longest bar = largest count."""
    height = max(1, len(bars)) * ROW_HEIGHT
    most = max((n for _, _, n in bars), default=0) or 1
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg class="foilog-chart__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{escape(title_id)}">{html_text(title)}</title>',
        f'<desc id="{escape(desc_id)}">{html_text(description)}</desc>',
    ]
    for i, (key, label, n) in enumerate(bars):
        y = i * ROW_HEIGHT
        width = round(BAR_WIDTH * n / most, 1) if n else 0
        parts.append(
            f'<g class="foilog-bar foilog-bar--{escape(key)}">'
            f'<text x="1" y="{y + 15}">{html_text(label)}</text>'
            f'<rect x="1" y="{y + 21}" width="{width}" height="{BAR_HEIGHT}" rx="2"></rect>'
            f'<text x="{width + 7}" y="{y + 34}">{n}</text></g>'
        )
    parts.append("</svg>")
    return Markup(f'<figure class="foilog-chart" id="{escape(chart_id)}">' + "".join(parts) + "</figure>")
