from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from carbon20.core.periods import Span, find_clashes


def _span(key, start, end, ref=None):
    return Span(key, date.fromisoformat(start), date.fromisoformat(end), ref)


def test_identical_and_overlapping_rows_clash_with_the_earlier():
    new = [
        _span("el", "2024-01-01", "2024-01-31", 2),
        _span("el", "2024-01-01", "2024-01-31", 3),
        _span("el", "2024-01-15", "2024-02-15", 4),
        _span("gas", "2024-01-01", "2024-01-31", 5),
        _span("el", "2024-02-16", "2024-02-29", 6),
    ]
    clashes = find_clashes(new)
    assert {position: span.ref for position, span in clashes.items()} == {1: 2, 2: 2}


def test_stored_spans_are_named_first():
    stored = [_span("el", "2022-01-01", "2022-12-31", "record")]
    new = [_span("el", "2022-12-31", "2023-01-31", 7), _span("el", "2023-01-01", "2023-01-31", 8)]
    clashes = find_clashes(new, stored)
    assert clashes[0].ref == "record"
    assert clashes[1].ref == 7


def test_touching_periods_do_not_clash():
    stored = [_span("el", "2022-01-01", "2022-12-31")]
    assert find_clashes([_span("el", "2023-01-01", "2023-12-31")], stored) == {}


days = st.integers(min_value=0, max_value=60)


@given(
    st.lists(st.tuples(st.sampled_from("ab"), days, days), max_size=12),
    st.lists(st.tuples(st.sampled_from("ab"), days, days), max_size=6),
)
def test_agrees_with_comparing_every_pair(new_raw, stored_raw):
    origin = date(2024, 1, 1)

    def spans(raw):
        return [
            Span(key, origin + timedelta(min(a, b)), origin + timedelta(max(a, b)), index)
            for index, (key, a, b) in enumerate(raw)
        ]

    new, stored = spans(new_raw), spans(stored_raw)
    clashes = find_clashes(new, stored)

    def meets(x, y):
        return x.key == y.key and x.start <= y.end and y.start <= x.end

    for position, span in enumerate(new):
        expected = any(meets(span, other) for other in stored) or any(
            meets(span, other) for index, other in enumerate(new) if index != position
        )
        # Of two clashing new spans, at least the later-starting one is named.
        named = position in clashes
        if named:
            assert meets(span, clashes[position])
        if any(meets(span, other) for other in stored):
            assert named and clashes[position] in stored
        if not expected:
            assert not named
    pairs = [
        (i, j) for i in range(len(new)) for j in range(i + 1, len(new)) if meets(new[i], new[j])
    ]
    for i, j in pairs:
        assert i in clashes or j in clashes
