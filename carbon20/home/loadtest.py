"""`make loadtest`: Locust, headless, against `make serve` on PostgreSQL.

LOADTEST_USERS simulated users (50) of every role for LOADTEST_DURATION (10m), on the
national data set of `make bench-scale` (generated the first time), with a mix of reads and
writes: pipeline, partnership pages, follow-ups held, consumption imported through the page
and sent through the API, dashboards, exports, reviews, public pages (`locustfile.py`). Prints
the p50, p95 and p99 of every request name and fails when any request failed.

Personas are logged in here (`Client.force_login`, as the bench does) and written to a JSON
file for the Locust process, staff with their second factor given; their API tokens and
authenticators are removed at the end.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
HOST = "127.0.0.1"


class FormFields(HTMLParser):
    """The fields of the page's own form (method post, sent to the page itself: not the
    layout's language switch), with the values the page filled in: what a browser would
    send if the person changed nothing."""

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.path = path
        self.fields: dict[str, str] = {}
        self.in_form = False
        self.seen_form = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        own = (values.get("action") or "") in ("", self.path)
        if tag == "form" and (values.get("method") or "").lower() == "post" and own:
            self.in_form = not self.seen_form
            self.seen_form = True
        if not self.in_form:
            return
        name = values.get("name")
        kind = values.get("type") or "text"
        if tag == "input" and name and kind not in ("submit", "button", "file"):
            if kind in ("checkbox", "radio") and "checked" not in values:
                return
            self.fields[name] = values.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select:
            if self.select not in self.fields or "selected" in values:
                self.fields[self.select] = values.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def personas(users: int) -> tuple[dict[str, list[dict]], list]:
    """Enough personas of each role that no two simulated users share one."""
    from carbon20.accounts.models import Role, User
    from carbon20.actionplans.models import ActionPlan
    from carbon20.api.models import ApiToken, hash_secret
    from carbon20.followups.models import FollowUp
    from carbon20.home import bench_scale, scale
    from carbon20.organisations.models import PortfolioEntry
    from carbon20.partnerships.models import Partnership, Status, Step
    from carbon20.screening.models import TechnicalReview

    programme = scale.existing_programme(scale.Spec())
    if programme is None:
        raise SystemExit("The scale data set is missing.")
    dashboard = f"/reports/{programme.slug}/"
    tokens: list = []

    def session(user) -> str:
        return bench_scale.verified_session(user, tokens)

    def token(user) -> str:
        secret = ApiToken.new_secret()
        tokens.append(
            ApiToken.objects.create(
                user=user, name="loadtest", prefix=secret[:12], secret_hash=hash_secret(secret)
            )
        )
        return secret

    count = max(2, users)
    step6 = Partnership.objects.filter(
        programme=programme, step=Step.FOLLOW_UP, status=Status.ACTIVE
    ).order_by("id")
    officers = list(
        User.objects.filter(owned_partnerships__in=step6).distinct().order_by("id")[:count]
    )
    result: dict[str, list[dict]] = {"officer": [], "coordinator": [], "consultant": []}
    for officer in officers:
        own = step6.filter(owner=officer)
        # The next follow-up of each partnership: the one its officer would hold now.
        unheld: dict[int, str] = {}
        for partnership_id, uuid in (
            FollowUp.objects.filter(partnership__in=own, held_date__isnull=True)
            .order_by("partnership_id", "-number")
            .values_list("partnership_id", "uuid")
        ):
            unheld[partnership_id] = str(uuid)
        companies = PortfolioEntry.objects.filter(
            municipality__in=officer.memberships.values("municipality")
        ).values_list("company__uuid", flat=True)[:20]
        result["officer"].append(
            {
                "session": session(officer),
                "dashboard": dashboard,
                "partnerships": [
                    f"/partnerships/{p}/" for p in own.values_list("uuid", flat=True)[:20]
                ],
                "follow_ups": [f"/follow-ups/{u}/" for u in list(unheld.values())[:200]],
                "companies": [str(c) for c in companies],
            }
        )
    for coordinator in User.objects.filter(
        memberships__role=Role.COORDINATOR, memberships__programme=programme
    ):
        result["coordinator"].append(
            {"session": session(coordinator), "dashboard": dashboard, "token": token(coordinator)}
        )
    consultants = User.objects.filter(consulted_partnerships__programme=programme).distinct()
    for consultant in consultants.order_by("id")[:count]:
        reviews = TechnicalReview.objects.filter(partnership__consultant=consultant)
        result["consultant"].append(
            {
                "session": session(consultant),
                "reviews": [f"/reviews/{u}/" for u in reviews.values_list("uuid", flat=True)[:20]],
            }
        )
    result["company"] = []
    for plan in ActionPlan.objects.filter(partnership__in=step6).select_related("partnership")[
        :count
    ]:
        partnership = plan.partnership
        user = User.objects.filter(
            memberships__role=Role.COMPANY_USER, memberships__company_id=partnership.company_id
        ).first()
        if user is None:
            continue
        result["company"].append(
            {
                "session": session(user),
                "token": token(user),
                "company": str(partnership.company.uuid),
                "partnerships": [f"/partnerships/{partnership.uuid}/"],
                "plan": f"/plans/{plan.uuid}/",
            }
        )
    result["public"] = [{}]
    return result, tokens


def print_table(stats_csv: Path) -> int:
    """The Locust statistics, one line per request name; the number of failures."""
    with stats_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    header = (
        f"{'request':<40} {'count':>7} {'fail':>5} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'req/s':>7}"
    )
    print(header)
    print("-" * len(header))
    failures = 0
    for row in rows:
        label = (row["Name"] if row["Name"] != "Aggregated" else "all requests")[:40]
        failures += int(row["Failure Count"]) if row["Name"] != "Aggregated" else 0
        print(
            f"{label:<40} {row['Request Count']:>7} {row['Failure Count']:>5} "
            f"{row['50%']:>8} {row['95%']:>8} {row['99%']:>8} "
            f"{float(row['Requests/s']):7.1f}"
        )
    return failures


def main() -> int:
    from carbon20.home import bench_scale

    users = int(os.environ.get("LOADTEST_USERS") or 50)
    duration = os.environ.get("LOADTEST_DURATION") or "10m"
    port = int(os.environ.get("LOADTEST_PORT") or bench_scale.PORT)
    env = bench_scale.server_environment()
    # The load runs against the production settings, without the bench's query counter.
    env.pop("CARBON20_BENCH")
    os.environ.update(env)
    bench_scale.ensure_database(env["DATABASE_URL"])
    bench_scale.manage(env, "migrate", "--no-input", "-v0")
    bench_scale.manage(env, "generate_scale", "--reuse")
    out = Path(env["CARBON20_VAR_DIR"]) / "loadtest"
    out.mkdir(parents=True, exist_ok=True)
    # `make serve` as an operator runs it; its own process group, so that it stops whole.
    server = subprocess.Popen(  # noqa: S603
        ["make", "--no-print-directory", "serve", f"HOST={HOST}", f"PORT={port}"],  # noqa: S607
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    base = f"http://{HOST}:{port}"
    tokens: list = []
    try:
        bench_scale.wait_for(base + "/healthz", server)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        chosen, tokens = personas(users)
        personas_file = out / "personas.json"
        personas_file.write_text(json.dumps(chosen), encoding="utf-8")
        started = time.perf_counter()
        print(f"Locust: {users} users for {duration} against {base}", flush=True)
        # Locust's exit code says only whether a request failed; the table says which.
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                "10",
                "--run-time",
                duration,
                "--host",
                base,
                "--csv",
                str(out / "result"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=BASE_DIR,
            env={**env, "LOADTEST_PERSONAS": str(personas_file)},
            check=False,
        )
        print(f"\nLoad test: {users} users, {time.perf_counter() - started:.0f} s, {base}")
        failures = print_table(out / "result_stats.csv")
    finally:
        for row in tokens:
            row.delete()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    if failures:
        print(f"{failures} requests failed; see {out / 'result_failures.csv'}.")
        return 1
    print("No request failed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
