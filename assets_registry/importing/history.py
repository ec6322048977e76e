"""Which municipality of today an old ISTAT code or name stands for, from the ANPR archive of
municipalities (MunicipalityPeriod). Two patterns, as in the agency's files:

- renumbering: the code changed when provinces were reorganised, the cadastral code lived on
  (092100 VILLASIMIUS until 2016-04-27 is 111105 today, cadastral code B738);
- merger: the code ceased on day D and one municipality of the same province was instituted on D
  or D+1 (034037 SORBOLO ceased 2018-12-31 -> 034051 SORBOLO MEZZANI from 2019-01-01).

A code can stand for different municipalities in different periods (092100 was SANLURI before
1974): the period covering the file's date is used, else the latest. No column names the
successor, so a merger with several candidates is ambiguous and reported, never guessed.
"""

import csv
import datetime
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from assets_registry.models import MunicipalityPeriod

ONE_DAY = datetime.timedelta(days=1)
# Words of place names too common to tell municipalities apart.
GENERIC_WORDS = frozenset(
    {
        "valle",
        "val",
        "monte",
        "terme",
        "santo",
        "santa",
        "sotto",
        "sopra",
        "superiore",
        "inferiore",
        "castello",
        "borgo",
        "marina",
        "bagni",
        "villa",
        "piano",
        "nuovo",
        "nuova",
        "vecchio",
        "calabro",
        "sardo",
        "sicula",
    }
)


