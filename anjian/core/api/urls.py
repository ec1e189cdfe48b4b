"""Every API route of the core app (mounted under /api/ by the project), with the import
pipeline's job endpoint. A DefaultRouter: it also serves the API root (``api-root``)."""

from rest_framework.routers import DefaultRouter

from anjian.core.api import views
from anjian.core.imports.api import ImportJobViewSet

router = DefaultRouter()
router.register("regions", views.RegionViewSet)
router.register("sectors", views.SectorViewSet)
router.register("accident-categories", views.AccidentCategoryViewSet)
router.register("departments", views.DepartmentViewSet)
router.register("enterprises", views.EnterpriseViewSet)
router.register("users", views.UserViewSet)
router.register("audit-events", views.AuditEventViewSet)
router.register("import-jobs", ImportJobViewSet)

urlpatterns = router.urls
