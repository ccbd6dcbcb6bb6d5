# syntax=docker/dockerfile:1
# Proven outside a container by `make image-check` (tools/image_check.sh), which
# repeats these install steps in a fresh venv and runs CMD and HEALTHCHECK as a
# non-root user.
ARG PYTHON_VERSION=3.11

FROM python:${PYTHON_VERSION}-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY requirements/runtime.txt requirements/runtime.txt
RUN /opt/venv/bin/pip install --require-hashes -r requirements/runtime.txt
COPY pyproject.toml README.md ./
COPY src ./src
COPY data ./data
RUN /opt/venv/bin/pip install --no-deps . && /opt/venv/bin/eligibility check-data

FROM python:${PYTHON_VERSION}-slim
ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# On SIGTERM a worker serves 5 s more with /readyz at 503 before it stops accepting:
# set the orchestrator's grace period above it (Kubernetes: 30 s by default).
ENV ELIGIBILITY_DRAIN_SECONDS=5
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin eligibility
COPY --from=build /opt/venv /opt/venv
USER 10001
EXPOSE 8000
# Configuration (README: Configuration), all optional:
#   ELIGIBILITY_LOG_LEVEL=info          debug | info | warning | error
#   ELIGIBILITY_LOG_FORMAT=text         json: one JSON object per line
#   ELIGIBILITY_CACHE_MAX_AGE=300       Cache-Control max-age of catalogue answers
#   ELIGIBILITY_CORS_ORIGINS=           origins whose pages may call the API
#   ELIGIBILITY_RATE_LIMIT=             e.g. 120/minute per client address
#   ELIGIBILITY_RATE_LIMIT_STORE=       redis://host:6379/0: one count for all replicas
#   ELIGIBILITY_FORWARDED_ALLOW_IPS=    proxies trusted to set X-Forwarded-For
#   ELIGIBILITY_HEADER_TIMEOUT_SECONDS=10, ELIGIBILITY_BODY_TIMEOUT_SECONDS=30,
#   ELIGIBILITY_MAX_HEADER_BYTES=16384, ELIGIBILITY_MAX_HEADERS=100,
#   ELIGIBILITY_MAX_CONNECTIONS=1000    connection bounds, per worker (docs/operations.md)
#   PROMETHEUS_MULTIPROC_DIR=           where workers' metrics meet (default: a new dir in /tmp)
# Liveness: /healthz. Orchestrators with a readiness probe point it at /readyz.
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
CMD ["eligibility", "serve", "--host", "0.0.0.0", "--port", "8000"]
