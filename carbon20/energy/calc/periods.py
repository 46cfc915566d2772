"""Consumption periods: validation and the share of a period that falls in a window."""

from datetime import date, timedelta

MAX_PERIOD_DAYS = 366


class PeriodError(ValueError):
    """A period that cannot be a consumption period; `code` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def days_inclusive(start: date, end: date) -> int:
    """Both ends count: 1 January to 31 January is 31 days."""
    return (end - start).days + 1


def validate_period(start: date, end: date) -> None:
    if end < start:
        raise PeriodError("end_before_start", "the period ends before it starts")
    if days_inclusive(start, end) > MAX_PERIOD_DAYS:
        raise PeriodError("too_long", f"the period is longer than {MAX_PERIOD_DAYS} days")


def overlap_days(start: date, end: date, window_start: date, window_end: date) -> int:
    first = max(start, window_start)
    last = min(end, window_end)
    return max(0, days_inclusive(first, last))


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, clipped to the month's last day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = days_in_month(year, month)
    return date(year, month, min(day.day, last_day))


def days_in_month(year: int, month: int) -> int:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return (following - date(year, month, 1)).days


def twelve_month_end(start: date) -> date:
    """The last day of the 12-month period that begins on `start`."""
    return add_months(start, 12) - timedelta(days=1)


def months_in_period(start: date, end: date) -> list[tuple[int, int, int]]:
    """(year, month, days of the period in that month) for every month the period touches."""
    months: list[tuple[int, int, int]] = []
    cursor = date(start.year, start.month, 1)
    while cursor <= end:
        month_last = date(cursor.year, cursor.month, days_in_month(cursor.year, cursor.month))
        days = overlap_days(start, end, cursor, month_last)
        months.append((cursor.year, cursor.month, days))
        cursor = month_last + timedelta(days=1)
    return months
