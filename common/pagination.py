"""Long public lists a page at a time: the overview's cities, a city's projects and assets, the
registers. At national scale (7,898 publishing municipalities) a whole list was megabytes."""

from django.core.paginator import Paginator

from common.geo import ParameterError, parse_int

MAX_PAGE = 100_000


def page_number(request, parameter="page"):
    """The page asked for in `parameter` (1 when absent); ParameterError (a 400) if it is not a
    page number."""
    return parse_int(request.GET.get(parameter) or "1", parameter, minimum=1, maximum=MAX_PAGE)


def page_of(request, queryset, number, *, per_page, parameter="page", count=None):
    """One page of a list, with links to its neighbours that keep the page's other parameters
    (`page.previous_url`, `page.next_url`, for templates/_pager.html). `count`: the number of
    rows, when the caller has counted them already. A page past the last is a ParameterError."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: no COUNT query
    if number > max(1, paginator.num_pages):
        raise ParameterError(parameter, f"there are {paginator.num_pages} pages")
    page = paginator.page(number)
    if not paginator.count:
        # Django would still build and compile the query of an empty slice.
        page.object_list = []
    query = request.GET.copy()

    def link(to):
        query[parameter] = str(to)
        return f"?{query.urlencode()}"

    page.previous_url = link(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = link(page.next_page_number()) if page.has_next() else ""
    return page
