"""Answer a client's requests with the recorded answers in ``recorded/``, and keep the
requests so that a test can say what was asked."""

import json
from collections.abc import Callable
from pathlib import Path

import httpx

RECORDED = Path(__file__).parent / "recorded"


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


Answer = httpx.Response | Callable[[httpx.Request], httpx.Response] | Exception


class Recorder:
    """Routes by the start of the path; an answer may be a list, given out in turn (the
    last one repeats)."""

    def __init__(self, routes: dict[str, Answer | list[Answer]]) -> None:
        self.routes = routes
        self.requests: list[httpx.Request] = []
        self._served: dict[str, int] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        for prefix, answer in sorted(self.routes.items(), key=lambda item: -len(item[0])):
            if path.startswith(prefix):
                if isinstance(answer, list):
                    index = self._served.get(prefix, 0)
                    self._served[prefix] = index + 1
                    answer = answer[min(index, len(answer) - 1)]
                if isinstance(answer, Exception):
                    raise answer
                if callable(answer):
                    return answer(request)
                return answer
        return httpx.Response(404, json={"detail": f"No recording for {path}"})

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def paths(self, prefix: str = "") -> list[str]:
        return [r.url.path for r in self.requests if r.url.path.startswith(prefix)]


def ok(name: str) -> httpx.Response:
    return httpx.Response(200, json=recorded(name))
