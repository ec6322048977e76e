"""Charts drawn on the server as SVG: no script, no inline style (colours come from classes in
evaluation/static/evaluation/stats.css), so they pass a strict CSP and print as they show.

Each chart is a Chart: its SVG, and the same numbers as columns and rows, which the page shows as
the chart's text alternative (a table) and serves as CSV.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from evaluation import stats

SERIES = 4  # series-0 .. series-3 in the stylesheet
CHOROPLETH_CLASSES = 5  # choro-0 .. choro-4: reuse rate in steps of 20 %


@dataclass
class Chart:
    slug: str
    title: str
    columns: list
    rows: list
    svg: str = ""
    note: str = ""
    # Rows of the page's table (None: all); the CSV always has them all.
    table_limit: int | None = None

    @property
    def table_rows(self):
        return self.rows if self.table_limit is None else self.rows[: self.table_limit]

    def csv(self):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([str(c) for c in self.columns])
        for row in self.rows:
            writer.writerow(["" if v is None else _spreadsheet_safe(v) for v in row])
        return out.getvalue()


def _spreadsheet_safe(value):
    # Place names come from boundary files: never let a spreadsheet read one as a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _svg(width, height, label, body):
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        width,
        height,
        label,
        body,
    )


def horizontal_bars(label, items, *, unit="", maximum=None):
    """items: (label, value, text shown after the bar)."""
    bar_height, gap, left, width = 22, 6, 190, 640
    maximum = maximum or max((v or 0 for _, v, _ in items), default=0) or 1
    parts = []
    for i, (name, value, text) in enumerate(items):
        y = i * (bar_height + gap)
        length = (width - left - 90) * (value or 0) / maximum
        parts.append(
            format_html(
                '<text class="axis-label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="bar series-0" x="{}" y="{}" width="{}" height="{}">'
                "<title>{}: {}</title></rect>"
                '<text class="value-label" x="{}" y="{}">{}</text>',
                left - 6,
                y + 16,
                _truncate(name, 28),
                left,
                y,
                _n(length),
                bar_height,
                name,
                text,
                _n(left + length + 4),
                y + 16,
                text,
            )
        )
    height = max(len(items) * (bar_height + gap), bar_height)
    return _svg(width, height, label, mark_safe("".join(parts)))  # noqa: S308 - escaped above


def grouped_columns(label, categories, series):
    """categories: x labels; series: [(name, [value per category])]."""
    width, height, bottom, top, left = 640, 260, 40, 10, 40
    maximum = max((v for _, values in series for v in values), default=0) or 1
    slot = (width - left) / max(len(categories), 1)
    bar = slot * 0.8 / max(len(series), 1)
    plot = height - bottom - top
    parts = [_y_axis(left, top, plot, maximum, width)]
    for c, category in enumerate(categories):
        x0 = left + c * slot + slot * 0.1
        for s, (name, values) in enumerate(series):
            value = values[c]
            h = plot * value / maximum
            parts.append(
                format_html(
                    '<rect class="bar series-{}" x="{}" y="{}" width="{}" '
                    'height="{}"><title>{}, {}: {}</title></rect>',
                    s % SERIES,
                    _n(x0 + s * bar),
                    _n(top + plot - h),
                    _n(bar),
                    _n(h),
                    name,
                    category,
                    value,
                )
            )
        parts.append(
            format_html(
                '<text class="axis-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                _n(left + c * slot + slot / 2),
                height - bottom + 16,
                category,
            )
        )
    parts.append(_legend([name for name, _ in series], left, height - 10))
    return _svg(width, height, label, mark_safe("".join(parts)))  # noqa: S308 - escaped above


def lines(label, xs, series):
    """xs: x labels (years); series: [(name, [value per x])]."""
    width, height, bottom, top, left = 640, 260, 40, 10, 40
    maximum = max((v for _, values in series for v in values), default=0) or 1
    plot = height - bottom - top
    step = (width - left - 10) / max(len(xs) - 1, 1)
    parts = [_y_axis(left, top, plot, maximum, width)]
    for s, (name, values) in enumerate(series):
        points = " ".join(
            f"{left + i * step:.1f},{top + plot - plot * v / maximum:.1f}"
            for i, v in enumerate(values)
        )
        parts.append(
            format_html(
                '<polyline class="line series-{}" points="{}"><title>{}</title></polyline>',
                s % SERIES,
                points,
                name,
            )
        )
    every = max(1, len(xs) // 10)
    for i, x in enumerate(xs):
        if i % every == 0 or i == len(xs) - 1:
            parts.append(
                format_html(
                    '<text class="axis-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                    _n(left + i * step),
                    height - bottom + 16,
                    x,
                )
            )
    parts.append(_legend([name for name, _ in series], left, height - 10))
    return _svg(width, height, label, mark_safe("".join(parts)))  # noqa: S308 - escaped above


def _y_axis(left, top, plot, maximum, width):
    return format_html(
        '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<text class="axis-label" x="{}" y="{}" text-anchor="end">{}</text>'
        '<text class="axis-label" x="{}" y="{}" text-anchor="end">0</text>',
        left,
        top,
        left,
        top + plot,
        left,
        top + plot,
        width,
        top + plot,
        left - 4,
        top + 10,
        maximum,
        left - 4,
        top + plot,
    )


def _legend(names, x, y):
    return format_html_join(
        "",
        '<rect class="bar series-{}" x="{}" y="{}" width="10" height="10"></rect>'
        '<text class="legend-label" x="{}" y="{}">{}</text>',
        (
            (i % SERIES, x + i * 150, y - 9, x + i * 150 + 14, y, _truncate(name, 22))
            for i, name in enumerate(names)
        ),
    )


def _n(number):
    return f"{number:.1f}"


def _truncate(text, length):
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def choropleth_class(value):
    if value is None:
        return "choro-none"
    return f"choro-{min(int(value // (100 / CHOROPLETH_CLASSES)), CHOROPLETH_CLASSES - 1)}"


# The dashboard's charts


def status_chart(board):
    rows = [(label, count) for _, label, count in board.by_status]
    return Chart(
        slug="status",
        title=_("Assets by status"),
        columns=[_("Status"), _("Assets")],
        rows=[(str(label), count) for label, count in rows],
        svg=horizontal_bars(_("Assets by status"), [(lb, c, c) for lb, c in rows]),
    )


def kind_chart(board):
    rows = [(str(label), count) for _, label, count in board.by_kind]
    return Chart(
        slug="kind",
        title=_("Assets by kind"),
        columns=[_("Kind"), _("Assets")],
        rows=rows,
        svg=horizontal_bars(_("Assets by kind"), [(lb, c, c) for lb, c in rows]),
    )


def distribution_chart(board):
    labels = stats.bucket_labels()
    series = [(str(d.label), d.buckets) for d in board.durations]
    rows = [[label] + [d.buckets[i] for d in board.durations] for i, label in enumerate(labels)]
    return Chart(
        slug="durations",
        title=_("Time from final confiscation, in years (assets with real dates)"),
        columns=[_("Years")] + [str(d.label) for d in board.durations],
        rows=rows,
        svg=grouped_columns(_("Distribution of the time to reuse"), labels, series),
    )


def comparison_chart(board, *, limit=25):
    level = stats.LEVELS[board.filters.level]
    shown = board.comparison[:limit]
    items = [
        (
            row["label"],
            row["reuse_rate"] or 0,
            f"{row['reuse_rate'] if row['reuse_rate'] is not None else '–'} % "
            f"({row['in_reuse']}/{row['final']})",
        )
        for row in shown
    ]
    note = ""
    if len(board.comparison) > limit:
        # The page shows what the chart shows: a table of 1,023 municipalities was 96 KB of it.
        note = _(
            "The chart and its table show the %(n)s with most assets; the CSV lists all %(total)s."
        ) % {"n": limit, "total": len(board.comparison)}
    return Chart(
        slug="comparison",
        title=_("Reuse rate by %(level)s") % {"level": str(level).lower()},
        columns=[
            level,
            _("Finally confiscated"),
            _("In a live reuse project"),
            _("Reuse rate (%)"),
            _("Median years to allocation"),
            _("Assets with real dates"),
            _("Left out (no real date)"),
        ],
        rows=[
            (
                row["label"],
                row["final"],
                row["in_reuse"],
                row["reuse_rate"],
                row["median_allocation_years"],
                row["allocation_covered"],
                row["allocation_left_out"],
            )
            for row in board.comparison
        ],
        svg=horizontal_bars(_("Reuse rate comparison"), items, maximum=100),
        note=note,
        table_limit=limit,
    )


def trend_chart(board):
    names = {
        "final": _("Final confiscations"),
        "allocation": _("Allocations"),
        "delivery": _("Deliveries"),
        "reuse": _("Projects started"),
    }
    years = [row["year"] for row in board.trend]
    series = [(str(label), [row[m] for row in board.trend]) for m, label in names.items()]
    return Chart(
        slug="trend",
        title=_("Trend by year (real dates only)"),
        columns=[_("Year")] + [str(label) for label in names.values()],
        rows=[[row["year"]] + [row[m] for m in names] for row in board.trend],
        svg=lines(_("Trend by year"), years, series) if years else "",
    )


def waiting_chart(board):
    waiting = board.waiting
    rows = [(str(_("more than %(n)s years") % {"n": n}), count) for n, count in waiting["over"]]
    return Chart(
        slug="waiting",
        title=_("Finally confiscated assets still waiting for a destination"),
        columns=[_("Waiting"), _("Assets")],
        rows=rows,
        svg=horizontal_bars(
            _("Assets waiting"), [(lb, c, c) for lb, c in rows], maximum=waiting["covered"] or 1
        ),
    )


def monitoring_chart(board):
    names = {
        "beneficiaries": _("Beneficiaries"),
        "jobs": _("Jobs"),
        "jobs_disadvantaged": _("Jobs for disadvantaged people"),
        "volunteers": _("Volunteers"),
        "events": _("Events"),
    }
    years = [str(row["year"]) for row in board.monitoring]
    return Chart(
        slug="monitoring",
        title=_("Results from monitoring reports, by year"),
        columns=[_("Year"), _("Reports filed"), _("Reports overdue"), _("Projects")]
        + list(names.values()),
        rows=[
            [row["year"], row["reports"], row["overdue"], row["projects"]] + [row[n] for n in names]
            for row in board.monitoring
        ],
        svg=grouped_columns(
            _("Monitoring results"),
            years,
            [(str(names[n]), [row[n] for row in board.monitoring]) for n in ("beneficiaries",)],
        )
        if years
        else "",
    )


def map_chart(board):
    unit = board.map_unit
    # Areas coarser than the compared level are coloured by their own figures.
    level = stats.LEVELS[stats.coarser(unit, board.filters.level)]
    svgs = []
    for panel in board.choropleth:
        paths = format_html_join(
            "",
            '<path class="area {}" d="{}"><title>{} – {}: {} % ({}/{})</title></path>',
            (
                (
                    choropleth_class(p["rate"]),
                    p["d"],
                    p["name"],
                    p["group"],
                    "–" if p["rate"] is None else p["rate"],
                    p["in_reuse"],
                    p["final"],
                )
                for p in panel["paths"]
            ),
        )
        svgs.append(
            format_html(
                '<svg class="chart choropleth" viewBox="{}" role="img" aria-label="{}">{}</svg>',
                panel["view_box"],
                _("Map of the reuse rate: %(country)s") % {"country": panel["country"]},
                paths,
            )
        )
    rows = [
        (panel["country"], p["name"], p["group"], p["final"], p["in_reuse"], p["rate"])
        for panel in board.choropleth
        for p in panel["paths"]
    ]
    note = ""
    if unit != "municipality" and board.choropleth:
        note = _(
            "More than %(n)s municipalities are too many to draw one by one: the map shows each "
            "%(unit)s. Narrow the filters (a region, a province) to see the municipalities."
        ) % {"n": stats.MAP_MAX_AREAS, "unit": str(stats.LEVELS[unit]).lower()}
    return Chart(
        slug="map",
        title=_("Reuse rate by %(level)s, on the map") % {"level": str(level).lower()},
        note=note,
        columns=[
            _("Country"),
            stats.LEVELS[unit],
            level,
            _("Finally confiscated"),
            _("In reuse"),
            _("Rate (%)"),
        ],
        rows=rows,
        svg=format_html('<div class="map-panels">{}</div>', mark_safe("".join(svgs)))  # noqa: S308
        if svgs
        else "",
    )


CHARTS = {
    "status": status_chart,
    "kind": kind_chart,
    "durations": distribution_chart,
    "waiting": waiting_chart,
    "comparison": comparison_chart,
    "trend": trend_chart,
    "map": map_chart,
    "monitoring": monitoring_chart,
}
