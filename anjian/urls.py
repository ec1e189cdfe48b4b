"""Project routes: each app brings two route modules, its pages (``<app>.urls``, with their
own prefixes and namespaces) and its API (``<app>.api.urls``); nothing else is routed here
but sign-in and the API's token, schema and docs."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from anjian.core.forms import LoginForm

APPS = ["accidents", "duties", "hazards", "risks", "core"]

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    *(path("api/", include(f"anjian.{app}.api.urls")) for app in APPS),
    path("api/auth/token/", obtain_auth_token, name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *(path("", include(f"anjian.{app}.urls")) for app in APPS),
]
if settings.DEBUG:  # pragma: no cover - uploaded files are served by the web server in production
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
