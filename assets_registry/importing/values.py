"""Turning the text of one cell into a value, or a RowProblem naming the field and the reason."""

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from assets_registry import lifecycle

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


def parse_measure(text, *, field, model_field):
    """A surface or another non-negative amount for a DecimalField: rounded to the field's decimal
    places, and refused when the column cannot hold it (the database would raise at the write)."""
    value = parse_decimal(text, field=field, minimum=0)
    if value is None:
        return None
    places = Decimal(1).scaleb(-model_field.decimal_places)
    largest = Decimal(10) ** (model_field.max_digits - model_field.decimal_places) - places
    # Compared before quantize, which fails on numbers past the context's precision.
    if value > largest or value.quantize(places) > largest:
        raise RowProblem(field, f"above {largest}: {text}")
    return value.quantize(places)


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
        try:
            # The one rule for the date of a stage (also the registry's forms and API).
            lifecycle.validate_effective_date(value, today=today, field=field)
        except ValidationError as error:
            raise RowProblem(field, f"{error.messages[0]} ({text})") from None
        if value.year < 1900:
            raise RowProblem(field, f"before 1900: {text}")
        return value
    raise RowProblem(field, f"not a valid date (day/month/year or year-month-day): {text!r}")


def day_first_date_is_ambiguous(text):
    """True for 07/08/1999: day and month are both ≤ 12, so a reader could swap them."""
    match = re.match(r"^(\d{1,2})/(\d{1,2})/\d{4}$", text.strip())
    return bool(match) and int(match[1]) <= 12 and int(match[2]) <= 12 and match[1] != match[2]


@functools.lru_cache(
    maxsize=1024
)  # pure, and called for every row of a file with a handful of categories
def property_kind(*descriptions):
    """building_unit or land, from the words of the category (or sub-category): "Terreno",
    "Terreno agricolo", "Terreno con fabbricato rurale", "Terreno - non definito" are land."""
    for text in descriptions:
        words = re.findall(r"\w+", (text or "").lower())
        if words and words[0] in ("terreno", "terreni", "land"):
            return "land"
    return "building_unit"
