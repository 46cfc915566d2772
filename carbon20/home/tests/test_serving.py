"""`make serve`'s supervisor, the bench's server-side helpers and the load test's form reader.
The runs themselves (`make bench-scale`, `make loadtest`) are not part of the suite."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from carbon20.home import bench_scale, bench_support, loadtest
from carbon20.organisations.models import Municipality
from config import serve

BASE_DIR = Path(__file__).resolve().parents[3]


def test_serve_starts_celery_only_with_a_broker():
    alone = serve.commands({})
    assert [command[2] for command in alone] == ["gunicorn"]
    with_broker = serve.commands({"CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"})
    assert [command[2:6] for command in with_broker[1:]] == [
        ["celery", "-A", "config", "worker"],
        ["celery", "-A", "config", "beat"],
    ]


def test_serve_stops_the_rest_when_one_child_stops(monkeypatch):
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    quitter = [sys.executable, "-c", "raise SystemExit(3)"]
    monkeypatch.setattr(serve, "commands", lambda environ: [sleeper, quitter])
    started = []
    real_popen = subprocess.Popen

    def popen(command, **kwargs):
        child = real_popen(command, **kwargs)
        started.append(child)
        return child

    monkeypatch.setattr(serve.subprocess, "Popen", popen)
    assert serve.main() == 3
    assert all(child.poll() is not None for child in started)


@pytest.mark.django_db
def test_the_query_count_header_counts_every_query_of_the_request():
    def view(request):
        list(Municipality.objects.all()[:2])
        Municipality.objects.count()
        return HttpResponse("ok")

    def streamed(request):
        return StreamingHttpResponse(str(Municipality.objects.count()) for _ in range(2))

    request = RequestFactory().get("/")
    assert bench_support.QueryCountMiddleware(view)(request)["X-Query-Count"] == "2"
    response = bench_support.QueryCountMiddleware(streamed)(request)
    # A streamed body's queries run while it is sent; the bench reads it to count them.
    assert response["X-Query-Count"] == "2"
    assert b"".join(response.streaming_content) == b"9898"
    # The counter leaves no wrapper behind.
    assert not connection.execute_wrappers
    assert bench_support.floor(request).content == b"ok"


def test_the_bench_is_refused_outside_demo_mode(tmp_path):
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CARBON20_VAR_DIR": str(tmp_path)}
    env = {**clean, "SECRET_KEY": "x", "ALLOWED_HOSTS": "x", "CARBON20_BENCH": "true"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=BASE_DIR,
        env={**env, "CARBON20_DEMO": "false"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "CARBON20_BENCH is for demo installations" in result.stderr
    accepted = subprocess.run(
        [sys.executable, "-c", "from config import settings; print(settings.MIDDLEWARE[0])"],
        cwd=BASE_DIR,
        env={**env, "CARBON20_DEMO": "true"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert accepted.stdout.strip() == "carbon20.home.bench_support.QueryCountMiddleware"


def test_percentiles_of_the_bench():
    values = [float(n) for n in range(1, 101)]
    assert bench_scale.percentile(values, 0.5) == 50
    assert bench_scale.percentile(values, 0.95) == 95
    assert bench_scale.percentile(values, 0.99) == 99
    assert bench_scale.percentile([7.0], 0.99) == 7


def test_the_load_test_sends_a_form_as_the_page_filled_it_in():
    parser = loadtest.FormFields("/follow-ups/1/")
    parser.feed(
        """<form method="get"><input name="q" value="search"></form>
        <form method="post" action="/i18n/setlang/"><input name="next" value="/"></form>
        <form method="post" action="/follow-ups/1/">
        <input type="hidden" name="csrfmiddlewaretoken" value="t">
        <input name="held_date" value="07.12.2026"><input type="file" name="file">
        <input type="checkbox" name="confirm_early"><input type="checkbox" name="a" checked>
        <select name="form"><option value="">–</option><option value="phone" selected>P</option>
        </select><textarea name="notes">Fint</textarea><button type="submit">Gem</button></form>
        <form method="post"><input name="other" value="x"></form>"""
    )
    assert parser.fields == {
        "csrfmiddlewaretoken": "t",
        "held_date": "07.12.2026",
        "a": "on",
        "form": "phone",
        "notes": "Fint",
    }


def test_the_load_test_table_counts_failures(tmp_path, capsys):
    stats = tmp_path / "stats.csv"
    stats.write_text(
        "Type,Name,Request Count,Failure Count,50%,95%,99%,Requests/s\n"
        "GET,pipeline,10,0,20,40,60,1.5\n"
        "POST,follow-up saved,4,1,80,120,130,0.2\n"
        ",Aggregated,14,1,25,100,130,1.7\n"
    )
    assert loadtest.print_table(stats) == 1
    out = capsys.readouterr().out
    assert "follow-up saved" in out and "all requests" in out


@pytest.mark.django_db
def test_the_bench_and_the_load_test_find_their_personas_and_pages(capsys, monkeypatch):
    from carbon20.api.models import ApiToken
    from carbon20.home import scale

    scale.generate(scale.Spec(municipalities=1, companies=40, years=1, seed=5))
    targets, throughput, floor, tokens = bench_scale.personas_and_targets("http://bench")
    roles = {target.role for target in targets}
    assert roles == {"officer", "coordinator", "consultant", "company", "admin", "public"}
    assert all(t.url.startswith("http://bench/") for t in [*targets, *throughput, floor])
    assert {t.label for t in throughput} == {"pipeline", "partnership page"}
    assert ApiToken.objects.filter(name="bench-scale").count() == 2
    # Each staff persona without an authenticator got one made for the bench, removed after.
    assert {type(row).__name__ for row in tokens} == {"ApiToken", "TOTPDevice"}

    chosen, load_tokens = loadtest.personas(3)
    assert set(chosen) == {"officer", "coordinator", "consultant", "company", "public"}
    officer = chosen["officer"][0]
    assert officer["session"] and officer["partnerships"] and officer["companies"]
    assert all(p["token"] for p in chosen["company"])
    assert sum(type(row).__name__ == "ApiToken" for row in load_tokens) == len(
        chosen["coordinator"]
    ) + len(chosen["company"])

    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    figures = bench_scale.Figures(10.0, 20.0, 30.0, "7", 40, 0, 50.0)
    bench_scale.print_table([(targets[0], figures)], floor, figures, 100.0, {"pipeline": 25.0})
    out = capsys.readouterr().out
    assert "pipeline" in out and "25.0% of the floor" in out


def test_gunicorn_takes_its_workers_and_address_from_the_environment(monkeypatch):
    import runpy

    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "8123")
    conf = runpy.run_path(str(BASE_DIR / "config" / "gunicorn.conf.py"))
    assert (conf["workers"], conf["bind"]) == (3, "0.0.0.0:8123")
    assert conf["wsgi_app"] == "config.wsgi:application"


def test_the_bench_measures_latency_queries_and_throughput(monkeypatch):
    import httpx

    def answer(request):
        return httpx.Response(
            200 if "ok" in request.url.path else 500, headers={"X-Query-Count": "3"}
        )

    client = httpx.Client(transport=httpx.MockTransport(answer))
    monkeypatch.setattr(bench_scale, "REQUESTS", 10)
    monkeypatch.setattr(bench_scale, "THROUGHPUT_SECONDS", 0.2)
    good = bench_scale.Target("page", "officer", "http://bench/ok", {})
    figures = bench_scale.measure_latency(client, good)
    assert (figures.count, figures.errors, figures.queries) == (10, 0, "3")
    assert figures.p50 <= figures.p95 <= figures.p99 and figures.rate > 0
    failing = bench_scale.measure_latency(
        client, bench_scale.Target("bad", "x", "http://bench/no", {})
    )
    assert failing.errors == failing.count == 10
    assert bench_scale.measure_throughput(client, good) > 0


def test_the_bench_waits_for_the_server_and_gives_up_when_it_stops(monkeypatch):
    import httpx

    answers = iter([httpx.ConnectError("not yet"), httpx.Response(200)])

    def get(url, timeout):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    class Running:
        def poll(self):
            return None

    class Stopped:
        def poll(self):
            return 2

    monkeypatch.setattr(bench_scale.httpx, "get", get)
    monkeypatch.setattr(bench_scale.time, "sleep", lambda seconds: None)
    bench_scale.wait_for("http://bench/healthz", Running())
    with pytest.raises(SystemExit, match="stopped"):
        bench_scale.wait_for("http://bench/healthz", Stopped())
    environment = bench_scale.server_environment()
    assert environment["CARBON20_BENCH"] == "true" and environment["ALLOWED_HOSTS"] == "127.0.0.1"


def test_a_gunicorn_worker_freezes_what_it_loaded_before_serving():
    import gc
    import runpy

    conf = runpy.run_path(str(BASE_DIR / "config" / "gunicorn.conf.py"))
    before = gc.get_freeze_count()
    try:
        conf["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
