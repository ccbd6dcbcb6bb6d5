"""What clients call: one module per resource, request decoding, problems and the OpenAPI document."""
