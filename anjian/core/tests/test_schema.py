"""The OpenAPI schema is valid, warning-free, and served with its browsable page."""

from django.core.management import call_command


def test_openapi_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text(encoding="utf-8")
    assert "/api/enterprises/{id}/" in text
    assert "/api/users/{id}/grant-role/" in text


def test_schema_and_docs_pages_are_served_to_a_signed_in_user(world, client):
    client.force_login(world.user("coordinator"))
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
