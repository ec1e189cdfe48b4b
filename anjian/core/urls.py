"""Every page route of the core app (mounted at the site root by the project), with the
spreadsheet import pipeline's pages for enterprises and its job page."""

from django.urls import path

from anjian.core import views
from anjian.core.imports.views import ImportJobView, import_urls
from anjian.core.services.enterprise_import import ENTERPRISES

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/new/", views.EnterpriseCreateView.as_view(), name="enterprise_create"),
    *import_urls(ENTERPRISES, prefix="enterprises/"),
    path("enterprises/export/", views.EnterpriseExportView.as_view(), name="enterprise_export"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path(
        "enterprises/<int:pk>/edit/", views.EnterpriseUpdateView.as_view(), name="enterprise_update"
    ),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department_detail"),
    path("regions/", views.RegionListView.as_view(), name="region_list"),
    path("regions/<int:pk>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("audit/", views.AuditEventListView.as_view(), name="audit_list"),
    path("imports/<int:pk>/", ImportJobView.as_view(), name="import_job"),
]
