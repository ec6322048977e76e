from pathlib import Path

import pytest

from assets_registry.boundaries import PRESETS, load_municipalities

IMPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "imports"
FIDELITY = IMPORTS / "fidelity"


@pytest.fixture
def successors(boundaries):
    """Today's municipalities that succeeded those named in fixtures/imports/fidelity/ (mergers,
    renumbering), plus Aulla and Camporgiano, loaded inside the test's transaction."""
    load_municipalities(
        IMPORTS / "istat_comuni_successors.geojson", mapping=PRESETS["istat"], publish=True
    )
