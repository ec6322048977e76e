"""Which stage dates are real. The one rule every duration and trend of the dashboard uses.

A status event's date is unknown when the source gave none: effective_date IS NULL, with the day
the file was read kept apart in read_on (assets_registry.models.StatusEvent). Importers store no
made-up date, and the migration assets_registry 0004 turned the dates earlier imports had made up
into NULLs, so this is the whole rule.
"""


def real_date_condition(event="e"):
    """SQL that is true when the event's date is a real one."""
    return f"({event}.effective_date IS NOT NULL)"
