"""What `make bench-scale` needs inside the server, present only when CARBON20_BENCH is set
(settings refuse it outside demo mode): a count of the queries each request made, in the
`X-Query-Count` header, and the floor, a minimal view that measures the server's own cost."""

from collections.abc import Callable

from django.db import connections
from django.http import HttpRequest, HttpResponse


class QueryCountMiddleware:
    """Counts every query on every connection while the request is handled, DEBUG or not."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [connections[alias].execute_wrapper(counting) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
            if response.streaming:
                # A streamed body runs its queries while it is sent: count them by reading
                # it here, which the bench can afford and production never does.
                body = b"".join(response.streaming_content)  # type: ignore[arg-type]
                response.streaming_content = [body]
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-Query-Count"] = str(count)
        return response


def floor(request: HttpRequest) -> HttpResponse:
    """The least a page can cost on these settings: the whole middleware stack, no query."""
    return HttpResponse("ok", content_type="text/plain")
