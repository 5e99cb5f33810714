from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tasks.dashboard import views as dashboard
from units.permissions import Action, can, roles_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page after login, by role: leadership → the chairman's dashboard,
    Văn phòng → the monitoring overview, head/deputy → their unit, specialist → their tasks."""
    roles = roles_for(request.user)
    if can(request.user, Action.DASHBOARD_VIEW):
        return dashboard.chairman_dashboard(request)
    if roles.is_office:
        return dashboard.office_home(request)
    if roles.is_unit_manager:
        return dashboard.head_home(request)
    if roles.member_unit_ids:
        return dashboard.specialist_home(request)
    return render(request, "home.html")
