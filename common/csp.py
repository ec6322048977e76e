"""The Content-Security-Policy header, by django-csp, with the common case built once per process.

django-csp builds its policies from the settings on every response, before it looks at whether
the response needs one: 50-100 microseconds, a tenth of a map tile's whole time in the app
(bench national). Most responses (layers, tiles, data, pages without inline script) draw no nonce
and set no policy of their own: they all get the same string, built here once. Anything else
(a nonce drawn, a view's own policy or exemption, a report-only policy, excluded prefixes,
Django's debug pages) goes through django-csp as it is.
"""

import functools

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What csp.decorators set on a response to change or drop its policy.
VIEW_POLICY_ATTRIBUTES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if not _takes_the_settings_policy(request, response):
            return super().process_response(request, response)
        policy = settings_policy()
        if policy:
            response[HEADER] = policy
        # As django-csp: a nonce asked for after the header is written is an error, not a
        # nonce that no header allows.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _takes_the_settings_policy(request, response):
    return (
        getattr(request, "_csp_nonce", None) is None
        and HEADER not in response
        and not any(name in response.__dict__ for name in VIEW_POLICY_ATTRIBUTES)
        and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        and not (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get(
            "EXCLUDE_URL_PREFIXES"
        )
        and not (settings.DEBUG and response.status_code in (404, 500))
    )


@functools.cache
def settings_policy():
    """The policy of the settings, without a nonce, as django-csp builds it."""
    return build_policy()


@receiver(setting_changed)
def _forget_policy(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        settings_policy.cache_clear()
