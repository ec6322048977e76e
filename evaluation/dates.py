"""Which stage dates are real. The one rule every duration and trend of the dashboard uses.

A status event's date is unknown when:
- it has none (effective_date IS NULL: the source gave no date, issue 14), or
- the importer wrote it for want of one. When a file gives no date for a row's stage, the
  importer (assets_registry/importing/rows.py) dates the event with the day the file was read
  (the import day, or the preset's "as listed on" date) and writes the note
  "As listed on <day> (the file gives no decree date)." Such an event on an asset that came
  from an import (external_source set) is the import's reading day, not the day of the decree.

An event recorded by staff on an imported asset never carries that note, so its date stays real
even when it falls on the day of an import.
"""

IMPORT_WITHOUT_DATE_MARKER = "(the file gives no decree date)"


def real_date_condition(event="e", asset="a"):
    """SQL that is true when the event's date is a real one (takes one parameter: the marker)."""
    return (
        f"({event}.effective_date IS NOT NULL AND NOT ({asset}.external_source <> '' "
        f"AND strpos({event}.note, %s) > 0))"
    )
