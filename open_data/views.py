from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assets_registry.access import is_municipal_staff
from assets_registry.public import public_municipalities
from common.geo import ParameterError
from common.pagination import page_number, page_of
from maps.http import cacheable, cached_gzip, gzipped_response, not_modified
from maps.layers import data_version
from open_data import register
from open_data.catalogue import CONTENT_TYPES, catalogue_document
from open_data.exports import Export, csv_response
from open_data.forms import ImportUploadForm
from open_data.imports import (
    import_run_commit,
    import_run_create,
    import_run_for_user,
    report_path,
)
from open_data.selectors import public_export, staff_asset_export

REPORT_ROWS_SHOWN = 500
REGISTERS_PER_PAGE = 100


def _require_municipal_staff(user):
    if not is_municipal_staff(user):
        raise PermissionDenied(_("This page is for municipal staff"))


@require_GET
def registers(request):
    """The published municipalities' registers, one link each (linked from every page's footer),
    a page at a time and searchable by name: at national scale the whole list was 7,898 links,
    863 KB of HTML."""
    search = request.GET.get("q", "").strip()[:100]
    municipalities = public_municipalities().only("name", "slug", "country", "region")
    if search:
        municipalities = municipalities.filter(name__icontains=search)
    try:
        page = page_of(
            request,
            municipalities.order_by("name", "pk"),
            page_number(request),
            per_page=REGISTERS_PER_PAGE,
        )
    except ParameterError as error:
        return error.response()
    return render(request, "open_data/registers.html", {"municipalities": page, "search": search})


@require_GET
def municipal_register(request, slug):
    municipality = get_object_or_404(public_municipalities(), slug=slug)
    file_format = request.GET.get("format", "html")
    if file_format not in ("html", "csv", "json"):
        return ParameterError("format", _("expected html, csv or json")).response()
    search = request.GET.get("q", "").strip()
    if len(search) > 200:
        return ParameterError("q", _("at most 200 characters")).response()
    entries = register.register_entries(municipality, search=search)
    last_changed = register.register_last_changed(municipality)
    jurisdiction = municipality.jurisdiction
    wording = jurisdiction.wording() if jurisdiction else None
    if file_format == "json":
        return JsonResponse(
            {
                "municipality": municipality.name,
                "code": municipality.code,
                "country": municipality.country,
                "title": wording["register_title"] if wording else None,
                "legal_basis": wording["register_legal_basis"] if wording else None,
                "last_changed": last_changed.isoformat() if last_changed else None,
                "columns": {key: str(heading) for key, heading in register.COLUMNS},
                "assets": entries,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    if file_format == "csv":
        columns = tuple(key for key, _heading in register.COLUMNS)
        export = Export(
            f"register-{municipality.slug}",
            columns,
            entries,
            has_geometry=False,
            # A list people open in a spreadsheet: headings in their language.
            headings=[str(heading) for _key, heading in register.COLUMNS],
        )
        response = csv_response(export)
        if last_changed:
            response["Last-Modified"] = http_date(last_changed.timestamp())
        return response
    return render(
        request,
        "open_data/register.html",
        {
            "municipality": municipality,
            "jurisdiction": jurisdiction,
            "wording": wording,
            "entries": entries,
            "columns": register.COLUMNS,
            "last_changed": last_changed,
            "search": search,
        },
    )


@require_GET
def catalogue_view(request, file_format):
    """A page of the DCAT-AP (DCAT-AP_IT) catalogue, for portals to harvest (`?page=`, linked
    from each page by Hydra's next and previous).

    A page of 500 registers takes about a second to build, so each is kept in the cache, gzipped,
    until the public data change (the version the map layers use), and a harvester that already
    has it gets a 304."""
    try:
        number = page_number(request)
    except ParameterError as error:
        return error.response()
    base = request.build_absolute_uri("/")[:-1]
    version = data_version("catalogue", key=f"{file_format}{number}{base}")
    unchanged = not_modified(request, version)
    if unchanged is not None:
        return cacheable(unchanged, version)
    body = cached_gzip(
        f"open-data-catalogue:{version.etag}",
        lambda: catalogue_document(base, file_format, number),
    )
    content_type = f"{CONTENT_TYPES[file_format]}; charset=utf-8"
    return cacheable(gzipped_response(request, body, content_type), version)


@require_GET
def public_export_view(request, name, file_format):
    try:
        export = public_export(name, request.GET, base_url=request.build_absolute_uri("/")[:-1])
    except ParameterError as error:
        return error.response()
    return export.response(file_format)


@login_required
@require_GET
def staff_export_view(request, file_format):
    _require_municipal_staff(request.user)
    try:
        export = staff_asset_export(request.user, request.GET)
    except ParameterError as error:
        return error.response()
    return export.response(file_format)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _require_municipal_staff(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = import_run_create(
            user=request.user,
            upload=data["file"],
            preset=data["preset"],
            columns=data.get("columns", {}),
            source=data.get("source", ""),
            srid=data["srid"],
            skip_bad_rows=data["skip_bad_rows"],
        )
        return redirect("open_data:import-run", pk=run.pk)
    runs = request.user.import_runs.all()[:20]
    status = 400 if request.method == "POST" else 200
    return render(
        request, "open_data/import_upload.html", {"form": form, "runs": runs}, status=status
    )


@login_required
@require_GET
def import_run_detail(request, pk):
    _require_municipal_staff(request.user)
    run = import_run_for_user(request.user, pk)
    report = run.import_report
    return render(
        request,
        "open_data/import_run.html",
        {
            "run": run,
            "report": report,
            "counts": run.counts,
            "read": run.rows_read,
            "rows": [r for r in report.rows if r.reasons or r.notes or r.changes][
                :REPORT_ROWS_SHOWN
            ],
            "shown": REPORT_ROWS_SHOWN,
        },
    )


@login_required
@require_GET
def import_run_report(request, pk):
    _require_municipal_staff(request.user)
    run = import_run_for_user(request.user, pk)
    path = report_path(run)
    if path.exists():
        response = FileResponse(open(path, "rb"), content_type="text/csv; charset=utf-8")  # noqa: SIM115 - FileResponse closes it
    else:  # a run from before the reports were kept as files
        response = StreamingHttpResponse(
            run.import_report.csv_lines(), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-report.csv"'
    return response


@login_required
@require_POST
def import_run_commit_view(request, pk):
    _require_municipal_staff(request.user)
    run = import_run_for_user(request.user, pk)
    if run.committed_at is not None:
        messages.info(request, _("This file was already imported."))
        return redirect("open_data:import-run", pk=run.pk)
    run = import_run_commit(run=run)
    if run.committed_at:
        messages.success(request, _("Imported."))
    else:
        messages.error(request, _("Nothing was written: see the rejected rows below."))
    return redirect("open_data:import-run", pk=run.pk)
