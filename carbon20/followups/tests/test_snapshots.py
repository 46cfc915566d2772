"""The follow-up snapshot's typed, versioned shape: written by one function, read by one,
old stored snapshots still readable."""

import pytest
from django.urls import reverse

from carbon20.followups import snapshots
from carbon20.followups.models import FollowUp
from carbon20.followups.tests.test_follow_ups import TODAY, hold_data
from testsupport.fixtures import client_for

# A snapshot as version 1 stored it: no version, no records in the result.
VERSION_1 = {
    "taken_at": "2026-03-03T10:00:00+00:00",
    "held_date": "2026-03-03",
    "number": 1,
    "barriers": ["time"],
    "actions": [
        {
            "uuid": "7d1b1a52-0d4f-4a57-9a39-1d6bd0f1c001",
            "title": "LED i hallen",
            "focus_area": "electricity",
            "status": "done",
            "dropped_reason": "",
        }
    ],
    "result": {
        "measured": True,
        "baseline_year": 2024,
        "baseline_t": "100.000",
        "latest_year": 2025,
        "latest_t": "80.000",
        "reduction_percent": "20.00",
        "target_percent": "20",
    },
    "deemed": {"done_actions": 1, "tonnes_per_year": "10.000", "missing_factors": []},
}


def test_a_held_follow_up_stores_the_current_version(approved, officer_a):
    follow_up = approved.follow_ups.get(number=1)
    client_for(officer_a).post(follow_up.get_absolute_url(), hold_data())
    stored = FollowUp.objects.get(pk=follow_up.pk).snapshot
    assert stored["version"] == snapshots.VERSION == 3
    assert stored["documented"] == []
    assert stored["result"]["records"]["scope"] == "company"
    assert snapshots.read(stored) == stored


def test_a_version_1_snapshot_reads_in_the_current_shape():
    snapshot = snapshots.read(VERSION_1)
    assert snapshot["version"] == 1
    assert snapshot["result"]["records"] is None
    assert snapshot["result"]["latest_t"] == "80.000"
    assert [a["status"] for a in snapshot["actions"]] == ["done"]
    assert snapshots.read({}) == {
        "version": 1,
        "taken_at": None,
        "held_date": None,
        "number": None,
        "barriers": [],
        "actions": [],
        "result": {},
        "deemed": {},
        "documented": [],
    }
    assert snapshots.read(None) is None


def test_a_snapshot_newer_than_the_code_is_refused():
    with pytest.raises(ValueError, match="newer"):
        snapshots.read({**VERSION_1, "version": snapshots.VERSION + 1})


def test_the_overview_shows_version_1_snapshots_side_by_side(approved, officer_a, company_user):
    follow_up = approved.follow_ups.get(number=1)
    FollowUp.objects.filter(pk=follow_up.pk).update(
        held_date=TODAY(), form="visit", snapshot=VERSION_1
    )
    url = reverse("followups:overview", args=[approved.uuid])
    for user in (officer_a, company_user):
        page = client_for(user).get(url).content.decode()
        assert "80,0 t (2025)" in page and "20,0 %" in page
        assert "LED i hallen</th><td>Udført</td>" in page


def test_version_3_keeps_the_documented_figures_and_version_2_reads_without(approved, officer_a):
    agreement = approved.signed_agreement
    agreement.data_kinds = ["electricity"]
    agreement.documentation_methods = {"electricity": "bills"}
    agreement.save()
    follow_up = approved.follow_ups.get(number=1)
    client_for(officer_a).post(follow_up.get_absolute_url(), hold_data())
    stored = FollowUp.objects.get(pk=follow_up.pk).snapshot
    [electricity] = stored["documented"]
    assert electricity["evidence"] == "bills" and electricity["savings"] == "100000"
    assert electricity["co2e_saved_t"] == "10.000"
    assert snapshots.read(stored) == stored
    version_2 = {**stored, "version": 2}
    del version_2["documented"]
    assert snapshots.read(version_2)["documented"] == []
