"""One page of a long list, and the query string that keeps the other parameters, for
`templates/includes/pagination.html`. Every list that grows with the data is paged."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(
    request: HttpRequest, items: QuerySet | range, per_page: int, param: str = "page"
) -> tuple[Page, str]:
    """The page that `param` asks for (the last one if it asks too far, the first if it
    makes no sense) and the request's other parameters, for the links to the next pages."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    others = request.GET.copy()
    others.pop(param, None)
    return page, others.urlencode()


def join_page(page: Page, *related: str) -> Page:
    """The page's rows again, in the page's order, each with its `related` rows (as
    `select_related`): for a list sorted by its own columns, whose join would otherwise be
    made for every row of the list before the page is taken from it."""
    ids = list(page.object_list.values_list("pk", flat=True))
    rows = page.object_list.model.objects.select_related(*related).in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids]
    return page


class CountedPaginator(Paginator):
    """A paginator told how many items there are, by a caller that keeps the number (see
    `public.selectors.listed_count`), instead of counting them on every page."""

    def __init__(self, object_list: QuerySet, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count
