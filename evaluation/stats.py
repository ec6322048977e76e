"""The evaluation dashboard's figures, computed in SQL over the assets in scope.

Every figure is an aggregate query over the same per-asset facts (a CTE): the asset's status,
kind and place, the real dates of its final confiscation, allocation and delivery
(evaluation.dates decides which dates are real), and its reuse projects. Durations use real
dates only; each figure carries how many assets it covers and how many were left out.

The period filter selects a cohort: the assets finally confiscated in those years. An asset whose
final confiscation has no real date cannot be placed in a period, so with a period it is left out
and counted as such.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db import connections, router
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from assets_registry import lifecycle
from assets_registry.models import Asset
from common.caching import cache_get, cache_set
from evaluation import dates
from evaluation.sources import PUBLIC_PROJECT_STATUSES, assets_in_scope
from maps.layers import data_version
from reuse_projects.models import ReuseProject

S = lifecycle.Status
# A concession in force: signed and not suspended, ended or revoked.
LIVE_PROJECT_STATUSES = ("agreed", "active")
# A project whose reuse actually began (its start date is the start of reuse).
STARTED_PROJECT_STATUSES = ("active", "suspended", "ended", "revoked")
# Statuses that mean the asset was allocated at some point.
ALLOCATION_STATUSES = (S.ALLOCATED, S.DELIVERED, S.REVOKED_ALLOCATION)
WAITING_YEARS = (1, 3, 5, 10)
# Edges, in years, of the time-to-reuse distribution.
BUCKET_EDGES = (1, 2, 3, 5, 10)
MEASURES = {
    "allocation": _("Final confiscation → allocation"),
    "delivery": _("Final confiscation → delivery"),
    "reuse": _("Final confiscation → start of reuse"),
}
LEVELS = {
    "municipality": _("Municipality"),
    "province": _("Province"),
    "region": _("Region"),
    "country": _("Country"),
}
# Grouping key and label of each level, over the facts CTE.
# Provinces and regions group by their official code when the boundary file gave one.
LEVEL_SQL = {
    "municipality": ("f.slug", "f.municipality"),
    "province": (
        "f.country || ':' || coalesce(nullif(f.province_code, ''), f.province)",
        "f.province",
    ),
    "region": ("f.country || ':' || coalesce(nullif(f.region_code, ''), f.region)", "f.region"),
    "country": ("f.country", "f.country"),
}
# The map draws each municipality while at most this many have assets in scope; beyond, their
# provinces (else regions). Italy's 1,022 municipalities with assets were 278 KB of the national
# page, its 102 provinces with assets are 61 KB; Sicily's 184 municipalities are 74 KB, about
# 0.4 KB each, and 200 keep the page under 150 KB.
MAP_MAX_AREAS = 200
# Outlines of provinces, regions and countries (unions of their municipalities' boundaries) are
# simplified to this many degrees, about 200 m: finer than a pixel of a map drawn by province.
OUTLINE_TOLERANCE = 0.002
# Cached entries are keyed by what they are computed from, so they never go stale: the lifetime
# only bounds the space.
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Filters:
    country: str = ""
    region: str = ""
    province: str = ""
    municipality: str = ""  # slug
    year_from: int | None = None
    year_to: int | None = None
    kind: str = ""
    use: str = ""
    level: str = "municipality"
    staff_view: bool = False

    @property
    def has_period(self):
        return self.year_from is not None or self.year_to is not None


@dataclass
class Duration:
    measure: str
    label: str
    covered: int = 0  # assets with both real dates
    left_out: int = 0  # assets that reached the stage, without a real date for it or the start
    quartiles: tuple = (None, None, None)  # days
    buckets: list = field(default_factory=list)  # counts per BUCKET_EDGES interval

    @property
    def median_years(self):
        return _years(self.quartiles[1])

    @property
    def q1_years(self):
        return _years(self.quartiles[0])

    @property
    def q3_years(self):
        return _years(self.quartiles[2])


@dataclass
class Dashboard:
    filters: Filters
    today: datetime.date
    total: int = 0
    final: int = 0
    in_reuse: int = 0
    left_out_by_period: int = 0
    by_status: list = field(default_factory=list)  # (status, label, count)
    by_kind: list = field(default_factory=list)
    durations: list = field(default_factory=list)
    waiting: dict = field(default_factory=dict)
    comparison: list = field(default_factory=list)
    trend: list = field(default_factory=list)  # (year, final, allocation, delivery, reuse)
    monitoring: list = field(default_factory=list)
    choropleth: list = field(default_factory=list)  # panels
    map_unit: str = "municipality"  # what the map's areas are: a key of LEVELS

    @property
    def reuse_rate(self):
        return rate(self.in_reuse, self.final)


def rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _years(days):
    return None if days is None else round(days / 365.25, 1)


class Query:
    """SQL text and its parameters, built in order."""

    def __init__(self):
        self.parts, self.params = [], []

    def add(self, sql, *params):
        self.parts.append(sql)
        self.params.extend(params)
        return self

    def run(self, *, one=False):
        # The database the router picks for reads: a replica for the public dashboard.
        with connections[router.db_for_read(Asset)].cursor() as cursor:
            cursor.execute("\n".join(self.parts), self.params)
            return cursor.fetchone() if one else cursor.fetchall()


def scope_queryset(filters, user=None):
    assets = assets_in_scope(user, staff_view=filters.staff_view)
    if filters.country:
        assets = assets.filter(municipality__country=filters.country)
    if filters.region:
        assets = assets.filter(municipality__region=filters.region)
    if filters.province:
        assets = assets.filter(municipality__province=filters.province)
    if filters.municipality:
        assets = assets.filter(municipality__slug=filters.municipality)
    if filters.kind:
        assets = assets.filter(kind=filters.kind)
    if filters.use:
        projects = ReuseProject.objects.filter(
            use_category=filters.use, status__in=PUBLIC_PROJECT_STATUSES
        )
        assets = assets.filter(pk__in=projects.values("asset_id"))
    return assets.order_by().values("id", "municipality_id", "kind", "status", "external_source")


def facts_query(filters, user=None, *, today):
    """WITH scope, facts (one row per asset in scope) and cohort (facts within the period)."""
    scope_sql, scope_params = scope_queryset(filters, user).query.sql_with_params()
    q = Query()
    q.add(f"WITH scope AS ({scope_sql}),", *scope_params)
    q.add(
        f"""
        events AS (
            SELECT e.asset_id, e.status,
                   CASE WHEN {dates.real_date_condition("e")} THEN e.effective_date END
                       AS real_date
            FROM assets_registry_statusevent e JOIN scope a ON a.id = e.asset_id
        ),""",  # noqa: S608 - fragments are ours
    )
    q.add(
        """
        stages AS (
            SELECT asset_id,
                   min(real_date) FILTER (WHERE status = 'confiscated_final') AS final_on,
                   min(real_date) FILTER (WHERE status = 'allocated') AS allocated_on,
                   bool_or(status = ANY(%s)) AS reached_allocation,
                   min(real_date) FILTER (WHERE status = 'delivered') AS delivered_on,
                   bool_or(status = 'delivered') AS reached_delivery
            FROM events GROUP BY asset_id
        ),""",
        [str(s) for s in ALLOCATION_STATUSES],
    )
    q.add(
        """
        projects AS (
            SELECT p.asset_id,
                   bool_or(p.status = ANY(%s)) AS in_live_project,
                   bool_or(p.status = ANY(%s)) AS reached_reuse,
                   min(p.starts_on) FILTER (WHERE p.status = ANY(%s) AND p.starts_on <= %s)
                       AS reuse_on
            FROM reuse_projects_reuseproject p JOIN scope a ON a.id = p.asset_id
            WHERE p.status = ANY(%s)
            GROUP BY p.asset_id
        ),""",
        list(LIVE_PROJECT_STATUSES),
        list(STARTED_PROJECT_STATUSES),
        list(STARTED_PROJECT_STATUSES),
        today,
        list(PUBLIC_PROJECT_STATUSES),
    )
    q.add(
        """
        facts AS (
            SELECT a.id, a.kind, a.status, m.id AS municipality_id, m.name AS municipality,
                   m.slug, m.country, m.region, m.province, m.region_code, m.province_code,
                   a.status = ANY(%s) AS is_final,
                   s.final_on, s.allocated_on, s.delivered_on, p.reuse_on,
                   coalesce(s.reached_allocation, false) AS reached_allocation,
                   coalesce(s.reached_delivery, false) AS reached_delivery,
                   coalesce(p.reached_reuse, false) AS reached_reuse,
                   coalesce(p.in_live_project, false) AS in_live_project
            FROM scope a
            JOIN assets_registry_municipality m ON m.id = a.municipality_id
            LEFT JOIN stages s ON s.asset_id = a.id
            LEFT JOIN projects p ON p.asset_id = a.id
        ),""",
        [str(s) for s in lifecycle.PUBLIC_STATUSES],
    )
    period, params = _period_condition(filters, "f.final_on")
    q.add(f"cohort AS (SELECT * FROM facts f WHERE {period})", *params)  # noqa: S608 - fragments are ours, values are parameters
    return q


def _period_condition(filters, column):
    conditions, params = ["TRUE"], []
    if filters.year_from is not None:
        conditions.append(f"{column} >= %s")
        params.append(datetime.date(filters.year_from, 1, 1))
    if filters.year_to is not None:
        conditions.append(f"{column} <= %s")
        params.append(datetime.date(filters.year_to, 12, 31))
    return " AND ".join(conditions), params


def dashboard(filters, user=None, *, today=None, parts=None):
    """The figures of /stats/ for these filters: all of them, or only the named parts (one
    chart's CSV needs one or two queries, not the page's dozen)."""
    today = today or timezone.localdate()
    board = Dashboard(filters=filters, today=today)
    for name, compute in PARTS.items():
        if parts is None or name in parts:
            compute(board, user)
    return board


def public_dashboard(filters, *, today=None):
    """dashboard(filters) on published data, as every anonymous visitor sees it, from the shared
    cache. Keyed by the data version (bumped at the commit of every write to the tables the
    figures read), the day (durations and overdue reports run to today) and the language (a few
    labels are translated when the board is built)."""
    if filters.staff_view:
        raise ValueError("A staff view counts unpublished assets: it is never shared.")
    today = today or timezone.localdate()
    key = public_cache_key("board", today.isoformat(), translation.get_language(), filters)
    board = cache_get(key)
    if board is None:
        board = dashboard(filters, today=today)
        cache_set(key, board, CACHE_SECONDS)
    return board


def public_cache_key(kind, *parts):
    """A shared-cache key for something computed from the public data and `parts`: it carries
    the data version (maps.layers.data_version, as the layers' keys do), so a change to the data
    is a new key."""
    version = data_version(f"stats:{kind}", key=repr(parts))
    return f"stats:{kind}:{version.etag}"


def _counts(board, user):
    q = facts_query(board.filters, user, today=board.today)
    q.add(
        """
        SELECT GROUPING(f.status) AS by_kind, f.status, f.kind, count(*),
               count(*) FILTER (WHERE f.is_final),
               count(*) FILTER (WHERE f.is_final AND f.in_live_project)
        FROM cohort f GROUP BY GROUPING SETS ((f.status), (f.kind), ())
        """
    )
    statuses, kinds = {}, {}
    for by_kind, status, kind, count, final, live in q.run():
        if status is None and kind is None:
            board.total, board.final, board.in_reuse = count, final, live
        elif by_kind:
            kinds[kind] = count
        else:
            statuses[status] = count
    board.by_status = [(s.value, s.label, statuses[s.value]) for s in S if s.value in statuses]
    board.by_kind = [(k.value, k.label, kinds[k.value]) for k in Asset.Kind if k.value in kinds]
    if board.filters.has_period:
        q = facts_query(board.filters, user, today=board.today)
        q.add("SELECT count(*) FROM facts f WHERE f.is_final AND f.final_on IS NULL")
        (board.left_out_by_period,) = q.run(one=True)


DURATION_LATERAL = """
    CROSS JOIN LATERAL (VALUES
        ('allocation', f.reached_allocation, f.allocated_on - f.final_on),
        ('delivery', f.reached_delivery, f.delivered_on - f.final_on),
        ('reuse', f.reached_reuse, f.reuse_on - f.final_on)
    ) AS d(measure, reached, days)
"""


def _durations(board, user):
    q = facts_query(board.filters, user, today=board.today)
    q.add(
        f"""
        SELECT d.measure,
               count(*) FILTER (WHERE d.days >= 0),
               count(*) FILTER (WHERE d.days IS NULL OR d.days < 0),
               percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY d.days)
                   FILTER (WHERE d.days >= 0)
        FROM cohort f {DURATION_LATERAL}
        WHERE f.is_final AND d.reached
        GROUP BY d.measure
        """  # noqa: S608 - fragments are ours, values are parameters
    )
    found = {row[0]: row for row in q.run()}
    q = facts_query(board.filters, user, today=board.today)
    q.add(
        f"""
        SELECT d.measure, width_bucket(d.days / 365.25, %s::float8[]), count(*)
        FROM cohort f {DURATION_LATERAL}
        WHERE f.is_final AND d.reached AND d.days >= 0
        GROUP BY 1, 2
        """,  # noqa: S608 - fragments are ours, values are parameters
        list(BUCKET_EDGES),
    )
    buckets = {(measure, bucket): count for measure, bucket, count in q.run()}
    for measure, label in MEASURES.items():
        _, covered, left_out, quartiles = found.get(measure, (measure, 0, 0, None))
        q1, q2, q3 = quartiles or (None, None, None)
        board.durations.append(
            Duration(
                measure=measure,
                label=label,
                covered=covered,
                left_out=left_out,
                quartiles=(q1, q2, q3),
                buckets=[buckets.get((measure, b), 0) for b in range(len(BUCKET_EDGES) + 1)],
            )
        )


def bucket_labels():
    edges = BUCKET_EDGES
    labels = [_("under %(n)s year") % {"n": edges[0]}]
    labels += [f"{a}–{b}" for a, b in zip(edges, edges[1:], strict=False)]
    labels.append(_("%(n)s years or more") % {"n": edges[-1]})
    return [str(label) for label in labels]


def _waiting(board, user):
    """Assets finally confiscated and still waiting for a destination."""
    q = facts_query(board.filters, user, today=board.today)
    over = ", ".join("count(*) FILTER (WHERE f.final_on <= %s)" for _ in WAITING_YEARS)
    q.add(
        f"""
        SELECT count(*), count(*) FILTER (WHERE f.final_on IS NULL),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY %s - f.final_on)
                   FILTER (WHERE f.final_on IS NOT NULL),
               {over}
        FROM cohort f WHERE f.status = %s
        """,  # noqa: S608 - fragments are ours, values are parameters
        board.today,
        *(_years_before(board.today, n) for n in WAITING_YEARS),
        str(S.CONFISCATED_FINAL),
    )
    total, left_out, median, *over_counts = q.run(one=True)
    board.waiting = {
        "total": total,
        "covered": total - left_out,
        "left_out": left_out,
        "median_years": _years(median),
        "over": list(zip(WAITING_YEARS, over_counts, strict=True)),
    }


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _comparison(board, user):
    key, label = LEVEL_SQL[board.filters.level]
    q = facts_query(board.filters, user, today=board.today)
    q.add(
        f"""
        SELECT {key} AS key, min({label}) AS label, count(*) FILTER (WHERE f.is_final),
               count(*) FILTER (WHERE f.is_final AND f.in_live_project),
               count(*) FILTER (WHERE f.is_final AND f.reached_allocation
                                AND f.allocated_on - f.final_on >= 0),
               count(*) FILTER (WHERE f.is_final AND f.reached_allocation
                                AND coalesce(f.allocated_on - f.final_on, -1) < 0),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY f.allocated_on - f.final_on)
                   FILTER (WHERE f.is_final AND f.reached_allocation
                           AND f.allocated_on - f.final_on >= 0)
        FROM cohort f
        GROUP BY 1
        HAVING count(*) FILTER (WHERE f.is_final) > 0
        ORDER BY 3 DESC, 2
        """  # noqa: S608 - fragments are ours, values are parameters
    )
    board.comparison = [
        {
            "key": key,
            "label": label or str(_("(not recorded)")),
            "final": final,
            "in_reuse": live,
            "reuse_rate": rate(live, final),
            "allocation_covered": covered,
            "allocation_left_out": left_out,
            "median_allocation_years": _years(median),
        }
        for key, label, final, live, covered, left_out, median in q.run()
    ]


def _trend(board, user):
    q = facts_query(board.filters, user, today=board.today)
    q.add(
        """
        SELECT extract(year FROM t.day)::int AS year, t.measure, count(*)
        FROM cohort f CROSS JOIN LATERAL (VALUES
            ('final', f.final_on), ('allocation', f.allocated_on),
            ('delivery', f.delivered_on), ('reuse', f.reuse_on)
        ) AS t(measure, day)
        WHERE t.day IS NOT NULL AND f.is_final
        GROUP BY 1, 2 ORDER BY 1
        """
    )
    years = {}
    for year, measure, count in q.run():
        years.setdefault(year, {})[measure] = count
    if years:
        first, last = min(years), max(years)
        board.trend = [
            {
                "year": year,
                **{m: years.get(year, {}).get(m, 0) for m in ("final", *MEASURES)},
            }
            for year in range(first, last + 1)
        ]


def _monitoring(board, user):
    """Monitoring reports filed for the projects on the assets in scope, per year."""
    scope_sql, scope_params = scope_queryset(board.filters, user).query.sql_with_params()
    period, period_params = _period_condition(board.filters, "r.period_end")
    q = Query()
    q.add(f"WITH scope AS ({scope_sql})", *scope_params)
    q.add(
        f"""
        SELECT extract(year FROM r.period_end)::int AS year,
               count(*) FILTER (WHERE r.status IN ('filed', 'acknowledged')),
               count(*) FILTER (WHERE r.status = 'due' AND r.due_on < %s),
               count(DISTINCT r.project_id) FILTER (WHERE r.status IN ('filed', 'acknowledged')),
               sum(r.beneficiaries) FILTER (WHERE r.status IN ('filed', 'acknowledged')),
               sum(r.jobs) FILTER (WHERE r.status IN ('filed', 'acknowledged')),
               sum(r.jobs_disadvantaged) FILTER (WHERE r.status IN ('filed', 'acknowledged')),
               sum(r.volunteers) FILTER (WHERE r.status IN ('filed', 'acknowledged')),
               sum(r.events_held) FILTER (WHERE r.status IN ('filed', 'acknowledged'))
        FROM reuse_projects_monitoringreport r
        JOIN reuse_projects_reuseproject p ON p.id = r.project_id
        JOIN scope a ON a.id = p.asset_id
        WHERE p.status = ANY(%s) AND {period}
        GROUP BY 1
        HAVING count(*) FILTER (WHERE r.status IN ('filed', 'acknowledged')) > 0
            OR count(*) FILTER (WHERE r.status = 'due' AND r.due_on < %s) > 0
        ORDER BY 1
        """,  # noqa: S608 - fragments are ours, values are parameters
        board.today,
        list(PUBLIC_PROJECT_STATUSES),
        *period_params,
        board.today,
    )
    names = (
        "year",
        "reports",
        "overdue",
        "projects",
        "beneficiaries",
        "jobs",
        "jobs_disadvantaged",
        "volunteers",
        "events",
    )
    board.monitoring = [
        {name: value or 0 for name, value in zip(names, row, strict=True)} for row in q.run()
    ]


def choropleth(board, user, *, width=600):
    """(unit, panels): the areas of the cohort, each with the reuse rate of its group at the
    board's level, as SVG paths: one panel per country (each with its own extent, so that a few
    cities far apart stay visible), longitude scaled by the cosine of the panel's mean latitude.

    The areas are the municipalities with assets, or, when more than MAP_MAX_AREAS of them, their
    provinces (else regions, else countries), always finer than the place filtered (a map of one
    province is no map): the page stays light at any scale, and filtering by region or province
    brings the municipalities back. An area coarser than the board's level is coloured by its
    own figures."""
    places = _map_places(board, user)
    if not places:
        return "municipality", []
    units = map_units(board.filters)
    unit = next(
        (u for u in units if len({place["keys"][u] for place in places}) <= MAP_MAX_AREAS),
        units[-1],
    )
    group = coarser(unit, board.filters.level)
    groups = {}  # key: (name, final, in reuse)
    for place in places:
        key = place["keys"][group]
        label, final, live = groups.get(key, (place["labels"][group], 0, 0))
        groups[key] = (label, final + place["final"], live + place["live"])
    if unit == "municipality":
        areas = [
            (place["country"], place["labels"][unit], place["extent"], place["keys"][group])
            for place in places
        ]
        shapes = ("municipality", [place["id"] for place in places])
    else:
        outlines = area_outlines(unit)
        # An area whose municipalities changed since its outline was read waits for the next
        # board.
        drawn = {place["keys"][unit]: place["keys"][group] for place in places}
        drawn = {area: key for area, key in drawn.items() if area in outlines}
        areas = [(*outlines[area][:3], key) for area, key in drawn.items()]
        shapes = ("outline", [outlines[area][3] for area in drawn])
    extents = {}
    for country, _name, (xmin, ymin, xmax, ymax), _group in areas:
        x0, y0, x1, y1 = extents.get(country, (xmin, ymin, xmax, ymax))
        extents[country] = (min(x0, xmin), min(y0, ymin), max(x1, xmax), max(y1, ymax))
    panels = {country: _panel(country, extent, width) for country, extent in extents.items()}
    paths = _svg_paths(*shapes, [panels[area[0]] for area in areas])
    for (country, name, _extent, key), d in zip(areas, paths, strict=True):
        label, final, live = groups[key]
        panels[country]["paths"].append(_path(name, label, final, live, d))
    for panel in panels.values():
        panel["paths"].sort(key=lambda path: path["name"])
    return unit, [panels[country] for country in sorted(panels)]


def coarser(level, other):
    order = list(LEVELS)
    return max(level, other, key=order.index)


def map_units(filters):
    """The areas the map may draw, finest first: finer than the place the filters select."""
    order = list(LEVELS)
    for level in order:
        if getattr(filters, level):
            return order[: max(order.index(level), 1)]
    return order


def _map_places(board, user):
    """The municipalities with finally confiscated assets in the cohort: their figures, their
    keys and names at every level, and their extents."""
    keys = ", ".join(key for key, _label in LEVEL_SQL.values())
    labels = ", ".join(f"min({label})" for _key, label in LEVEL_SQL.values())
    q = facts_query(board.filters, user, today=board.today)
    q.add(
        f""",
        places AS (
            SELECT f.municipality_id, min(f.country) AS country, {keys}, {labels},
                   count(*) FILTER (WHERE f.is_final) AS final,
                   count(*) FILTER (WHERE f.is_final AND f.in_live_project) AS live
            FROM cohort f
            GROUP BY f.municipality_id, {keys}
            HAVING count(*) FILTER (WHERE f.is_final) > 0
        )
        SELECT p.*, ST_XMin(m.boundary), ST_YMin(m.boundary), ST_XMax(m.boundary),
               ST_YMax(m.boundary)
        FROM places p JOIN assets_registry_municipality m ON m.id = p.municipality_id
        """  # noqa: S608 - fragments are ours
    )
    n = len(LEVEL_SQL)
    return [
        {
            "id": row[0],
            "country": row[1],
            "keys": dict(zip(LEVEL_SQL, row[2 : 2 + n], strict=True)),
            "labels": dict(zip(LEVEL_SQL, row[2 + n : 2 + 2 * n], strict=True)),
            "final": row[2 + 2 * n],
            "live": row[3 + 2 * n],
            "extent": tuple(row[4 + 2 * n :]),
        }
        for row in q.run()
    ]


def _panel(country, extent, width):
    xmin, ymin, xmax, ymax = extent
    k = math.cos(math.radians((ymin + ymax) / 2))
    span = max((xmax - xmin) * k, ymax - ymin) or 1
    margin = span / 50
    return {
        "country": country,
        "k": k,
        "tolerance": span / width,
        "view_box": (
            f"{xmin * k - margin:.4f} {-ymax - margin:.4f} "
            f"{(xmax - xmin) * k + 2 * margin:.4f} {ymax - ymin + 2 * margin:.4f}"
        ),
        "paths": [],
    }


def _svg_paths(kind, shapes, panels):
    """The SVG path of each shape (a municipality's id, or an outline as TWKB), scaled and
    simplified for its panel, in order."""
    if kind == "municipality":
        source = (
            "unnest(%s::bigint[], %s::float8[], %s::float8[]) WITH ORDINALITY AS t(id, k, tol, i)"
            " JOIN assets_registry_municipality m ON m.id = t.id"
        )
        shape = "m.boundary"
    else:
        source = (
            "unnest(%s::bytea[], %s::float8[], %s::float8[]) WITH ORDINALITY"
            " AS t(outline, k, tol, i)"
        )
        shape = "ST_GeomFromTWKB(t.outline)"
    sql = f"""
        SELECT ST_AsSVG(ST_Simplify(ST_Scale({shape}, t.k, 1), t.tol, true), 0, 4)
        FROM {source} ORDER BY t.i
    """  # noqa: S608 - fragments are ours, values are parameters
    q = Query().add(
        sql,
        shapes,
        [panel["k"] for panel in panels],
        [panel["tolerance"] for panel in panels],
    )
    return [d for (d,) in q.run()]


def _path(name, group, final, live, d):
    return {
        "name": name or str(_("(not recorded)")),
        "group": group or str(_("(not recorded)")),
        "final": final,
        "in_reuse": live,
        "rate": rate(live, final),
        "d": d,
    }


# A digest of what the outlines are made of: each municipality's boundary and the province,
# region and country it belongs to.
BOUNDARIES_DIGEST_SQL = """
    SELECT md5(string_agg(concat_ws('|', id, country, region, region_code, province,
                                    province_code, md5(ST_AsBinary(boundary))),
                          ',' ORDER BY id))
    FROM assets_registry_municipality
"""


def area_outlines(unit):
    """{area key: (country, name, (xmin, ymin, xmax, ymax), outline as TWKB)} of every province,
    region or country: the union of its municipalities' boundaries, simplified.

    The union is the slow part of a map by province (0.75 s for Italy's 107 provinces), so the
    outlines are cached by a digest of the boundaries (20-40 ms for Italy's), not by the data
    version, which every asset's change bumps."""
    (digest,) = Query().add(BOUNDARIES_DIGEST_SQL).run(one=True)
    cache_key = f"stats:outlines:{unit}:{digest}"
    outlines = cache_get(cache_key)
    if outlines is None:
        key, label = LEVEL_SQL[unit]
        q = Query().add(
            f"""
            SELECT o.key, o.country, o.label, ST_XMin(o.outline), ST_YMin(o.outline),
                   ST_XMax(o.outline), ST_YMax(o.outline), ST_AsTWKB(o.outline, 3)
            FROM (
                SELECT {key} AS key, min(f.country) AS country, min({label}) AS label,
                       ST_Simplify(ST_Union(f.boundary), %s, true) AS outline
                FROM assets_registry_municipality f GROUP BY 1
            ) AS o
            """,  # noqa: S608 - fragments are ours, values are parameters
            OUTLINE_TOLERANCE,
        )
        outlines = {
            area: (country, name or "", tuple(extent), bytes(outline))
            for area, country, name, *extent, outline in q.run()
        }
        cache_set(cache_key, outlines, CACHE_SECONDS)
    return outlines


def _choropleth(board, user):
    board.map_unit, board.choropleth = choropleth(board, user)


PARTS = {
    "counts": _counts,
    "durations": _durations,
    "waiting": _waiting,
    "comparison": _comparison,
    "trend": _trend,
    "monitoring": _monitoring,
    "choropleth": _choropleth,
}
