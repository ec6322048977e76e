"""Uploading documents to a call, application, project or report, and downloading them
behind the same access check."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from reuse_projects import access, services
from reuse_projects.forms import DocumentForm, add_service_errors

DETAIL_PAGES = {
    "call": "call_detail",
    "application": "application_detail",
    "project": "project_detail",
    "report": "report_detail",
}


def upload_url(kind, pk):
    return reverse("reuse_projects:document_upload", args=[kind, pk])


@login_required
def document_upload(request, kind, pk):
    owner = access.document_owner_for_user(request.user, kind, pk)
    detail_name = DETAIL_PAGES[kind]
    form = DocumentForm(
        request.POST or None, request.FILES or None, public_allowed=kind != "application"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_attach(
                owner=owner,
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                visibility=form.cleaned_data["visibility"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Document added."))
            return redirect(f"reuse_projects:{detail_name}", pk=pk)
    back = reverse(f"reuse_projects:{detail_name}", args=[pk])
    return render(
        request,
        "reuse_projects/document_upload.html",
        {
            "form": form,
            "owner": owner,
            "kind": kind,
            "back": back,
            "max_bytes": settings.DOCUMENT_MAX_BYTES,
        },
    )


def document_download(request, pk):
    """Every document goes through here: the access helper decides, never a public MEDIA_URL.

    Always an attachment, never shown inline: a file that passed the type check by its first bytes
    (an HTML page behind a %PDF header) must not run as a page of this origin."""
    document = access.document_for_user(request.user, pk)
    if document.public_file and not access.sees_original(request.user, document):
        return _photo_response(document.public_file, document)
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.original_name,
    )
    # Even a public document's owner may stop being public: let no shared cache keep it.
    response["Cache-Control"] = "private, max-age=0"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _photo_response(stored, document):
    stem = document.original_name.rsplit(".", 1)[0] or "photo"
    response = FileResponse(stored.open("rb"), content_type="image/jpeg", filename=f"{stem}.jpg")
    response["Cache-Control"] = "private, max-age=0"
    return response


def document_thumbnail(request, pk):
    """A photo's thumbnail, made from the public copy: no EXIF/GPS, whoever asks."""
    document = access.document_for_user(request.user, pk)
    if not document.thumbnail:
        raise Http404("This document has no thumbnail")
    return _photo_response(document.thumbnail, document)
