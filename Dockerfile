# syntax=docker/dockerfile:1
# DoeMee's image: the wheel, built in the first stage exactly as tests/release/test_wheel.py builds it, installed in
# the second with the locked dependencies (requirements/*.txt, with hashes). One image for every process: the
# command says which (docs/operations.md):
#   doemee migrate                      once per release, before the new servers and workers start
#   doemee serve --bind 0.0.0.0:8000    the web servers (gunicorn), the default command
#   doemee worker                       the job workers
# It runs as the user doemee (no root), with a read-only file system except the volume /data (its working
# directory) and /tmp (a tmpfs in compose.yaml).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
WORKDIR /src
COPY requirements/build.txt requirements/build.txt
RUN python -m pip install --no-cache-dir --require-hashes -r requirements/build.txt
COPY . .
# No build isolation: setuptools, wheel and babel (it compiles the catalogue into the wheel) are the locked ones.
RUN python -m pip wheel --no-cache-dir --no-deps --no-build-isolation --wheel-dir /dist .

FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/doemee/bin:$PATH \
    DOEMEE_ENV=production
RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home --shell /usr/sbin/nologin doemee \
    && install -d -o doemee -g doemee -m 0750 /data \
    && python -m venv /opt/doemee
COPY requirements/runtime.txt /opt/doemee/requirements.txt
RUN /opt/doemee/bin/pip install --no-cache-dir --require-hashes -r /opt/doemee/requirements.txt
COPY --from=build /dist/ /tmp/dist/
RUN /opt/doemee/bin/pip install --no-cache-dir --no-deps --no-index /tmp/dist/doemee-*.whl && rm -rf /tmp/dist

USER doemee
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000
# Liveness: the process answers (observe's /health/live); readiness (database, Redis, jobs) is for the proxy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/live', timeout=4).status != 200)"]
CMD ["doemee", "serve", "--bind", "0.0.0.0:8000"]
