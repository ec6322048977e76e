from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from assets_registry.access import is_municipal_staff
from evaluation import charts, stats
from evaluation.forms import StatsFilterForm
from evaluation.sources import public_municipalities

CHART_SLUGS = (
    "status",
    "kind",
    "durations",
    "waiting",
    "comparison",
    "trend",
    "map",
    "monitoring",
)


def stats_dashboard(request):
    """/stats/: the evaluation dashboard, on published data (plus the staff's own)."""
    form = StatsFilterForm(request.GET)
    csv_slug = request.GET.get("csv", "")
    if csv_slug and csv_slug not in CHART_SLUGS:
        form.is_valid()
        form.add_error(None, _("csv: no chart is called “%(name)s”.") % {"name": csv_slug[:40]})
    if not form.is_valid():
        return render(request, "evaluation/stats.html", {"form": form, **_choices()}, status=400)
    staff_allowed = is_municipal_staff(request.user)
    filters = form.filters(staff_allowed=staff_allowed)
    board = stats.dashboard(filters, request.user)
    all_charts = {chart.slug: chart for chart in charts.all_charts(board)}
    if csv_slug:
        response = HttpResponse(all_charts[csv_slug].csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="stats-{csv_slug}.csv"'
        return response
    query = request.GET.copy()
    query.pop("csv", None)
    return render(
        request,
        "evaluation/stats.html",
        {
            "form": form,
            "board": board,
            "charts": all_charts,
            "query": query.urlencode(),
            "staff_allowed": staff_allowed,
            **_choices(),
        },
    )


def _choices():
    municipalities = public_municipalities().order_by()
    return {
        "countries": sorted(set(municipalities.values_list("country", flat=True))),
        "regions": sorted(set(municipalities.exclude(region="").values_list("region", flat=True))),
        "provinces": sorted(
            set(municipalities.exclude(province="").values_list("province", flat=True))
        ),
    }
