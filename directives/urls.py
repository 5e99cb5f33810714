"""Directive pages, mounted at /van-ban/."""

from django.urls import path

from directives import views

app_name = "directives"
urlpatterns = [
    path("", views.DirectiveListView.as_view(), name="list"),
    path("nhap/", views.directive_intake, name="intake"),
    path("nhap/hang-doi/", views.intake_queue, name="intake_queue"),
    path("nhap/<uuid:pk>/", views.intake_review, name="intake_review"),
    path("nhap/<uuid:pk>/", views.intake_review, name="review"),  # the same page, the name in TEAM.md
    path("nhap/<uuid:pk>/sua/", views.intake_review_edit, name="intake_review_edit"),
    path("nhap/<uuid:pk>/tao/", views.intake_review_confirm, name="intake_review_confirm"),
    path("nhap/<uuid:pk>/trang-thai/", views.intake_status, name="intake_status"),
    path("nhap/<uuid:pk>/xac-nhan/", views.directive_intake_confirm, name="intake_confirm"),
    path("<int:pk>/", views.directive_detail, name="detail"),
    path("<int:pk>/tep-goc/", views.directive_source, name="source"),
    path("<int:pk>/dinh-kem/<int:attachment_pk>/", views.directive_attachment, name="attachment"),
]
