"""The core app's API routes (mounted under /api/ by the project)."""

from rest_framework.routers import DefaultRouter

from anjian.core import api
from anjian.core.imports.api import ImportJobViewSet

router = DefaultRouter()
router.register("regions", api.RegionViewSet)
router.register("sectors", api.SectorViewSet)
router.register("accident-categories", api.AccidentCategoryViewSet)
router.register("departments", api.DepartmentViewSet)
router.register("enterprises", api.EnterpriseViewSet)
router.register("users", api.UserViewSet)
router.register("audit-events", api.AuditEventViewSet)
router.register("import-jobs", ImportJobViewSet)

urlpatterns = router.urls
