"""{% map_script map %}: a map's inline script (common.mapping.map_parts) with the CSP nonce."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def map_script(context, parts):
    if not parts:
        return ""
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", "") if request is not None else ""
    return format_html('<script nonce="{}">{}</script>', nonce, parts.script)
