"""Render: article text as HTML with matches highlighted, every character of the text escaped.

An article may contain "<script>" or "<img onerror=...>": it is shown as those characters,
never as markup, because only the <mark> tags added here are unescaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable


def highlight_html(text: str, spans: Iterable[tuple[int, int, str, str]]) -> str:
    """Return `text` escaped as HTML with each (start, end, css_class, title) span wrapped in <mark>.

    Overlapping spans keep the first one that starts; classes and titles are escaped too.
    """
    out, at = [], 0
    for start, end, css_class, title in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < at or end <= start:
            continue
        out.append(html.escape(text[at:start]))
        out.append(
            f'<mark class="{html.escape(css_class, quote=True)}" title="{html.escape(title, quote=True)}">'
            f"{html.escape(text[start:end])}</mark>"
        )
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)
