"""Three figures of /stats/ recomputed independently in SQL (per-asset subqueries straight on the
tables, none of evaluation.stats's CTEs) on a known data set, and compared with hand counts."""

import datetime

import pytest
from django.db import connection

from assets_registry import lifecycle
from evaluation import stats

TODAY = datetime.date(2026, 11, 30)
PUBLIC = [str(s) for s in lifecycle.PUBLIC_STATUSES]


@pytest.fixture
def cities(palermo, naples, walk_asset, concession, import_without_dates, filed_report):
    d = datetime.date
    first = [("confiscated_first_instance", d(2011, 1, 1))]
    delivered = walk_asset(
        palermo,
        first
        + [
            ("confiscated_final", d(2012, 3, 1)),
            ("allocated", d(2014, 3, 1)),
            ("delivered", d(2015, 1, 1)),
        ],
    )
    project = concession(delivered, status="active", starts_on=d(2016, 1, 1))
    filed_report(project, year=2024, beneficiaries=120, jobs=3, jobs_disadvantaged=1)
    filed_report(project, year=2025, beneficiaries=200, jobs=4, jobs_disadvantaged=2)
    walk_asset(
        palermo, first + [("confiscated_final", d(2015, 6, 1)), ("allocated", d(2016, 6, 1))]
    )
    walk_asset(palermo, first + [("confiscated_final", d(2013, 1, 1))])
    walk_asset(palermo, first + [("confiscated_final", d(2020, 1, 1))])
    walk_asset(palermo, [])  # seized: not public, never counted
    naples_allocated = walk_asset(
        naples, first + [("confiscated_final", d(2011, 6, 1)), ("allocated", d(2018, 6, 1))]
    )
    concession(naples_allocated, status="agreed", starts_on=None)
    import_without_dates([("I-NA-1", "063049", "land", "Confisca def.")])


def scalar(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


PUBLIC_ASSETS = """
    FROM assets_registry_asset a
    JOIN assets_registry_municipality m ON m.id = a.municipality_id
    WHERE m.is_published AND a.deleted_at IS NULL AND a.status = ANY(%s)
"""


def real_stage_date(status):
    """First date of the stage, ignoring the dates the importer wrote for want of one."""
    return f"""(SELECT min(e.effective_date) FROM assets_registry_statusevent e
                WHERE e.asset_id = a.id AND e.status = '{status}'
                  AND e.effective_date IS NOT NULL
                  AND NOT (a.external_source <> '' AND e.note LIKE '%%gives no decree date%%'))"""


def test_reuse_rate_matches_sql(cities):
    board = stats.dashboard(stats.Filters(), today=TODAY)

    live, final = scalar(
        f"""SELECT count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM reuse_projects_reuseproject p
                   WHERE p.asset_id = a.id AND p.status IN ('agreed', 'active'))),
                   count(*) {PUBLIC_ASSETS}""",  # noqa: S608 - test SQL, no user input
        [PUBLIC],
    )
    assert (board.in_reuse, board.final) == (live, final) == (2, 6)
    assert board.reuse_rate == round(100 * live / final, 1) == 33.3


def test_median_time_to_allocation_matches_sql(cities):
    board = stats.dashboard(stats.Filters(), today=TODAY)
    allocation = next(d for d in board.durations if d.measure == "allocation")

    median, covered = scalar(
        f"""SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY allocated - final), count(*)
            FROM (SELECT {real_stage_date("confiscated_final")} AS final,
                         {real_stage_date("allocated")} AS allocated {PUBLIC_ASSETS}) t
            WHERE final IS NOT NULL AND allocated IS NOT NULL""",  # noqa: S608
        [PUBLIC],
    )
    # 2012-03-01 → 2014-03-01, 2015-06-01 → 2016-06-01, 2011-06-01 → 2018-06-01
    assert sorted([730, 366, 2557])[1] == median == allocation.quartiles[1]
    assert allocation.covered == covered == 3
    assert allocation.left_out == 0


def test_assets_waiting_over_five_years_match_sql(cities):
    board = stats.dashboard(stats.Filters(), today=TODAY)
    over = dict(board.waiting["over"])

    (waiting_five,) = scalar(
        f"""SELECT count(*) FROM (SELECT a.status, {real_stage_date("confiscated_final")} AS final
            {PUBLIC_ASSETS}) t
            WHERE status = 'confiscated_final' AND final <= %s""",  # noqa: S608
        [PUBLIC, datetime.date(2021, 11, 30)],
    )
    assert over[5] == waiting_five == 2
    assert over[10] == 1
    # The imported asset is waiting too, but since an unknown day: counted apart.
    assert board.waiting["total"] == 3
    assert board.waiting["left_out"] == 1


def test_monitoring_figures_are_summed_per_year(cities):
    board = stats.dashboard(stats.Filters(), today=TODAY)

    by_year = {row["year"]: row for row in board.monitoring}
    assert by_year[2024]["beneficiaries"] == 120
    assert by_year[2025]["jobs_disadvantaged"] == 2
    assert sum(row["beneficiaries"] for row in board.monitoring) == 320


def test_filters_narrow_the_figures(cities):
    naples_only = stats.dashboard(stats.Filters(municipality="napoli"), today=TODAY)
    land = stats.dashboard(stats.Filters(kind="land"), today=TODAY)
    by_region = stats.dashboard(stats.Filters(level="region"), today=TODAY)

    assert (naples_only.final, naples_only.in_reuse) == (2, 1)
    assert land.final == 1
    assert {row["label"] for row in by_region.comparison} == {"Sicilia", "Campania"}
    # Grouped by the regions' ISTAT codes, loaded with the boundaries.
    assert {row["key"] for row in by_region.comparison} == {"IT:19", "IT:15"}


def test_a_period_selects_the_cohort_and_counts_the_undated(cities):
    board = stats.dashboard(stats.Filters(year_from=2012, year_to=2015), today=TODAY)

    # Finally confiscated 2012-03-01, 2013-01-01, 2015-06-01; the import has no date.
    assert board.final == 3
    assert board.left_out_by_period == 1
