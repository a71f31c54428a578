"""Charts drawn at build time as inline SVG: nothing is fetched when a page is read.

Each chart carries a <title> and <desc> for assistive technology, and the page shows the
same figures as text beside it. Colours come from CSS classes, so the light and dark
themes both apply."""

from __future__ import annotations

from markupsafe import Markup, escape

ROW_HEIGHT = 26
LABEL_WIDTH = 190
BAR_WIDTH = 330
COUNT_WIDTH = 60
WIDTH = LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH


def bar_chart(bars: list[tuple[str, str, int]], title: str, description: str, chart_id: str) -> Markup:
    """A horizontal bar chart of (css key, label, count), longest bar = largest count."""
    height = max(1, len(bars)) * ROW_HEIGHT + 4
    most = max((n for _, _, n in bars), default=0) or 1
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg class="foilog-chart__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
    ]
    for i, (key, label, n) in enumerate(bars):
        y = i * ROW_HEIGHT + 2
        width = round(BAR_WIDTH * n / most, 1) if n else 0
        parts.append(
            f'<g class="foilog-bar foilog-bar--{escape(key)}">'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{ROW_HEIGHT - 6}" rx="2"></rect>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 17}">{n}</text></g>'
        )
    parts.append("</svg>")
    return Markup(f'<figure class="foilog-chart" id="{escape(chart_id)}">' + "".join(parts) + "</figure>")
