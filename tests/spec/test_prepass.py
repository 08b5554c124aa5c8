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
