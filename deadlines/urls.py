from django.urls import path

from deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("", views.subscription_list, name="subscriptions"),
    path("tao/", views.subscription_create, name="create"),
    path("<int:pk>/", views.subscription_detail, name="detail"),
    path("<int:pk>/thu-hoi/", views.subscription_revoke, name="revoke"),
    path("f/<str:token>.ics", views.feed, name="feed"),
]
