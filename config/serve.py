"""`make serve`: the production way to run the platform on one machine.

Starts gunicorn (`config/gunicorn.conf.py`) and, when CELERY_BROKER_URL is set, a Celery
worker and the beat scheduler, as child processes of this small supervisor. When any of
them stops, or this process is asked to stop (SIGTERM, SIGINT), the others are stopped too,
so that a service manager sees one unit that lives and dies as a whole.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 20


def commands(environ: dict[str, str]) -> list[list[str]]:
    python = sys.executable
    wanted = [[python, "-m", "gunicorn", "-c", str(BASE_DIR / "config" / "gunicorn.conf.py")]]
    if environ.get("CELERY_BROKER_URL"):
        var_dir = Path(environ.get("CARBON20_VAR_DIR") or BASE_DIR / "var")
        wanted.append([python, "-m", "celery", "-A", "config", "worker", "-l", "info"])
        wanted.append(
            [
                python,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "-l",
                "info",
                "--schedule",
                str(var_dir / "celerybeat-schedule"),
            ]
        )
    return wanted


def stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def main() -> int:
    # The commands are fixed above; only the broker setting chooses among them.
    children = [
        subprocess.Popen(command, cwd=BASE_DIR)  # noqa: S603
        for command in commands(dict(os.environ))
    ]
    stopping = False

    def request_stop(signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    exit_code = 0
    while not stopping:
        ended = [child for child in children if child.poll() is not None]
        if ended:
            exit_code = ended[0].returncode or 1
            print(f"serve: {' '.join(ended[0].args[1:4])} stopped; stopping the rest.")
            break
        time.sleep(0.5)
    stop(children)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
