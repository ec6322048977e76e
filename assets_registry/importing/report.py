"""What an import did (or would do), row by row, and its summary."""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from assets_registry.importing.values import spreadsheet_safe

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
OUTCOMES = (CREATED, UPDATED, UNCHANGED, REJECTED)
SUMMARY_KINDS = 5  # kinds of reason (and of note) the summary lists; the rest are counted


@dataclass
class Problem:
    field: str
    message: str

    def __str__(self):
        return f"{self.field}: {self.message}" if self.field else self.message


@dataclass
class RowResult:
    row: int
    external_id: str = ""
    outcome: str = ""
    reasons: list = field(default_factory=list)  # Problems that rejected the row
    notes: list = field(default_factory=list)  # Problems worth a look that did not reject it
    changes: list = field(default_factory=list)  # names of the fields (and "status") changed
    reference: str = ""  # the asset's public reference, once known

    def reject(self, field_name, message):
        self.outcome = REJECTED
        self.reasons.append(Problem(field_name, message))

    def note(self, field_name, message):
        self.notes.append(Problem(field_name, message))


@dataclass
class ImportReport:
    file_name: str
    preset: str
    source: str
    skip_bad_rows: bool
    committed: bool = False
    error: str = ""  # the file as a whole could not be imported
    read_as: str = ""  # how the file was read (format, encoding, delimiter)
    rows: list = field(default_factory=list)
    status_events: int = 0
    seconds: float = 0.0
    # A snapshot's rows matched to current assets on this import: {"matched": n, "unmatched": m}
    snapshot_matches: dict = field(default_factory=dict)

    @property
    def counts(self):
        counts = Counter(row.outcome for row in self.rows)
        return {outcome: counts.get(outcome, 0) for outcome in OUTCOMES}

    @property
    def read(self):
        return len(self.rows)

    @property
    def rejected_rows(self):
        return [row for row in self.rows if row.outcome == REJECTED]

    @property
    def mode(self):
        return "skip bad rows" if self.skip_bad_rows else "all or nothing"

    def reason_counts(self):
        """Every rejection reason with its count, values stripped so that alike ones add up."""
        return _kinds_of((r.field, r.message) for row in self.rejected_rows for r in row.reasons)

    def note_counts(self):
        return _kinds_of((n.field, n.message) for row in self.rows for n in row.notes)

    def top_reasons(self, limit=5):
        return self.reason_counts()[:limit]

    def top_notes(self, limit=5):
        return self.note_counts()[:limit]

    def summary_lines(self):
        counts = self.counts
        verb = "written" if self.committed else "not written (dry run)"
        if self.error:
            verb = f"not written: {self.error}"
        lines = [
            f"{self.file_name} ({self.preset}, {self.read_as}, {self.mode}): {verb}",
            f"rows read {self.read}: created {counts[CREATED]}, updated {counts[UPDATED]}, "
            f"unchanged {counts[UNCHANGED]}, rejected {counts[REJECTED]}; "
            f"status events {self.status_events}; {self.seconds:.1f} s",
        ]
        if self.snapshot_matches:
            matched = self.snapshot_matches["matched"]
            unmatched = self.snapshot_matches["unmatched"]
            total = matched + unmatched
            lines.append(
                f"snapshot rows new to the registry: {total}, matched to a current asset "
                f"{matched} ({matched / total:.1%}), kept off the public pages until confirmed "
                f"{unmatched}"
            )
        for verb, counts in (("rejected", self.reason_counts()), ("noted", self.note_counts())):
            lines += [f"  {verb} {n}× {text}" for text, n in counts[:SUMMARY_KINDS]]
            if len(counts) > SUMMARY_KINDS:
                rest = counts[SUMMARY_KINDS:]
                lines.append(
                    f"  {verb} {sum(n for _, n in rest)}× for {len(rest)} other reasons "
                    "(see the row report)"
                )
        return lines

    def csv_lines(self):
        """The report as CSV text, one line per reason or note (one line for a clean row)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        yield _row_text(
            writer,
            buffer,
            ["row", "external_id", "outcome", "reference", "kind", "field", "detail"],
        )
        for row in self.rows:
            problems = [("reason", p) for p in row.reasons] + [("note", p) for p in row.notes]
            if row.changes:
                problems.append(("changed", Problem(", ".join(row.changes), "")))
            if not problems:
                problems = [("", Problem("", ""))]
            for kind, problem in problems:
                yield _row_text(
                    writer,
                    buffer,
                    [
                        row.row,
                        row.external_id,
                        row.outcome,
                        row.reference,
                        kind,
                        problem.field,
                        problem.message,
                    ],
                )

    def as_dict(self):
        return {
            "file_name": self.file_name,
            "preset": self.preset,
            "source": self.source,
            "skip_bad_rows": self.skip_bad_rows,
            "committed": self.committed,
            "error": self.error,
            "read_as": self.read_as,
            "status_events": self.status_events,
            "seconds": self.seconds,
            "snapshot_matches": self.snapshot_matches,
            "rows": [
                [
                    r.row,
                    r.external_id,
                    r.outcome,
                    r.reference,
                    [[p.field, p.message] for p in r.reasons],
                    [[p.field, p.message] for p in r.notes],
                    r.changes,
                ]
                for r in self.rows
            ],
        }

    @classmethod
    def from_dict(cls, data):
        report = cls(
            file_name=data["file_name"],
            preset=data["preset"],
            source=data["source"],
            skip_bad_rows=data["skip_bad_rows"],
            committed=data["committed"],
            error=data["error"],
            read_as=data.get("read_as", ""),
            status_events=data["status_events"],
            seconds=data["seconds"],
            snapshot_matches=data.get("snapshot_matches", {}),
        )
        for number, external_id, outcome, reference, reasons, notes, changes in data["rows"]:
            report.rows.append(
                RowResult(
                    row=number,
                    external_id=external_id,
                    outcome=outcome,
                    reference=reference,
                    reasons=[Problem(f, m) for f, m in reasons],
                    notes=[Problem(f, m) for f, m in notes],
                    changes=changes,
                )
            )
        return report


def _kinds_of(problems):
    """[(text, count)], most frequent first; the value after the first colon is dropped so that
    "unknown municipality code: 034037" and "…: 096073" add up."""
    counter = Counter((f, m.split(":")[0]) for f, m in problems)
    return [(f"{f}: {m}" if f else m, n) for (f, m), n in counter.most_common()]


def _row_text(writer, buffer, values):
    # The report quotes the file's own cells: escape those a spreadsheet would run as formulas.
    writer.writerow([spreadsheet_safe(v) for v in values])
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
