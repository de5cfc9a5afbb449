"""Long tables (thousands of bureaus below a province) are shown a page at a time: what
a person reads, and what a page renders in bounded time. The whole is computed first, so
totals and order are over all rows."""

from django.core.paginator import Paginator


def page_of(request, rows: list, name: str = "page", per_page: int = 200):
    """The page of ``rows`` asked for by ``?name=N`` (a bad N is the first or last page),
    and the query string without it, to build the pager's links."""
    pager = Paginator(rows, per_page).get_page(request.GET.get(name))
    keep = request.GET.copy()
    keep.pop(name, None)
    return pager, keep.urlencode()
