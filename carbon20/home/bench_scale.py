"""`make bench-scale`: every page at national scale, served the production way.

1. Ensures a PostgreSQL database (`DATABASE_URL`, by default the local `carbon20_scale`),
   migrates it and fills it with `generate_scale` unless the data set is there already.
2. Starts `make serve` on a loopback port (`BENCH_PORT`, 8107) with two gunicorn workers
   (`WEB_CONCURRENCY`), the bench middleware that puts each request's query count in the
   `X-Query-Count` header, and the floor: a minimal view through the same middleware.
3. Logs in one persona per role in this process (`Client.force_login`, which writes the
   session to the database the server reads; no password or login form is involved) and
   creates API tokens for them, removed again at the end.
4. Measures each page with a small concurrent load generator on loopback: latency
   percentiles and queries per request, then the throughput of the pipeline, the
   partnership page and the floor with a few concurrent connections; prints one table.
   `BENCH_ONLY=pipeline,api` measures only the pages whose label has one of the words.

It asserts no timing: the figures depend on the machine. Not part of CI.
"""

from __future__ import annotations

import math
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/carbon20_scale"
HOST = "127.0.0.1"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


PORT = _env_int("BENCH_PORT", 8107)
REQUESTS = _env_int("BENCH_REQUESTS", 40)
PAGE_SECONDS = _env_int("BENCH_PAGE_SECONDS", 12)
CONCURRENCY = _env_int("BENCH_CONCURRENCY", 2)
THROUGHPUT_SECONDS = _env_int("BENCH_THROUGHPUT_SECONDS", 10)
THROUGHPUT_CONNECTIONS = _env_int("BENCH_THROUGHPUT_CONNECTIONS", 4)


def server_environment() -> dict[str, str]:
    var_dir = os.environ.get("CARBON20_VAR_DIR") or str(BASE_DIR / "var" / "scale")
    return {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL") or DEFAULT_DATABASE,
        "CARBON20_DEMO": "true",
        "CARBON20_BENCH": "true",
        "CARBON20_VAR_DIR": var_dir,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-scale-only-not-secret",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY") or "2",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": str(Path(var_dir) / "bench-access.log"),
        # Served the production way: one cache for both workers (this branch's Redis database).
        "CACHE_URL": os.environ.get("CACHE_URL") or "redis://127.0.0.1:6379/7",
        # The API's per-token limit would throttle the load generator, not a person.
        "API_RATE_LIMIT": "1000000/minute",
    }


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}.")


def manage(env: dict[str, str], *args: str) -> None:
    # The arguments are this module's own, never input.
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True
    )


@dataclass
class Target:
    label: str
    role: str
    url: str
    headers: dict[str, str]


@dataclass
class Figures:
    p50: float
    p95: float
    p99: float
    queries: str
    count: int
    errors: int
    # Requests per second achieved with CONCURRENCY connections during the latency run.
    rate: float


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with `share` of the values at or
    below it."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))
    return ordered[index]


def measure_latency(client: httpx.Client, target: Target) -> Figures:
    """Up to REQUESTS requests, CONCURRENCY at a time, for at most PAGE_SECONDS."""
    times: list[float] = []
    queries: set[str] = set()
    errors = 0
    lock = threading.Lock()
    remaining = [REQUESTS]
    taken = [0]

    def worker():
        nonlocal errors
        while True:
            with lock:
                # A slow page stops at the deadline, but never before three requests.
                late = time.monotonic() > deadline and taken[0] >= 3
                if remaining[0] <= 0 or late:
                    return
                remaining[0] -= 1
                taken[0] += 1
            started = time.perf_counter()
            try:
                response = client.get(target.url, headers=target.headers)
                _ = response.content
            except httpx.HTTPError:
                # A worker killed at gunicorn's timeout drops the connection: an error that
                # took this long, not a reason to stop measuring the other pages.
                response = None
            elapsed = time.perf_counter() - started
            with lock:
                if response is None or response.status_code != 200:
                    errors += 1
                times.append(elapsed)
                if response is not None:
                    queries.add(response.headers.get("X-Query-Count", "?"))

    # One request first, alone: the worker's first render fills template and translation caches.
    try:
        client.get(target.url, headers=target.headers)
    except httpx.HTTPError:
        errors += 1
    deadline = time.monotonic() + PAGE_SECONDS
    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    numeric = sorted({int(q) for q in queries if q.isdigit()})
    shown = (
        str(numeric[0])
        if len(numeric) == 1
        else (f"{numeric[0]}–{numeric[-1]}" if numeric else "?")
    )
    return Figures(
        p50=statistics.median(times) * 1000,
        p95=percentile(times, 0.95) * 1000,
        p99=percentile(times, 0.99) * 1000,
        queries=shown,
        count=len(times),
        errors=errors,
        rate=len(times) / wall if wall else 0.0,
    )