def name_key(name):
    """Names compared without case, accents, hyphens or apostrophes ("Montecatini-Terme")."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


@dataclass
class Successor:
    municipality: object | None  # today's Municipality, None when ambiguous or not loaded
    note: str = ""  # the mapping, for the report
    rejection: str = ""  # why no single municipality: candidates named


class MunicipalityHistory:
    """The archive in memory (19,352 periods): built once per import."""

    def __init__(self, current_by_code):
        self.current = current_by_code
        self.loaded = False

    def _load(self):
        # On the first unknown code only: most files name no municipality that has ceased.
        self.loaded = True
        self.by_code = defaultdict(list)
        self.by_cadastral = defaultdict(list)
        self.by_name = defaultdict(list)
        self.instituted = defaultdict(list)  # (province, day) -> periods starting that day
        # Named tuples: building 19,352 model instances took longer than the rest of the read.
        fields = [f.attname for f in MunicipalityPeriod._meta.concrete_fields]
        for period in MunicipalityPeriod.objects.values_list(*fields, named=True):
            self.by_code[period.code].append(period)
            if period.cadastral_code:
                self.by_cadastral[period.cadastral_code].append(period)
            self.by_name[name_key(period.name)].append(period)
            self.instituted[(period.province_code, period.valid_from)].append(period)

    def successor_of_code(self, code, *, on):
        if not self.loaded:
            self._load()
        periods = self.by_code.get(code)
        if not periods:
            return None
        return self._successor(_period_on(periods, on), f"code {code}")

    def successor_of_name(self, name, *, province_codes, on):
        if not self.loaded:
            self._load()
        periods = [
            p
            for p in self.by_name.get(name_key(name), [])
            if not province_codes or p.province_code in province_codes
        ]
        if not periods:
            return None
        codes = {p.code for p in periods if p.valid_to is not None}
        if len(codes) > 1:
            listed = ", ".join(sorted(f"{p.code} {p.name}" for p in periods))
            return Successor(None, rejection=f"the name {name} had several codes: {listed}")
        return self._successor(_period_on(periods, on), f"name {name}")

    def _successor(self, period, what):
        # The latest period of the same place (its cadastral code), wherever it was renumbered.
        place = max(self.by_cadastral.get(period.cadastral_code) or [period], key=_start)
        if place.valid_to is None:
            return self._today(
                place,
                f"{what} ({period.name.title()} until {_day(period.valid_to)}) is "
                f"{place.code} today, same cadastral code {place.cadastral_code}",
            )
        candidates = [
            p
            for day in (place.valid_to, place.valid_to + ONE_DAY)
            for p in self.instituted.get((place.province_code, day), [])
            if p.cadastral_code != place.cadastral_code
        ]
        if not candidates:
            return Successor(
                None,
                rejection=f"{what} ({place.name.title()}) ceased on {_day(place.valid_to)} "
                "and no municipality of its province was instituted then (absorbed by an "
                "existing one, which the archive does not name)",
            )
        if len(candidates) > 1:
            candidates, how = self._narrow(place, candidates)
        else:
            how = ""
        if len(candidates) > 1:
            listed = ", ".join(sorted(f"{p.code} {p.name.title()}" for p in candidates))
            return Successor(
                None,
                rejection=f"{what} ({place.name.title()}) ceased on {_day(place.valid_to)}; "
                f"ambiguous successor, candidates: {listed}",
            )
        (merged,) = candidates
        if merged.valid_to is not None:  # merged again since: follow it
            later = self._successor(merged, f"{merged.code}")
            if later.municipality is None:
                return later
            return Successor(
                later.municipality,
                note=f"{what} ({place.name.title()}) merged into {merged.code} on "
                f"{_day(merged.valid_from)}, then {later.note}",
            )
        return self._today(
            merged,
            f"{what} ({place.name.title()}) ceased on {_day(place.valid_to)}, merged into "
            f"{merged.code}",
            how,
        )

    def _narrow(self, place, candidates):
        """Several municipalities of the province were instituted that day. Only what the names
        say narrows them: the one whose name carries the old name (ABETONE -> ABETONE
        CUTIGLIANO), or the only one sharing a distinctive word of it (CERRETO CASTELLO ->
        QUAREGNA CERRETO). What is still ambiguous is rejected with the candidates (VALLE MOSSO:
        VALDILANA or QUAREGNA CERRETO; leaving out the one named after other municipalities
        would be wrong elsewhere: BEZZECCA went into LEDRO, named after MOLINA DI LEDRO)."""
        own = set(name_key(place.name).split())
        carrying = [p for p in candidates if own <= set(name_key(p.name).split())]
        if len(carrying) == 1:
            return carrying, " (the new municipality carrying its name)"
        own = {word for word in own if len(word) > 3 and word not in GENERIC_WORDS}
        sharing = [p for p in candidates if own & set(name_key(p.name).split())]
        if len(sharing) == 1:
            return sharing, " (the new municipality sharing a word of its name)"
        return candidates, ""

    def _today(self, period, note, how=""):
        municipality = self.current.get(period.code)
        if municipality is None:
            return Successor(None, rejection=f"{note} ({period.name.title()}), which is not loaded")
        return Successor(municipality, note=f"{note} {municipality.name}{how}")


def _start(period):
    return period.valid_from


def _day(date):
    return date.isoformat() if date else "today"


def _period_on(periods, on):
    covering = [p for p in periods if p.valid_from <= on and (p.valid_to or on) >= on]
    return covering[0] if covering else max(periods, key=_start)


def load_municipality_history(path):
    """Replace the archive with the ANPR file (CSV, UTF-8 with BOM, every value quoted)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    periods = []
    for row in rows:
        ends = row["DATACESSAZIONE"]
        periods.append(
            MunicipalityPeriod(
                anpr_id=int(row["ID"]),
                code=row["CODISTAT"],
                cadastral_code=row["CODCATASTALE"],
                name=row["DENOMINAZIONE_IT"],
                province_code=row["IDPROVINCIAISTAT"],
                province_abbreviation=row["SIGLAPROVINCIA"],
                valid_from=datetime.date.fromisoformat(row["DATAISTITUZIONE"]),
                valid_to=None if ends.startswith("9999") else datetime.date.fromisoformat(ends),
            )
        )
    with transaction.atomic():
        MunicipalityPeriod.objects.all().delete()
        MunicipalityPeriod.objects.bulk_create(periods, batch_size=2000)
    return len(periods)
