from django.urls import path

from tendik.accounts.views import auth, notifications, users

app_name = "accounts"
urlpatterns = [
    path("login/", auth.sign_in, name="login"),
    path("logout/", auth.sign_out, name="logout"),
    path("two_factor/", auth.two_factor, name="two_factor"),
    path("me/", auth.profile, name="profile"),
    path("me/password/", auth.password_change, name="password_change"),
    path("me/api-token/", auth.api_token, name="api_token"),
    path("notifications/", notifications.notification_index, name="notifications"),
    path("notifications/read-all/", notifications.notification_read_all, name="notifications_read_all"),
    path("notifications/<int:notification_id>/open/", notifications.notification_open, name="notification_open"),
    path("users/", users.user_index, name="users"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/units/", users.unit_options, name="unit_options"),
    path("users/<int:user_id>/", users.user_detail, name="user_detail"),
    path("users/<int:user_id>/edit/", users.user_edit, name="user_edit"),
    path("users/<int:user_id>/roles/", users.role_add, name="user_role_add"),
    path("users/<int:user_id>/roles/<int:assignment_id>/revoke/", users.role_revoke, name="user_role_revoke"),
    path("users/<int:user_id>/deactivate/", users.user_deactivate, name="user_deactivate"),
    path("users/<int:user_id>/activate/", users.user_activate, name="user_activate"),
    path("users/<int:user_id>/password/", users.user_set_password, name="user_set_password"),
    path("users/<int:user_id>/two-factor-reset/", users.user_two_factor_reset, name="user_two_factor_reset"),
]
