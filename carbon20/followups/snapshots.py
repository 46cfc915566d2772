"""The snapshot a held follow-up keeps: what the follow-up found, as it was that day.

The shape is typed and versioned. `write` is the only function that builds one and `read`
the only one that reads one; stored snapshots never change, so `read` understands every
version ever written and returns the current shape.

Version 1 (until December 2026) had no `version` key, and its measured result did not say
which records it used nor (at first) which water and waste it left out; read, its result
gets ``records: None`` (not recorded then) and, where it lacks them, ``not_counted: []``.
Version 2 adds `version` and the result's `records` (whose records: the P-unit's or the
whole company's, and the days their periods span).
Version 3 adds `documented`: the savings per data kind by the agreement's method
(`followups.documented.as_json`), each with its evidence grade, uncertainty and model quality.
Read, versions 1 and 2 get ``documented: []`` (no method was chosen then: bills, in `result`).
"""

from typing import Any, TypedDict

VERSION = 3


class ActionState(TypedDict):
    uuid: str
    title: str
    focus_area: str
    status: str
    dropped_reason: str


class Snapshot(TypedDict):
    version: int
    taken_at: str | None
    held_date: str | None
    number: int | None
    barriers: list[str]
    actions: list[ActionState]
    # `followups.results.as_json` of the measured and the deemed result: Decimals as strings.
    result: dict[str, Any]
    deemed: dict[str, Any]
    documented: list[dict[str, Any]]


def write(
    *,
    taken_at: str,
    held_date: str | None,
    number: int,
    barriers: list[str],
    actions: list[ActionState],
    result: dict[str, Any],
    deemed: dict[str, Any],
    documented: list[dict[str, Any]],
) -> Snapshot:
    return Snapshot(
        version=VERSION,
        taken_at=taken_at,
        held_date=held_date,
        number=number,
        barriers=list(barriers),
        actions=list(actions),
        result=dict(result),
        deemed=dict(deemed),
        documented=list(documented),
    )


def check_version(version: int | None) -> None:
    """A snapshot written by newer code than this is not read: its shape is unknown here.
    Version 1 stored no version."""
    if (version or 1) > VERSION:
        raise ValueError(f"Snapshot version {version} is newer than this code ({VERSION}).")


def read(stored: dict[str, Any] | None) -> Snapshot | None:
    """The stored snapshot in the current shape; None for a follow-up not held."""
    if stored is None:
        return None
    version = stored.get("version", 1)
    check_version(version)
    result = dict(stored.get("result") or {})
    if version == 1 and result.get("measured"):
        result.setdefault("records", None)
        result.setdefault("not_counted", [])
    return Snapshot(
        version=version,
        taken_at=stored.get("taken_at"),
        held_date=stored.get("held_date"),
        number=stored.get("number"),
        barriers=list(stored.get("barriers") or []),
        actions=[_action(action) for action in stored.get("actions") or []],
        result=result,
        deemed=dict(stored.get("deemed") or {}),
        documented=list(stored.get("documented") or []),
    )


def _action(stored: dict[str, Any]) -> ActionState:
    return ActionState(
        uuid=stored["uuid"],
        title=stored["title"],
        focus_area=stored.get("focus_area", ""),
        status=stored["status"],
        dropped_reason=stored.get("dropped_reason", ""),
    )
