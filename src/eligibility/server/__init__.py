"""How the service runs in production, knowing no rule: connections, drain, access log, CORS,
rate limits and metrics."""
