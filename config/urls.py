from drf_spectacular.views import SpectacularAPIView

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.sign_out import AdminSignOutView, SignOutView
from meetings.api.docs import ApiDocsView

# The read-only JSON API, one namespace for every app's endpoints; an app adds its own with
# `path("", include("<app>.api.urls"))` (see meetings/api/__init__.py).
api_v1 = [
    path("", include("meetings.api.urls")),
    path("", include("governance.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    # Before the admin's own URLs, so that its sign-out answers POST alone.
    path("admin/logout/", AdminSignOutView.as_view(), name="wagtailadmin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    path("api/v1/", include((api_v1, "api"))),
    # A document's file, for those who may choose it (membership.collections): the admin's
    # listings link each document here.
    path("documents/", include(wagtaildocs_urls)),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
    path("accounts/two-factor/", include("core.two_factor_urls")),
    path("accounts/unlock/", include("core.unlock_urls")),
    path("accounts/invitation/", include("membership.invitation_urls")),
    path("bodies/", include("membership.urls")),
    path("my/notifications/", include("notifications.urls")),
    path("", include("meetings.urls")),
    path("", include("meetings.papers.urls")),
    path("", include("meetings.notes.urls")),
    path("", include("governance.urls")),
    path("", include("governance.performance.urls")),
    path("", include("search.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# Wagtail serves every path not matched above, so this stays last.
urlpatterns += [path("", include(wagtail_urls))]
