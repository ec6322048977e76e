import pytest
from django.contrib.auth.models import User

from assets_registry.demo import load_demo_assets
from reuse_projects.demo import load_demo_reuse
from reuse_projects.models import Application, Call, MonitoringReport, ReuseProject

# Declared per module, not only through the `boundaries` fixture, so that pytest-django
# always uses the test database, even when this module runs alone.
pytestmark = pytest.mark.django_db


def test_the_reuse_demo_covers_every_state_and_loads_once(boundaries, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo_assets()

    logins = load_demo_reuse()

    assert logins == ["ngo.libera", "ngo.coop", "ngo.buurtkracht", "ngo.aurora"]
    assert User.objects.get(username="ngo.libera").check_password("demo-password-2026")
    assert set(ReuseProject.objects.values_list("status", flat=True)) == set(ReuseProject.Status)
    assert {"draft", "under_review", "withdrawn", "accepted", "rejected"} <= set(
        Application.objects.values_list("status", flat=True)
    )
    assert set(Call.objects.values_list("status", flat=True)) == {"published", "decided"}
    assert set(MonitoringReport.objects.values_list("status", flat=True)) == {
        "due",
        "filed",
        "acknowledged",
    }
    assert MonitoringReport.objects.overdue().exists()
    assert load_demo_reuse() == []
    assert ReuseProject.objects.count() == 8
