"""Task pages, mounted at /nhiem-vu/. The names and the list's GET parameters are a contract
(the dashboard and unit pages link here): see tasks.filters.TaskFilterSet."""

from django.urls import path

from tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.TaskListView.as_view(), name="list"),
    path("don-vi/", views.UnitTaskListView.as_view(), name="unit"),
    path("cua-toi/", views.MyTaskListView.as_view(), name="mine"),
    path("giao-moi/", views.task_create, name="create"),
    path("xuat/", views.task_export, name="export"),
    path("hang-loat/", views.task_bulk, name="bulk"),
    path("gia-han/", views.extension_list, name="extensions"),
    path("gia-han/<int:pk>/quyet-dinh/", views.extension_decide, name="extension_decide"),
    path("tai-lieu/<int:pk>/", views.evidence_download, name="evidence"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/tien-do/", views.task_progress, name="progress"),
    path("<int:pk>/hoan-thanh/", views.task_complete, name="complete"),
    path("<int:pk>/phoi-hop/", views.task_contribute, name="contribute"),
    path("<int:pk>/xin-gia-han/", views.task_action, {"name": "extension_request"}, name="extension_request"),
    path("<int:pk>/tam-dung/", views.task_action, {"name": "pause"}, name="pause"),
    path("<int:pk>/huy/", views.task_action, {"name": "cancel"}, name="cancel"),
    path("<int:pk>/mo-lai/", views.task_action, {"name": "reopen"}, name="reopen"),
    path("<int:pk>/thoi-han/", views.task_action, {"name": "deadline"}, name="deadline"),
    path("<int:pk>/giao-lai/", views.task_action, {"name": "reassign"}, name="reassign"),
    path("<int:pk>/phan-cong/", views.task_action, {"name": "assign"}, name="assign"),
    path("<int:pk>/sua/", views.task_action, {"name": "edit"}, name="edit"),
]
