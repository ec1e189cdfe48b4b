"""The core API: ``serializers``, ``views``, ``urls`` (every core API route)."""
