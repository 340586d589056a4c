"""Summary text as escaped HTML with each flagged span wrapped in ``<mark>``."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..types import Flag


def highlight_spans(text: str, flags: Sequence[Flag]) -> str:
    """Escape ``text`` and mark flagged spans; overlapping flags share pieces.

    Each piece carries the ids of the flags covering it (``data-flags``) and the class of the most
    severe one, so a page can link a highlight to its flag.
    """
    spans = [f for f in flags if f.summary_span.end > f.summary_span.start]
    cuts = sorted({0, len(text), *(f.summary_span.start for f in spans),
                   *(f.summary_span.end for f in spans)})
    out = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        piece = escape(text[lo:hi])
        covering = [f for f in spans if f.summary_span.start <= lo and hi <= f.summary_span.end]
        if not covering:
            out.append(piece)
            continue
        worst = max(covering, key=lambda f: f.severity.rank)
        ids = " ".join(escape(f.id) for f in covering)
        title = escape("; ".join(f"{f.code}: {f.message}" for f in covering))
        first = escape(covering[0].id)
        out.append(
            f'<a class="hl" href="#flag-{first}"><mark class="{worst.severity.value}" '
            f'data-flags="{ids}" title="{title}">{piece}</mark></a>'
        )
    return "".join(out)
