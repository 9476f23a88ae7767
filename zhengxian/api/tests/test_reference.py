"""The OpenAPI document and the reference page: public, complete, and served from the
site's own static files (no CDN)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_reference_page_loads_swagger_from_our_static_files(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_every_operation_documents_the_shared_error_answers(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["version"] == "1"
    operations = [op for item in document["paths"].values() for op in item.values()]
    assert len(operations) >= 2
    for operation in operations:
        for status in ("401", "403", "404", "422", "429"):
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}
    assert {"code", "message"} <= set(document["components"]["schemas"]["ErrorOut"]["required"])
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids)) and "visit_create" in ids
