"""What clients call: one module per resource, request decoding, problems, the OpenAPI spec."""
