"""The hazards app's REST API: serializers, viewsets and routes (ledger, reports, statistics)."""
