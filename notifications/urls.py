from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/da-doc/", views.mark_read, name="mark_read"),
    path("da-doc-tat-ca/", views.mark_all_read, name="mark_all_read"),
    path("tuy-chon/", views.preferences, name="preferences"),
    path("zalo/ma-lien-ket/", views.zalo_link_code, name="zalo_link_code"),
    path("zalo/huy-lien-ket/", views.zalo_unlink, name="zalo_unlink"),
    path("zalo/webhook/", views.zalo_webhook, name="zalo_webhook"),
    path("day/dang-ky/", views.push_subscribe, name="push_subscribe"),
    path("day/huy/", views.push_unsubscribe, name="push_unsubscribe"),
]
