"""The pipeline filters, counts and orders in SQL (`selectors.with_pipeline_dates`); the page
shows the model's `due_date` and `is_overdue`. Both must say the same of every partnership."""

from datetime import timedelta

import pytest
from django.utils import timezone

from carbon20.home import scale
from carbon20.partnerships import selectors
from carbon20.partnerships.models import Partnership, Status


@pytest.mark.django_db
def test_due_date_and_overdue_in_sql_agree_with_the_model():
    scale.generate(scale.Spec(municipalities=2, companies=120, years=1, seed=7))
    # Dates the generator never makes: an agreed date in the past and one in the future, on
    # partnerships of every status.
    for index, partnership in enumerate(Partnership.objects.order_by("id")[:40]):
        partnership.next_action_due = timezone.localdate() + timedelta(days=index - 20)
        partnership.save(update_fields=["next_action_due"])
    today = timezone.localdate()
    rows = list(selectors.with_pipeline_dates(Partnership.objects.all(), today))
    statuses = {row.status for row in rows}
    assert {Status.ACTIVE, Status.PAUSED, Status.COMPLETED} <= statuses
    assert any(row.pipeline_overdue for row in rows) and not all(r.pipeline_overdue for r in rows)
    for row in rows:
        due = row.pipeline_due
        # PostgreSQL adds an interval to a date as a timestamp at midnight.
        due = due.date() if hasattr(due, "date") else due
        assert (row.pk, due) == (row.pk, row.due_date)
        assert (row.pk, row.pipeline_overdue) == (row.pk, row.is_overdue)
