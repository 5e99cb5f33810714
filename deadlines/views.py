from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from deadlines import feeds, selectors, services
from deadlines.forms import SubscriptionForm
from tasks.status import StatusContext
from units.permissions import Action, require

logger = logging.getLogger("dondoc.calendar")
SESSION_KEY = "deadlines.new_tokens"


def _render_list(request: HttpRequest, form: SubscriptionForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "subscriptions": selectors.subscriptions_of(user=request.user)}
    return render(request, "deadlines/subscription_list.html", context, status=status)


@login_required
@require_safe
def subscription_list(request: HttpRequest) -> HttpResponse:
    # ?scope=directive:12 preselects a scope, so other pages can link here ("subscribe to this directive")
    initial = {"scope": request.GET.get("scope", "")}
    return _render_list(request, SubscriptionForm(user=request.user, initial=initial))


@login_required
@require_POST
def subscription_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.CALENDAR_SUBSCRIBE)
    form = SubscriptionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            subscription, token = services.subscription_create(
                user=request.user, name=form.cleaned_data["name"], **form.cleaned_data["scope"]
            )
        except ValidationError as exc:
            form.add_error("scope", exc)
        else:
            # The token is shown once, on the next page; only its hash is kept in the database.
            request.session.setdefault(SESSION_KEY, {})[str(subscription.pk)] = token
            request.session.modified = True
            return redirect("deadlines:detail", pk=subscription.pk)
    return _render_list(request, form, status=400)


@login_required
@require_safe
@never_cache
def subscription_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = selectors.subscription_get_for_user(user=request.user, pk=pk)
    token = None
    if subscription.revoked_at is None and subscription.user_id == request.user.pk:
        token = request.session.get(SESSION_KEY, {}).pop(str(pk), None)
        request.session.modified = token is not None or request.session.modified
    context = {"subscription": subscription}
    if token:
        https_url = feeds.site_url(request) + services.feed_path(token)
        context["https_url"] = https_url
        context["webcal_url"] = "webcal://" + https_url.split("://", 1)[1]
    return render(request, "deadlines/subscription_detail.html", context)


@login_required
@require_POST
def subscription_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = selectors.subscription_get_for_user(user=request.user, pk=pk)
    services.subscription_revoke(subscription=subscription, actor=request.user)
    messages.success(request, _("Đã thu hồi lịch đăng ký “%(name)s”.") % {"name": subscription.name})
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(target)
    return redirect("deadlines:subscriptions")


def _not_found() -> HttpResponse:
    """The same short answer for a malformed, unknown or revoked token."""
    return HttpResponseNotFound(b"Not found", content_type="text/plain; charset=utf-8")


def _feed_headers(response: HttpResponse, etag: str, last_modified: int) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "private, no-cache"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCal feed; answers 304 from one aggregate query when nothing changed."""
    subscription = selectors.subscription_for_token(token=token)
    if subscription is None:
        return _not_found()
    ctx = StatusContext.for_date(timezone.localdate())
    tasks = selectors.feed_tasks(subscription=subscription, ctx=ctx)
    last, count, names = selectors.feed_fingerprint(tasks=tasks)
    base_url = feeds.site_url(request)
    etag, modified = feeds.validators(
        subscription=subscription, ctx=ctx, last=last, count=count, names=names, base_url=base_url
    )
    timestamp = int(modified.timestamp())
    services.subscription_touch(subscription=subscription)
    conditional = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if conditional is not None:
        return _feed_headers(conditional, etag, timestamp)
    body = feeds.render_calendar(
        name=subscription.name, data=selectors.feed_data(tasks=tasks, ctx=ctx), base_url=base_url
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dondoc.ics"'
    logger.debug("calendar feed served: subscription=%s events=%s", subscription.pk, count)
    return _feed_headers(response, etag, timestamp)