def measure_throughput(client: httpx.Client, target: Target) -> float:
    """Requests per second with THROUGHPUT_CONNECTIONS connections for THROUGHPUT_SECONDS."""
    done = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + THROUGHPUT_SECONDS

    def worker():
        while time.monotonic() < deadline:
            try:
                response = client.get(target.url, headers=target.headers)
                response.read()
            except httpx.HTTPError:
                continue
            # A redirect or an error is not the page: it is counted as nothing.
            if response.status_code == 200:
                with lock:
                    done[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(THROUGHPUT_CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - started)


def verified_session(user, created: list) -> str:
    """A session key of `user` logged in with the second factor given, as the code page
    records it after a right code: staff roles see nothing else without it. An authenticator
    made for the purpose is added to `created`, to be removed afterwards."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench-scale", confirmed=True)
        created.append(device)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client.cookies["sessionid"].value


def personas_and_targets(base: str) -> tuple[list[Target], list[Target], Target, list]:
    """Log the personas in and pick the objects their pages show. Runs with Django set up on
    the bench database; returns the page targets, the throughput targets, the floor and the
    tokens and authenticator devices to remove afterwards."""
    from django.urls import reverse

    from carbon20.accounts.models import Role, User
    from carbon20.actionplans.models import ActionPlan
    from carbon20.api.models import ApiToken, hash_secret
    from carbon20.followups.models import FollowUp
    from carbon20.home import scale
    from carbon20.organisations.models import Company
    from carbon20.partnerships.models import Partnership, Status, Step
    from carbon20.screening.models import TechnicalReview

    programme = scale.existing_programme(scale.Spec())
    if programme is None:
        raise SystemExit("The scale data set is missing.")
    # The officer of the municipality with the most partnerships, and one of its partnerships
    # at step 6 with everything the steps record.
    step6 = (
        Partnership.objects.filter(programme=programme, step=Step.FOLLOW_UP, status=Status.ACTIVE)
        .select_related("company", "owner", "consultant", "municipality")
        .order_by("id")
        .first()
    )
    assert step6 is not None
    officer = step6.owner
    coordinator = User.objects.get(email=f"coordinator1@{scale.EMAIL_DOMAIN}")
    consultant = step6.consultant
    company_user = User.objects.get(
        memberships__role=Role.COMPANY_USER, memberships__company=step6.company
    )
    admin = User.objects.get(email=f"admin@{scale.EMAIL_DOMAIN}")
    review = TechnicalReview.objects.get(partnership=step6)
    plan = ActionPlan.objects.get(partnership=step6)
    follow_up = FollowUp.objects.filter(partnership=step6).order_by("number").first()
    assert follow_up is not None
    company = Company.objects.get(pk=step6.company_id)

    created: list = []

    def cookie_for(user) -> dict[str, str]:
        return {"Cookie": f"sessionid={verified_session(user, created)}"}

    tokens = []

    def token_for(user) -> dict[str, str]:
        secret = ApiToken.new_secret()
        tokens.append(
            ApiToken.objects.create(
                user=user, name="bench-scale", prefix=secret[:12], secret_hash=hash_secret(secret)
            )
        )
        return {"Authorization": f"Bearer {secret}", "Accept": "application/json"}

    sessions = {
        "officer": cookie_for(officer),
        "coordinator": cookie_for(coordinator),
        "consultant": cookie_for(consultant),
        "company": cookie_for(company_user),
        "admin": cookie_for(admin),
        "public": {},
    }
    api = {"officer": token_for(officer), "coordinator": token_for(coordinator)}
    slug = programme.slug

    def page(label, role, name, *args, query="", headers=None):
        url = base + reverse(name, args=args) + (f"?{query}" if query else "")
        return Target(label, role, url, headers if headers is not None else sessions[role])

    targets = [
        page("pipeline", "officer", "partnerships:pipeline"),
        page("pipeline", "coordinator", "partnerships:pipeline"),
        page("pipeline, step 6", "officer", "partnerships:pipeline", query="step=6"),
        page("pipeline, overdue", "coordinator", "partnerships:pipeline", query="overdue=on"),
        page("pipeline, search", "coordinator", "partnerships:pipeline", query="q=fjord"),
        page("company list", "officer", "organisations:company_list"),
        page("company list", "coordinator", "organisations:company_list"),
        page("company list, page 50", "coordinator", "organisations:company_list", query="page=50"),
        page("company page", "officer", "organisations:company_detail", company.uuid),
        page("partnership page", "officer", "partnerships:detail", step6.uuid),
        page("partnership page", "company", "partnerships:detail", step6.uuid),
        page("partnership page", "consultant", "partnerships:detail", step6.uuid),
        page("review list", "consultant", "screening:list"),
        page("review list", "coordinator", "screening:list"),
        page("review", "consultant", "screening:review", review.uuid),
        page("plan list", "officer", "actionplans:list"),
        page("plan list", "coordinator", "actionplans:list"),
        page("plan", "company", "actionplans:plan", plan.uuid),
        page("follow-ups", "officer", "followups:overview", step6.uuid),
        page("follow-up", "officer", "followups:detail", follow_up.uuid),
        page("consumption list", "officer", "energy:company_list"),
        page("dashboard", "officer", "reports:dashboard", slug),
        page("dashboard", "coordinator", "reports:dashboard", slug),
        page("export CSV", "coordinator", "reports:export_csv", slug),
        page("export XLSX", "coordinator", "reports:export_xlsx", slug),
        page("export PDF", "coordinator", "reports:report_pdf", slug),
        page("public start page", "public", "public:home"),
        page("public companies", "public", "public:companies"),
        page("start page", "officer", "home:home"),
        page("start page", "admin", "home:home"),
    ]
    # Each API list plain and with the filters a client uses most on it.
    municipality = f"municipality={step6.municipality.slug}"
    since = "updated_since=2025-01-01T00:00:00Z"
    api_filters = {
        "partnerships": f"{municipality}&status=active&step=6",
        "companies": f"{municipality}&{since}",
        "technical-reviews": f"{municipality}&status=issued",
        "measures": f"type=investment&{since}",
        "action-plans": f"{municipality}&{since}",
        "actions": f"{municipality}&status=done",
        "follow-ups": f"{municipality}&status=held",
        "consumption-records": f"{municipality}&carrier=electricity&{since}",
    }
    for resource, filters in api_filters.items():
        url = f"{base}/api/v1/{resource}/"
        for role in ("officer", "coordinator"):
            targets.append(Target(f"API {resource}", role, url, api[role]))
            targets.append(Target(f"API {resource}, filtered", role, f"{url}?{filters}", api[role]))
    targets.append(
        Target("API kpis", "coordinator", f"{base}/api/v1/kpis/{slug}/", api["coordinator"])
    )
    # BENCH_ONLY=pipeline,API measures only the pages whose label contains one of the words.
    only = [word.strip().lower() for word in os.environ.get("BENCH_ONLY", "").split(",") if word]
    if only:
        targets = [t for t in targets if any(word in t.label.lower() for word in only)]
    throughput = [
        page("pipeline", "officer", "partnerships:pipeline"),
        page("partnership page", "officer", "partnerships:detail", step6.uuid),
    ]
    floor = Target("floor (minimal view)", "officer", base + "/bench/floor", sessions["officer"])
    return targets, throughput, floor, [*tokens, *created]


def wait_for(url: str, server: subprocess.Popen, seconds: int = 900) -> None:
    """Until the server answers; the first `make serve` compresses the static files, which
    takes minutes on two cores."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("`make serve` stopped before it answered.")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"The server did not answer {url} within {seconds} s.")


def main() -> int:
    env = server_environment()
    os.environ.update(env)
    ensure_database(env["DATABASE_URL"])
    started = time.perf_counter()
    manage(env, "migrate", "--no-input", "-v0")
    manage(
        env,
        "generate_scale",
        "--reuse",
        "--municipalities",
        os.environ.get("BENCH_MUNICIPALITIES", "98"),
        "--companies",
        os.environ.get("BENCH_COMPANIES", "20000"),
    )
    print(f"Data set ready in {time.perf_counter() - started:.0f} s.")
    # `make serve` as an operator runs it; its own process group, so that it stops whole.
    server = subprocess.Popen(  # noqa: S603
        ["make", "--no-print-directory", "serve", f"HOST={HOST}", f"PORT={PORT}"],  # noqa: S607
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    base = f"http://{HOST}:{PORT}"
    created: list = []
    try:
        wait_for(base + "/healthz", server)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        targets, throughput_targets, floor, created = personas_and_targets(base)
        rows = []
        with httpx.Client(timeout=120, limits=httpx.Limits(max_connections=16)) as client:
            floor_figures = measure_latency(client, floor)
            floor_rps = measure_throughput(client, floor)
            rates = {t.label: measure_throughput(client, t) for t in throughput_targets}
            for target in targets:
                figures = measure_latency(client, target)
                rows.append((target, figures))
                print(
                    f"  measured {target.label} ({target.role}): p95 {figures.p95:.0f} ms",
                    flush=True,
                )
        print_table(rows, floor, floor_figures, floor_rps, rates)
        failing = [f"{t.label} ({t.role})" for t, f in [(floor, floor_figures), *rows] if f.errors]
        if failing:
            print("Answered other than 200 OK, so not measured: " + ", ".join(failing))
            return 1
    finally:
        for row in created:
            row.delete()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    return 0


def print_table(rows, floor, floor_figures, floor_rps, rates) -> None:
    from django.db import connection

    print()
    version = getattr(connection, "pg_version", "")
    print(
        f"bench-scale on {connection.vendor} {version}, "
        f"{os.environ['WEB_CONCURRENCY']} gunicorn workers, "
        f"{len(os.sched_getaffinity(0))} cores; "
        f"latency: up to {REQUESTS} requests, {CONCURRENCY} at a time; "
        f"throughput: {THROUGHPUT_CONNECTIONS} connections for {THROUGHPUT_SECONDS} s"
    )
    header = (
        f"{'page':<28} {'role':<12} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'queries':>8} {'req/s':>8} {'% floor':>8} {'n':>4} {'err':>4}"
    )
    print(header)
    print("-" * len(header))

    floor_rate = floor_figures.rate

    def line(label, role, f: Figures):
        share = f.rate / floor_rate * 100 if floor_rate else 0
        print(
            f"{label:<28} {role:<12} {f.p50:8.1f} {f.p95:8.1f} {f.p99:8.1f} {f.queries:>8} "
            f"{f.rate:8.1f} {share:7.1f}% {f.count:>4} {f.errors:>4}"
        )

    line(floor.label, floor.role, floor_figures)
    for target, figures in rows:
        line(target.label, target.role, figures)
    print()
    for label, rate in rates.items():
        print(
            f"throughput {label:<22} {rate:8.1f} req/s  = "
            f"{rate / floor_rps * 100:5.1f}% of the floor ({floor_rps:.0f} req/s)"
        )
    print(
        "req/s and % floor in the table: the rate of the latency run itself "
        f"({CONCURRENCY} connections); the throughput lines use {THROUGHPUT_CONNECTIONS}."
    )


if __name__ == "__main__":
    sys.exit(main())
