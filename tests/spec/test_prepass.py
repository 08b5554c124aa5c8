"""The generator's pre-pass: what it changes in the copy it hands to openapi-python-client."""

from __future__ import annotations

from tools.prepass import STABLE_TAG, prepare_for_generator

BEARER = [{"BearerAuth": []}]


def document(operation_security):
    operation = {"operationId": "Gateway_X", "responses": {"200": {"description": "ok"}}}
    if operation_security is not None:
        operation["security"] = operation_security
    return {
        "openapi": "3.1.0",
        "security": BEARER,
        "paths": {"/v1/x": {"get": operation}},
        "components": {"securitySchemes": {"BearerAuth": {"type": "http", "scheme": "bearer"}}},
    }


def operation_of(prepared):
    return prepared["paths"]["/v1/x"]["get"]


def test_an_operations_security_that_repeats_the_documents_is_dropped():
    """Else the generator types its client AuthenticatedClient (the merged docs do this)."""
    source = document(BEARER)
    prepared = prepare_for_generator(source)
    assert "security" not in operation_of(prepared) and prepared["security"] == BEARER
    assert operation_of(source)["security"] == BEARER  # the source itself is never changed
    assert operation_of(prepared)["tags"] == [STABLE_TAG]


def test_an_operations_own_security_stays():
    for own in ([], [{"OtherAuth": []}]):
        assert operation_of(prepare_for_generator(document(own)))["security"] == own


def test_a_schema_named_like_a_generated_modules_own_import_is_renamed_with_its_references():
    source = document(None)
    source["components"]["schemas"] = {
        "Response": {"type": "object", "properties": {"id": {"type": "string"}}},
        "Holder": {
            "type": "object",
            "properties": {"r": {"$ref": "#/components/schemas/Response"}},
        },
    }
    operation_of(source)["responses"]["200"]["content"] = {
        "application/json": {"schema": {"$ref": "#/components/schemas/Response"}}
    }
    prepared = prepare_for_generator(source)
    schemas = prepared["components"]["schemas"]
    assert set(schemas) == {"ResponseObject", "Holder"}
    assert schemas["Holder"]["properties"]["r"]["$ref"] == "#/components/schemas/ResponseObject"
    answer = operation_of(prepared)["responses"]["200"]["content"]["application/json"]
    assert answer["schema"]["$ref"] == "#/components/schemas/ResponseObject"
    assert "Response" in source["components"]["schemas"]  # the source is never changed
