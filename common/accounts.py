"""Account pages that belong to no domain app: the API token of the signed-in user."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from rest_framework.authtoken.models import Token


@never_cache
@login_required
def api_token(request):
    """Show whether the user has an API token; POST makes a new one (the old one stops working)
    and shows it once. The key is never shown again: a lost key is replaced, not recovered."""
    key = None
    if request.method == "POST":
        with transaction.atomic():
            Token.objects.filter(user=request.user).delete()
            key = Token.objects.create(user=request.user).key
    has_token = key is not None or Token.objects.filter(user=request.user).exists()
    return render(request, "common/api_token.html", {"key": key, "has_token": has_token})
