"""Pages for people: the landing page, the API docs and the demo signup form."""
