"""Project routes: each app brings its own page and API routes."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from anjian.core.forms import LoginForm

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
    path("api/", include("anjian.core.api.urls")),
    path("api/", include("anjian.accidents.api_urls")),
    path("api/", include("anjian.duties.api_urls")),
    path("api/", include("anjian.hazards.api.urls")),
    path("api/", include("anjian.risks.api_urls")),
    path("api/auth/token/", obtain_auth_token, name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("accidents/", include("anjian.accidents.urls")),
    path("duties/", include("anjian.duties.urls")),
    path("", include("anjian.hazards.urls")),
    path("risks/", include("anjian.risks.urls")),
    path("", include("anjian.core.urls")),
]
if settings.DEBUG:  # pragma: no cover - uploaded files are served by the web server in production
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
