"""A good-practice sheet as a printable PDF (ReportLab), with a small map of the asset drawn
offline (geopandas + matplotlib on the municipal boundary: no tile server, no network)."""

import hashlib
import io
import math
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")  # no display on a server; must come before pyplot

import geopandas  # noqa: E402
import shapely  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from matplotlib import pyplot  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from assets_registry.public import reduce_protected_location
from common.caching import cache_get, cache_set
from evaluation.selectors import RESULT_LABELS  # noqa: E402

SECTIONS = (
    ("context", lambda: _("Context")),
    ("actions", lambda: _("What was done")),
    ("partners", lambda: _("Partners")),
    ("costs", lambda: _("Costs")),
    ("funding", lambda: _("Funding")),
    ("difficulties", lambda: _("What went wrong")),
    ("lessons", lambda: _("What was learned")),
)


# Keys name what the map is drawn from, so an entry never goes stale; the lifetime bounds the space.
MAP_CACHE_SECONDS = 7 * 24 * 3600


def asset_map_png(municipality, point, *, size_inches=(3.2, 3.2)):
    """PNG of the municipal boundary with the asset's point, or None without a boundary.

    Drawing takes a tenth of a second or more: the PNG is kept in the shared cache under a digest
    of what it is drawn from, so a changed boundary or point is a new key, never a stale map.
    """
    if municipality.boundary is None:
        return None
    digest = hashlib.sha256(bytes(municipality.boundary.wkb))
    digest.update(bytes(point.wkb) if point is not None else b"")
    digest.update(repr(size_inches).encode())
    key = f"practice-map-png:{digest.hexdigest()}"
    # Through the public read path's helpers: with the cache unreachable the map is drawn anyway.
    png = cache_get(key)
    if png is None:
        png = _draw_map_png(municipality.boundary, point, size_inches)
        cache_set(key, png, MAP_CACHE_SECONDS)
    return png


def _draw_map_png(boundary, point, size_inches):
    boundary = shapely.from_wkb(bytes(boundary.wkb))
    figure, axes = pyplot.subplots(figsize=size_inches, dpi=150)
    try:
        geopandas.GeoSeries([boundary], crs="EPSG:4326").plot(
            ax=axes, facecolor="#e7f4ee", edgecolor="#0b6e4f", linewidth=0.8
        )
        if point is not None:
            geopandas.GeoSeries([shapely.Point(point.x, point.y)], crs="EPSG:4326").plot(
                ax=axes, color="#b3261e", markersize=40, zorder=3
            )
        # Degrees of longitude shrink with latitude: keep the city's true shape.
        axes.set_aspect(1 / max(0.2, math.cos(math.radians(boundary.centroid.y))))
        axes.set_axis_off()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight", pad_inches=0.05)
        return buffer.getvalue()
    finally:
        pyplot.close(figure)


def _paragraphs(text, style):
    return [Paragraph(escape(line), style) for line in text.splitlines() if line.strip()]


def sheet_pdf(sheet, *, project, results, project_url=""):
    """The PDF bytes of a sheet. `project` is the public project with its asset and municipality
    (public fields only); `results` comes from selectors.sheet_results."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=project.title,
        author=project.asset.municipality.name,
        subject=_("Good practice of social reuse of a confiscated asset"),
    )
    styles = getSampleStyleSheet()
    body, heading = styles["BodyText"], styles["Heading2"]
    asset, municipality = project.asset, project.asset.municipality
    story = [
        Paragraph(escape(_("Good practice")), styles["Heading4"]),
        Paragraph(escape(project.title), styles["Title"]),
    ]
    if sheet.summary:
        story.append(Paragraph(f"<i>{escape(sheet.summary)}</i>", body))
    facts = [
        [_("Municipality"), f"{municipality.name} ({municipality.country})"],
        [_("Use"), str(project.get_use_category_display())],
        [_("Run by"), project.organisation.name],
        [_("Asset"), f"{asset.reference} – {asset.title or asset.get_kind_display()}"],
        [_("Concession"), _concession(project)],
    ]
    if sheet.total_cost is not None:
        facts.append([_("Total cost"), f"EUR {sheet.total_cost:,.0f}"])
    if project_url:
        facts.append([_("Project page"), project_url])
    facts_table = Table(
        [[Paragraph(escape(str(a)), body), Paragraph(escape(str(b)), body)] for a, b in facts],
        colWidths=[3.2 * cm, 7.3 * cm],
    )
    # A protected place (a shelter) shows only its municipality, here as on every public page.
    png = asset_map_png(municipality, reduce_protected_location(asset).location)
    top = [[facts_table, Image(io.BytesIO(png), width=6 * cm, height=6 * cm) if png else ""]]
    story += [Spacer(1, 0.3 * cm), Table(top, colWidths=[10.8 * cm, 6.2 * cm])]

    story.append(Paragraph(escape(_("Results")), heading))
    if results["reports"]:
        rows = [[_("Figure"), _("Total over the reports")]]
        rows += [[str(label), str(results[name] or 0)] for name, label in RESULT_LABELS]
        table = Table(rows, colWidths=[8 * cm, 5 * cm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
                    ("ALIGN", (1, 1), (1, -1), "RIGHT"),
                ]
            )
        )
        story.append(table)
        story.append(
            Paragraph(
                escape(
                    _("From %(n)s monitoring report(s) filed by the organisation, %(a)s – %(b)s.")
                    % {
                        "n": results["reports"],
                        "a": results["first_period"],
                        "b": results["last_period"],
                    }
                ),
                body,
            )
        )
    else:
        story.append(Paragraph(escape(_("No monitoring report filed yet.")), body))

    for name, title in SECTIONS:
        text = getattr(sheet, name)
        if text:
            story.append(Paragraph(escape(title()), heading))
            story += _paragraphs(text, body)
    if sheet.contact_name or sheet.contact_email:
        story.append(Paragraph(escape(_("Contact")), heading))
        story.append(
            Paragraph(
                escape(" – ".join(filter(None, [sheet.contact_name, sheet.contact_email]))), body
            )
        )
    published = timezone.localdate(sheet.published_at) if sheet.published_at else None
    story.append(Spacer(1, 0.5 * cm))
    story.append(
        Paragraph(
            escape(
                _("Reviewed and published on %(date)s.") % {"date": published}
                if published
                else _("Not published: draft for review.")
            ),
            styles["Italic"],
        )
    )
    document.build(story)
    return buffer.getvalue()


def _concession(project):
    parts = []
    if project.deed_number:
        parts.append(_("deed %(number)s") % {"number": project.deed_number})
    if project.starts_on:
        parts.append(_("from %(date)s") % {"date": project.starts_on})
    if project.ends_on:
        parts.append(_("to %(date)s") % {"date": project.ends_on})
    parts.append(str(project.get_status_display()).lower())
    return ", ".join(parts)
