"""The permission matrix: every URL the resolver knows, asked by every named user with every method.

`routes()` walks the resolver; `url_for()` fills a route's parameters with the world's objects;
`Expectations` reads permissions.txt (its header says how to add a URL).
"""

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from tests.battery.conftest import USERS

EXPECTATIONS = Path(__file__).with_name("permissions.txt")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    key: str  # the pattern's name with its namespace, or its route when it has no name
    route: str  # the concatenated route, as ResolverMatch.route gives it


def routes():
    seen = set()
    for name, route in _walk(get_resolver().url_patterns, "", ""):
        item = Route(name or route, route)
        if item not in seen:
            seen.add(item)
            yield item


def _walk(patterns, prefix, namespace):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield name, prefix + str(pattern.pattern)


# The object a parameter names, by route key (fnmatch pattern) and parameter name; the first match
# wins. Values are world keys (an object whose pk is used) or literal strings.
PARAMETERS = [
    ("staff:asset_*", "pk", "asset"),
    ("*organisation_verify", "pk", "unverified_organisation"),
    ("organisation-verify", "pk", "unverified_organisation"),
    ("*organisation*", "pk", "organisation"),
    ("*call_decide", "pk", "decided_call"),
    ("*call_review", "pk", "decided_call"),
    ("call-decide", "pk", "decided_call"),
    ("*call*", "pk", "call"),
    ("*application_new", "pk", "call"),
    ("*application*", "pk", "application"),
    ("project-*", "pk", "project"),
    ("reuse_projects:project_detail", "pk", "project"),
    ("maps:project", "pk", "project"),
    ("open_data:import*", "pk", "import_run"),
    ("*report*", "pk", "report"),
    ("*document_upload", "pk", "application"),
    ("*document_upload", "kind", "=application"),
    ("*document*", "pk", "document"),
    ("evaluation:practice_start", "project_pk", "project"),
    ("evaluation:*", "pk", "sheet"),
    ("asset-*", "pk", "asset"),
    ("staff:asset*", "pk", "asset"),
    ("open_data:catalogue", "file_format", "=jsonld"),
    ("municipality-*", "pk", "palermo"),
    ("maps:asset", "reference", "asset.reference"),
    ("*", "slug", "=palermo"),
    ("maps:layer", "name", "=assets"),
    ("maps:tile", "name", "=assets"),
    ("maps:tile", "z", "=10"),
    ("maps:tile", "x", "=549"),
    ("maps:tile", "y", "=399"),
    ("maps:sitemap-section", "section", "=assets"),
    ("maps:sitemap-section", "page", "=1"),
    ("maps:ogc-*", "collection", "=assets"),
    ("maps:ogc-item", "item_id", "asset"),
    ("open_data:export", "name", "=assets"),
    ("*export", "file_format", "=csv"),
    ("open_data:catalogue", "file_format", "=jsonld"),
    ("api-root", "format", "=.json"),
    ("*", "format", "=json"),
    ("admin:app_list", "app_label", "=assets_registry"),
    ("admin:view_on_site", "content_type_id", "asset.content_type"),
    ("admin:view_on_site", "object_id", "asset"),
    ("admin:auth_user_*", "id", "user_ngo_a"),
    # Password-reset and invitation links: a well-formed but unknown link.
    ("*", "uidb64", "=MQ"),
    ("*", "token", "=set-password"),
    ("admin*", "url", "=no-such-page/"),
    ("admin*", "object_id", "admin_object"),
]

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def url_for(route, world):
    """The route's URL with its parameters filled from the world."""

    def fill(match):
        name = match.group(1) or match.group(2)
        return str(_value(route, name, world))

    url = PARAMETER.sub(fill, route.route)
    url = url.replace("^", "").replace("$", "").replace("/?", "/").replace("\\.", ".")
    return "/" + url


def _value(route, name, world):
    for pattern, parameter, source in PARAMETERS:
        if parameter == name and fnmatch.fnmatchcase(route.key, pattern):
            if source.startswith("="):
                return source[1:]
            if source == "asset.reference":
                return world["asset"].reference
            if source == "asset.content_type":
                from django.contrib.contenttypes.models import ContentType

                return ContentType.objects.get_for_model(world["asset"]).pk
            if source == "user_ngo_a":
                return world["users"]["ngo_a"].pk
            if source == "admin_object":
                return _admin_object(route, world)
            return world[source].pk
    raise LookupError(f"No value for <{name}> of {route.key} ({route.route}): add it to PARAMETERS")


def _admin_object(route, world):
    """An object of the admin page's model: the world's own one when it has it, else any."""
    from django.apps import apps

    parts = route.route.split("/")
    model = apps.get_model(parts[1], parts[2])
    for value in world.values():
        if isinstance(value, model):
            return value.pk
    first = model.objects.order_by("pk").first()
    return first.pk if first is not None else 0


class Expectations:
    """permissions.txt: `<route key> <users> <methods> <status>`, the most specific line wins."""

    def __init__(self, path=EXPECTATIONS):
        self.lines = []
        for number, raw in enumerate(path.read_text().splitlines(), 1):
            text = raw.split("#", 1)[0].strip()
            if not text:
                continue
            fields = text.split()
            if len(fields) != 4:
                raise ValueError(f"{path.name}:{number}: four fields expected: {raw!r}")
            key, users, methods, status = fields
            users = set(USERS) if users == "*" else set(users.split(","))
            methods = set(METHODS) if methods == "*" else set(methods.split(","))
            if users - set(USERS) or methods - set(METHODS):
                raise ValueError(f"{path.name}:{number}: unknown user or method: {raw!r}")
            glob = any(c in key for c in "*?[")
            if glob and not key.startswith("admin"):
                raise ValueError(
                    f"{path.name}:{number}: wildcards only for the admin's generated URLs: {raw!r}"
                )
            specificity = (
                not glob,
                len(users) < len(USERS),
                len(methods) < len(METHODS),
                number,
            )
            self.lines.append((specificity, key, glob, users, methods, int(status)))
        self.lines.sort(key=lambda line: line[0], reverse=True)
        self._by_key = {}

    def expected(self, key, user, method):
        # The lines that name this route, most specific first, found once per route.
        if key not in self._by_key:
            self._by_key[key] = [
                (users, methods, status)
                for _, pattern, glob, users, methods, status in self.lines
                if (fnmatch.fnmatchcase(key, pattern) if glob else key == pattern)
            ]
        for users, methods, status in self._by_key[key]:
            if user in users and method in methods:
                return status
        return None
