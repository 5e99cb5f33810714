"""Directive pages, mounted at /van-ban/."""

from django.urls import path

from directives import views

app_name = "directives"
urlpatterns = [
    path("", views.DirectiveListView.as_view(), name="list"),
    path("nhap/", views.directive_intake, name="intake"),
    path("nhap/xac-nhan/", views.directive_intake_confirm, name="intake_confirm"),
    path("<int:pk>/", views.directive_detail, name="detail"),
    path("<int:pk>/tep-goc/", views.directive_source, name="source"),
]
