from django.urls import path

from tasks.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.letter_list, name="list"),
    path("don-doc/", views.letter_compose, name="compose"),
    path("giai-trinh/", views.explanation_compose, name="explanation_compose"),
    path("<int:pk>/", views.letter_detail, name="letter"),
    path("<int:pk>/tai-ve.<str:fmt>", views.letter_download, name="download"),
    path("<int:pk>/pdf/", views.letter_pdf, name="pdf"),
    path("<int:pk>/dinh-kem/", views.letter_attach, name="attach"),
    path("<int:pk>/giai-trinh/", views.explanation_reply, name="reply"),
    path("<int:pk>/giai-trinh/<int:reply_pk>/tep/", views.reply_file, name="reply_file"),
]
