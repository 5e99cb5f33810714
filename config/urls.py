from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import health, views
from directives import api as directive_api
from notifications import views as notification_views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("don-vi/", include("units.urls")),
    path("lich/", include("deadlines.urls")),
    path("nhiem-vu/", include("tasks.urls")),
    path("van-ban/", include("directives.urls")),
    path("bang-dieu-khien/", include("tasks.dashboard.urls")),
    path("cong-van/", include("tasks.documents.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/van-ban-den/", directive_api.van_ban_den, name="api_van_ban_den"),
    # the installable app (PWA): manifest, service worker at the root scope, offline page
    path("manifest.webmanifest", notification_views.manifest, name="manifest"),
    path("sw.js", notification_views.service_worker, name="service_worker"),
    path("offline/", notification_views.offline, name="offline"),
]

handler403 = "config.errors.permission_denied"
