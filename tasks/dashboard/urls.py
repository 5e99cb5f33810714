from django.urls import path

from tasks.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.chairman_dashboard, name="chairman"),
    path("bao-cao/", views.report_index, name="reports"),
    path("bao-cao/tong-hop.<str:fmt>", views.summary_export, name="summary_export"),
    path("bao-cao/don-vi/<int:pk>/", views.unit_report, name="unit_report"),
    path("bao-cao/don-vi/<int:pk>/tai-ve.<str:fmt>", views.unit_report_export, name="unit_report_export"),
]
