"""Importing assets from national open data and municipal spreadsheets (see docs/open-data.md)."""

from assets_registry.importing.presets import FIELDS, PRESETS, Preset, custom_mapping
from assets_registry.importing.readers import ImportFileError
from assets_registry.importing.report import ImportReport
from assets_registry.importing.service import assets_import

__all__ = [
    "FIELDS",
    "PRESETS",
    "ImportFileError",
    "ImportReport",
    "Preset",
    "assets_import",
    "custom_mapping",
]
