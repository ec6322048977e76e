"""The legal stages written in Italian source files, read as statuses (DESIGN.md, "Lifecycle").

Some stages name no status of ours. The decision, applied the same way by every preset:
- a stage that says nothing about where the asset stands now (blank, "Rinvio" = sent back to a
  lower court, "Impugnazione" = appeal pending, "In gestione", "imprecisato") and partial
  revocations (part of the asset is still held) keep an existing asset's status; a new asset is
  registered as seized, the earliest stage, so that it stays off the public pages until a final
  confiscation is recorded. The report notes it on the row.
- "Usciti dalla gestione" (left the agency's management) does not say whether the asset was sold,
  released or demolished: the row is rejected rather than guessed.
"""

import functools
from dataclasses import dataclass

from assets_registry.lifecycle import Status


@dataclass(frozen=True)
class StageReading:
    status: Status | None  # None: keep the current status (seized for a new asset)
    note: str = ""
    rejection: str = ""


STATUS_CODES = frozenset(Status.values)
_DIRECT = {
    "sequestro": Status.SEIZED,
    "confisca i": Status.CONFISCATED_FIRST_INSTANCE,
    "confisca ii": Status.CONFISCATED_APPEAL,
    "confisca def.": Status.CONFISCATED_FINAL,
    "confisca definitiva": Status.CONFISCATED_FINAL,
    "revoca seq.": Status.RELEASED,
    "revoca conf.": Status.RELEASED,
    "destinati consegnati": Status.DELIVERED,
    "destinati non consegnati": Status.ALLOCATED,
}
_NO_STATUS = {
    "": "no stage in the file",
    "rinvio": "'Rinvio' (sent back to a lower court) is not a status",
    "impugnazione": "'Impugnazione' (appeal pending) is not a status",
    "revoca sequ. parziale": "a partial revocation leaves the rest of the asset seized",
    "revoca conf. parziale": "a partial revocation leaves the rest of the asset confiscated",
    "stato iter giudiziario imprecisato": "the file says the stage is unknown",
    "in gestione": "'In gestione' (managed by the agency) does not name a stage",
    "non confiscati in via autonoma": "part of a confiscated company; no stage of its own",
}
_REJECTED = {
    "usciti dalla gestione": "'Usciti dalla gestione' does not say whether the asset was sold, "
    "released or demolished",
}


@functools.lru_cache(maxsize=1024)  # pure, and a file names a dozen stages over thousands of rows
def read_stage(text):
    key = " ".join(text.split()).lower()
    if key in _DIRECT:
        return StageReading(_DIRECT[key])
    if key in STATUS_CODES:
        return StageReading(Status(key))
    if key in _NO_STATUS:
        return StageReading(None, note=_NO_STATUS[key])
    if key in _REJECTED:
        return StageReading(None, rejection=_REJECTED[key])
    known = ", ".join(sorted(Status.values))
    return StageReading(
        None, rejection=f"unknown stage (use an Italian stage or {known}): {text!r}"
    )
