"""The arithmetic of scoring: each reviewer marks each weighted criterion from 0 to 10; a complete
score sheet is scaled to 0–100; an application's score is the mean of its sheets, once every member
of the commission (or, with no commission, at least one officer) has filled one in."""

from decimal import ROUND_HALF_UP, Decimal

from reuse_projects.models import CriterionScore


def score_sheets(application):
    """{reviewer_id: {criterion_id: mark}} of an application."""
    sheets = {}
    for score in application.criterion_scores.all():
        sheets.setdefault(score.reviewer_id, {})[score.criterion_id] = score.mark
    return sheets


def sheet_total(sheet, criteria):
    """A complete sheet's weighted score on 0–100; None while a criterion is unmarked."""
    if not criteria or any(c.pk not in sheet for c in criteria):
        return None
    weights = sum(c.weight for c in criteria)
    points = sum(c.weight * sheet[c.pk] for c in criteria)
    return Decimal(100 * points) / Decimal(weights * CriterionScore.MARK_MAX)


def combined_score(application, criteria, reviewers):
    """The application's score, or None until it is fully scored: by every member of the
    commission, or (with no commission) by at least one officer."""
    totals = {
        reviewer: sheet_total(sheet, criteria)
        for reviewer, sheet in score_sheets(application).items()
    }
    complete = {reviewer: total for reviewer, total in totals.items() if total is not None}
    if reviewers:
        if any(reviewer not in complete for reviewer in reviewers):
            return None
        complete = {reviewer: complete[reviewer] for reviewer in reviewers}
    if not complete:
        return None
    mean = sum(complete.values()) / len(complete)
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def criterion_means(sheets, criteria):
    """[(criterion, mean mark or None)] over the sheets that marked it."""
    means = []
    for criterion in criteria:
        marks = [sheet[criterion.pk] for sheet in sheets.values() if criterion.pk in sheet]
        mean = Decimal(sum(marks)) / len(marks) if marks else None
        means.append((criterion, mean.quantize(Decimal("0.1")) if mean is not None else None))
    return means
