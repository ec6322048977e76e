"""The Atom feed of open calls (/calls/feed/, with the filters of /calls/ as parameters)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from reuse_projects import selectors
from reuse_projects.forms import CallFilterForm
from reuse_projects.views.base import bad_filters


class OpenCallsFeed(Feed):
    feed_type = Atom1Feed
    title = "Open calls for the social reuse of confiscated assets"
    subtitle = "Calls for proposals open now"

    def get_object(self, request):
        filters = CallFilterForm(request.GET)
        filters.is_valid()  # checked by calls_feed before
        return filters

    def link(self, filters):
        return reverse("reuse_projects:open_calls")

    def items(self, filters):
        return filters.filter(selectors.open_calls())

    def item_title(self, call):
        return f"{call.title} ({call.municipality.name})"

    def item_description(self, call):
        return call.text

    def item_link(self, call):
        return reverse("reuse_projects:call_detail", args=[call.pk])

    def item_pubdate(self, call):
        return call.published_at

    def item_updateddate(self, call):
        return call.updated_at


_feed = OpenCallsFeed()


def calls_feed(request):
    """Bad filters are a 400 naming them (the syndication view itself knows only 404)."""
    filters = CallFilterForm(request.GET)
    if not filters.is_valid():
        return bad_filters(filters)
    return _feed(request)
