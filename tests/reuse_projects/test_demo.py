import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from reuse_projects.demo import load_demo_reuse
from reuse_projects.models import Application, Call, MonitoringReport, ReuseProject

# Declared per module, not only through the `boundaries` fixture, so that pytest-django
# always uses the test database, even when this module runs alone.
pytestmark = pytest.mark.django_db


def test_the_demo_command_loads_every_state_once(boundaries, settings, tmp_path):
    """`manage.py load_demo` (a project-level command) loads the register's demo, then the reuse
    workflow's; with --if-empty (as `make run` calls it) a second run does nothing."""
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    assert "NGO logins: ngo.libera, ngo.coop, ngo.buurtkracht, ngo.aurora." in out.getvalue()
    assert "Logins use the password demo-password-2026." in out.getvalue()
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
    out = io.StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert out.getvalue() == "The database already holds assets: demo not loaded.\n"
    assert ReuseProject.objects.count() == 8
