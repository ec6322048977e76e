"""Turning the text of one cell into a value, or a RowProblem naming the field and the reason."""

import datetime
import re
from decimal import Decimal, InvalidOperation

# What the real files write when they mean "not filled" (compared lower-case, after trimming).
PLACEHOLDERS = frozenset(
    {"indirizzo imprecisato", "no data", "n.d.", "n/d", "nd", "-", "--", "null", "none", "?"}
)
FORMULA_PREFIXES = ("=", "+", "-", "@")
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


class RowProblem(ValueError):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def clean_text(value, *, field):
    """Trimmed text with runs of whitespace collapsed; "" for placeholders.

    A cell that a spreadsheet would run as a formula is refused: neutralising it silently could
    hide a broken export (or an attack) behind data that looks fine.
    """
    if value is None:
        return ""
    text = " ".join(str(value).split())
    if text.lower() in PLACEHOLDERS:
        return ""
    if text.startswith(FORMULA_PREFIXES) and not _NUMBER.match(text):
        raise RowProblem(field, f"looks like a spreadsheet formula: {text[:40]!r}")
    return text


def spreadsheet_safe(value):
    """Text for a CSV cell that a spreadsheet will show, not run (OWASP "CSV injection")."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def parse_decimal(text, *, field, minimum=None, maximum=None):
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", ".") if text.count(",") == 1 else text)
    except InvalidOperation:
        raise RowProblem(field, f"not a number: {text!r}") from None
    if not value.is_finite():
        raise RowProblem(field, f"not a number: {text!r}")
    if minimum is not None and value < minimum:
        raise RowProblem(field, f"below {minimum}: {text}")
    if maximum is not None and value > maximum:
        raise RowProblem(field, f"above {maximum}: {text}")
    return value


def parse_share(text, *, field="confiscated_share"):
    """The confiscated share in percent. 0 is how the agency's files say "not filled"."""
    value = parse_decimal(text, field=field, minimum=0, maximum=100)
    if value == 0:
        return None
    return value.quantize(Decimal("0.01")) if value is not None else None


def parse_float(text, *, field):
    value = parse_decimal(text, field=field)
    return float(value) if value is not None else None


def parse_date(text, *, field, today=None):
    if not text:
        return None
    candidate = text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[ T]", text) else text
    for pattern in _DATE_FORMATS:
        try:
            value = datetime.datetime.strptime(candidate, pattern).date()
        except ValueError:
            continue
        if value > (today or datetime.date.today()):
            raise RowProblem(field, f"in the future: {text}")
        if value.year < 1900:
            raise RowProblem(field, f"before 1900: {text}")
        return value
    raise RowProblem(field, f"not a valid date (day/month/year or year-month-day): {text!r}")
