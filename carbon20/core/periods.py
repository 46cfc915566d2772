"""Periods that may not overlap: the one rule against double counting, for every import and
entry door that records a quantity over a period (consumption today; production records and
meter data use the same).

A `Span` is a period under a key (for consumption: carrier and site); two spans with the
same key clash when they share a day. `find_clashes` checks new spans against each other and
against those already stored, in O(n log n), and names for each new span the one it clashes
with: a stored span first, else another new one. Pure: no ORM, no translation.
"""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Span:
    key: Hashable
    start: date
    end: date
    # What the span stands for: a row number, a request index, a stored record.
    ref: Any = None


def _stored_index(spans: list[Span]):
    """Sorted by start, with the running span of latest end: the one a query must meet."""
    spans = sorted(spans, key=lambda span: span.start)
    starts = [span.start for span in spans]
    reaching: list[Span] = []
    for span in spans:
        if not reaching or span.end > reaching[-1].end:
            reaching.append(span)
        else:
            reaching.append(reaching[-1])
    return starts, reaching


def find_clashes(new: Sequence[Span], stored: Sequence[Span] = ()) -> dict[int, Span]:
    """Position in `new` → the span it overlaps (stored ones first)."""
    stored_by_key: dict[Hashable, list[Span]] = defaultdict(list)
    for span in stored:
        stored_by_key[span.key].append(span)
    indexes = {key: _stored_index(spans) for key, spans in stored_by_key.items()}
    clashes: dict[int, Span] = {}
    for position, span in enumerate(new):
        if span.key not in indexes:
            continue
        starts, reaching = indexes[span.key]
        last = bisect_right(starts, span.end) - 1
        if last >= 0 and reaching[last].end >= span.start:
            clashes[position] = reaching[last]
    new_by_key: dict[Hashable, list[int]] = defaultdict(list)
    for position, span in enumerate(new):
        new_by_key[span.key].append(position)
    for positions in new_by_key.values():
        positions.sort(key=lambda position: (new[position].start, position))
        latest: int | None = None
        for position in positions:
            span = new[position]
            if latest is not None and new[latest].end >= span.start:
                clashes.setdefault(position, new[latest])
            if latest is None or span.end > new[latest].end:
                latest = position
    return clashes
