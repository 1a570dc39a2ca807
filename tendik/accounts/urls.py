from django.urls import path

from tendik.core.views import home

app_name = "accounts"
urlpatterns = [
    path("login/", home, name="login"),
    path("logout/", home, name="logout"),
    path("two_factor/", home, name="two_factor"),
    path("users/", home, name="users"),
]
