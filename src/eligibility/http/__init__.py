"""The HTTP layer: request Struct -> rule function -> response Struct."""
