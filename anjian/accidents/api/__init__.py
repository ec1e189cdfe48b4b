"""The accidents app's REST API: serializers, viewsets and every route (mounted under /api/)."""
