"""The whole social-reuse path, walked in real headless Chromium through the real pages."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reuse_projects.models import Application, Document, MonitoringReport, ReuseProject
from tests.reuse_projects.conftest import close_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def log_in(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(5000)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/me/")
    return page


def badge_text(page):
    return page.locator("h1 + p .badge").first.inner_text()


def sign_up(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    page.set_default_timeout(5000)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/calls/")
    page.click("text=create an account")
    page.fill("#id_username", "giulia")
    page.fill("#id_email", "giulia@libera.example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("button:has-text('Create account')")
    return page


def test_from_registration_to_an_acknowledged_monitoring_report(
    browser, live_server, palermo_officer, palermo_manager, open_call, palermo_asset
):
    url = live_server.url

    # A new NGO member signs up on their phone and registers the organisation; a mistake keeps
    # what they typed.
    ngo = sign_up(browser, live_server)
    ngo.fill("#id_name", "Libera Palermo")
    ngo.select_option("#id_legal_form", "association")
    ngo.select_option("#id_municipality", label="Palermo")
    ngo.fill("#id_registration_number", "97123450828")
    ngo.fill("#id_contact_email", "not-an-address")
    ngo.click("button:has-text('Register')")
    assert "Enter a valid email address" in ngo.locator(".has-error").inner_text()
    assert ngo.input_value("#id_name") == "Libera Palermo"
    ngo.fill("#id_contact_email", "info@libera.example.org")
    ngo.click("button:has-text('Register')")
    # After a click the next page may still be loading: expect() waits for it, content() does not.
    expect(ngo.locator("main")).to_contain_text("Not verified yet")

    # The Palermo officer verifies it from their home page.
    officer = log_in(browser, live_server, palermo_officer)
    officer.click(".officer-home >> text=Libera Palermo")
    officer.click("button:has-text('Verify organisation')")
    assert "is verified" in officer.locator(".messages").inner_text()

    # The NGO member finds the open call on the public list and applies with a document.
    ngo.goto(f"{url}/calls/")
    ngo.click(f"text={open_call.title}")
    ngo.click("a:has-text('Apply')")
    ngo.select_option("#id_use_category", "youth_education")
    ngo.fill("#id_title", "Youth centre in the villa")
    ngo.fill("#id_description", "After-school activities and a music room.")
    ngo.fill("#id_budget", "45000")
    ngo.fill("#id_duration_months", "60")
    ngo.click("button:has-text('Save draft')")
    assert badge_text(ngo) == "Draft"
    ngo.click("text=Add a document")
    ngo.fill("#id_title", "Project plan")
    ngo.set_input_files(
        "#id_file", {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    ngo.click("button:has-text('Upload')")
    expect(ngo.locator(".documents")).to_contain_text("Project plan")
    ngo.click("button:has-text('Submit application')")
    assert badge_text(ngo) == "Submitted"

    # It withdraws (confirming the dialog) and submits again.
    ngo.click("button:has-text('Withdraw')")
    assert badge_text(ngo) == "Withdrawn"
    ngo.click("button:has-text('Submit application')")
    assert badge_text(ngo) == "Submitted"
    application = Application.objects.get(title="Youth centre in the villa")

    # The officer scores it from the call's review queue.
    officer.goto(f"{url}/me/")
    officer.click(".officer-home a:text-is('Review')")
    officer.click("text=Youth centre in the villa")
    officer.fill("#id_score", "85")
    officer.fill("#id_internal_notes", "Strong local network.")
    officer.click("button:has-text('Save score')")
    expect(officer.locator("table")).to_contain_text("Under review")

    # Time passes: the call closes. The manager accepts and records the concession.
    close_call(open_call)
    manager = log_in(browser, live_server, palermo_manager)
    manager.click(".officer-home >> a:has-text('Decide')")
    prefix = f"asset-{palermo_asset.pk}"
    manager.check(f"input[name='{prefix}-accepted'][value='{application.pk}']")
    starts_on = timezone.localdate() - datetime.timedelta(days=375)
    manager.fill(f"#id_{prefix}-deed_number", "Rep. 88/2025")
    manager.fill(f"#id_{prefix}-deed_date", (starts_on - datetime.timedelta(days=5)).isoformat())
    manager.fill(f"#id_{prefix}-concession_object", "Free use of the villa for ten years")
    manager.fill(f"#id_{prefix}-starts_on", starts_on.isoformat())
    manager.fill(f"#id_{prefix}-note_{application.pk}", "The best proposal for the area.")
    manager.click("button:has-text('Record the decision')")
    concession = manager.locator("dl.concession").inner_text()
    assert "Rep. 88/2025" in concession
    assert "Free use of the villa for ten years" in concession
    project = ReuseProject.objects.get(application=application)

    # The NGO sees the decision and its project with the concession data.
    ngo.goto(f"{url}/me/")
    assert "Accepted" in ngo.locator(".ngo-home").inner_text()
    ngo.click(f".ngo-home a[href='/concessions/{project.pk}/']")
    assert "Rep. 88/2025" in ngo.locator("dl.concession").inner_text()

    # The officer activates the project: its first yearly report has fallen due.
    officer.goto(f"{url}/concessions/{project.pk}/")
    officer.select_option("#id_status", "active")
    officer.click("button:has-text('Change status')")
    assert badge_text(officer) == "Active"
    report = MonitoringReport.objects.get(project=project)
    assert report.status == MonitoringReport.Status.DUE
    assert "Due" in officer.locator("table.reports").inner_text()

    # Time passes again: the report is overdue, on the officer's dashboard and on the project.
    report.due_on = timezone.localdate() - datetime.timedelta(days=1)
    report.save(update_fields=["due_on"])
    officer.goto(f"{url}/me/")
    assert project.title in officer.locator("table.overdue-reports").inner_text()
    officer.goto(f"{url}/concessions/{project.pk}/")
    assert "Report overdue" in officer.content()

    # The NGO files it, and the officer acknowledges it.
    ngo.goto(f"{url}/me/")
    ngo.click(f".ngo-home a[href='/reports/{report.pk}/']")
    for field, value in {
        "beneficiaries": "180",
        "jobs": "4",
        "jobs_disadvantaged": "2",
        "volunteers": "25",
        "events_held": "40",
        "narrative": "A full first year.",
    }.items():
        ngo.fill(f"#id_{field}", value)
    ngo.click("button:has-text('File the report')")
    assert "Report filed" in ngo.locator(".messages").inner_text()
    officer.goto(f"{url}/me/")
    officer.click(f".officer-home ul a[href='/reports/{report.pk}/']")
    officer.click("button:has-text('Acknowledge the report')")
    expect(officer.locator("h1 + p")).to_contain_text("Acknowledged")

    report.refresh_from_db()
    assert report.status == MonitoringReport.Status.ACKNOWLEDGED
    assert report.acknowledged_by == palermo_officer
    assert Document.objects.get(application=application).content_type == "application/pdf"
