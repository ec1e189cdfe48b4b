"""The duties REST API: serializers, viewsets and every API route of the app."""
