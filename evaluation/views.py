from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assets_registry.access import (
    is_municipal_staff,
    is_national_administrator,
    managed_municipalities,
)
from assets_registry.public import reduce_protected_location
from common.caching import cache_get, cache_set
from evaluation import access, charts, selectors, services, stats
from evaluation.forms import PracticeFilterForm, ReviewForm, SheetForm, StatsFilterForm
from evaluation.models import GoodPracticeSheet
from evaluation.sources import public_municipalities, public_project_with_context, public_projects
from reuse_projects.models import ReuseProject

# Each chart and the parts of the dashboard (stats.PARTS) it is drawn from.
CHART_PARTS = {
    "status": ("counts",),
    "kind": ("counts",),
    "durations": ("durations",),
    "waiting": ("waiting",),
    "comparison": ("comparison",),
    "trend": ("trend",),
    "map": ("choropleth",),
    "monitoring": ("monitoring",),
}


def stats_dashboard(request):
    """/stats/: the evaluation dashboard, on published data (plus the staff's own)."""
    form = StatsFilterForm(request.GET)
    csv_slug = request.GET.get("csv", "")
    if csv_slug and csv_slug not in CHART_PARTS:
        form.is_valid()
        form.add_error(None, _("csv: no chart is called “%(name)s”.") % {"name": csv_slug[:40]})
    if not form.is_valid():
        return render(request, "evaluation/stats.html", {"form": form, **_choices()}, status=400)
    staff_allowed = is_municipal_staff(request.user)
    filters = form.filters(staff_allowed=staff_allowed)
    if csv_slug:
        board = stats.dashboard(filters, request.user, parts=CHART_PARTS[csv_slug])
        chart = charts.CHARTS[csv_slug](board)
        response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="stats-{csv_slug}.csv"'
        return response
    if filters.staff_view:
        # Counts the staff's unpublished assets: never from or into the shared cache.
        board = stats.dashboard(filters, request.user)
    else:
        board = stats.public_dashboard(filters)
    all_charts = {slug: draw(board) for slug, draw in charts.CHARTS.items()}
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
    """The places the filters list: read from every published municipality (11 ms for Italy's
    7,898), so cached by the data version."""
    key = stats.public_cache_key("choices")
    choices = cache_get(key)
    if choices is None:
        places = public_municipalities().order_by().values_list("country", "region", "province")
        places = list(places.distinct())
        choices = {
            "countries": sorted({country for country, region, province in places}),
            "regions": sorted({region for country, region, province in places} - {""}),
            "provinces": sorted({province for country, region, province in places} - {""}),
        }
        cache_set(key, choices, stats.CACHE_SECONDS)
    return choices


# Good-practice sheets


def practices(request):
    """/practices/: published sheets, filtered; staff also see their drafts and projects."""
    form = PracticeFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "evaluation/practices.html", {"form": form}, status=400)
    sheets = selectors.published_sheets(**form.cleaned_data)
    context = {"form": form, "sheets": sheets}
    user = request.user
    if user.is_authenticated:
        context["working_sheets"] = (
            access.sheets_visible_to(user)
            .exclude(status=GoodPracticeSheet.Status.PUBLISHED)
            .select_related("project")
        )
        context["may_review"] = is_national_administrator(user)
        context["projects_to_mark"] = (
            public_projects()
            .filter(
                asset__municipality__in=managed_municipalities(user),
                good_practice_sheet__isnull=True,
            )
            .order_by("title")
        )
    return render(request, "evaluation/practices.html", context)


def practice_detail(request, pk):
    sheet = access.sheet_for_user(request.user, pk)
    project = _public_project(sheet)
    results = selectors.sheet_results(project)
    return render(
        request,
        "evaluation/practice_detail.html",
        {
            "sheet": sheet,
            "project": project,
            "results": results,
            "result_rows": [(label, results[name]) for name, label in selectors.RESULT_LABELS],
            "may_write": sheet.status == GoodPracticeSheet.Status.DRAFT
            and access.may_write_sheet_for(request.user, sheet.project),
            "may_review": sheet.status == GoodPracticeSheet.Status.IN_REVIEW
            and is_national_administrator(request.user),
            "review_form": ReviewForm(),
        },
    )


def practice_pdf(request, pk):
    # Imported here: matplotlib, geopandas and ReportLab take half a second to load, and every
    # process that loads the URLs (each gunicorn worker, each manage.py command) paid it.
    from evaluation import pdf

    sheet = access.sheet_for_user(request.user, pk)
    project = _public_project(sheet)
    content = pdf.sheet_pdf(
        sheet,
        project=project,
        results=selectors.sheet_results(project),
        project_url=request.build_absolute_uri(reverse("maps:project", args=[project.pk])),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="good-practice-{sheet.pk}.pdf"'
    return response


def practice_map(request, pk):
    """The sheet's small offline map as a PNG (the same drawing as in the PDF)."""
    from evaluation import pdf  # loaded on first use, as in practice_pdf

    sheet = access.sheet_for_user(request.user, pk)
    project = _public_project(sheet)
    asset = reduce_protected_location(project.asset)
    png = pdf.asset_map_png(asset.municipality, asset.location)
    if png is None:
        raise Http404("No boundary to draw")
    return HttpResponse(png, content_type="image/png")


def _public_project(sheet):
    try:
        return public_project_with_context(sheet.project_id)
    except ReuseProject.DoesNotExist:
        raise Http404("The project of this sheet is no longer public") from None


@login_required
@require_POST
def practice_start(request, project_pk):
    project = access.project_for_sheet(request.user, project_pk)
    sheet = services.sheet_start(project=project, by=request.user)
    return redirect("evaluation:practice_edit", pk=sheet.pk)


@login_required
def practice_edit(request, pk):
    sheet = access.sheet_for_user(request.user, pk, write=True)
    form = SheetForm(request.POST or None, instance=GoodPracticeSheet.objects.get(pk=sheet.pk))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in SheetForm.Meta.fields}
            try:
                services.sheet_update(sheet=sheet, data=data, by=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Sheet saved."))
                return redirect("evaluation:practice_detail", pk=sheet.pk)
        status = 400
    return render(
        request, "evaluation/practice_form.html", {"form": form, "sheet": sheet}, status=status
    )


@login_required
@require_POST
def practice_submit(request, pk):
    sheet = access.sheet_for_user(request.user, pk, write=True)
    try:
        services.sheet_submit(sheet=sheet, by=request.user)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                label = GoodPracticeSheet._meta.get_field(field).verbose_name
                messages.error(request, f"{label}: {' '.join(errors)}")
        else:
            messages.error(request, " ".join(error.messages))
        return redirect("evaluation:practice_detail", pk=sheet.pk)
    messages.success(request, _("Sent to a national administrator for review."))
    return redirect("evaluation:practice_detail", pk=sheet.pk)


@login_required
@require_POST
def practice_review(request, pk):
    sheet = access.sheet_for_user(request.user, pk, review=True)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(
            "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        )
    try:
        services.sheet_review(
            sheet=sheet,
            publish=form.cleaned_data["decision"] == "publish",
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("evaluation:practice_detail", pk=sheet.pk)


def add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
