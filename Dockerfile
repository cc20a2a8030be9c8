# Portal 4.0: one image for every Django process (web, worker, beat, migrate; see
# docker-compose.yml). Stages:
#   base     Python 3.11 on Debian bookworm, a virtualenv on PATH
#   wheels   builds a wheel for every dependency pinned in requirements/base.lock
#   runtime-deps  base + the shared libraries the portal loads at run time + those wheels
#   assets   runtime-deps + gettext: compiles translations, collects static files
#   runtime  runtime-deps + the source tree, .mo files and collected static files, non-root
# Build: `docker compose build` (or `docker build -t portal40 .`). Needs BuildKit (the default
# since Docker Engine 23) for the cache and bind mounts below.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- base ---------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS base

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

RUN python -m venv /opt/venv


# --- wheels -------------------------------------------------------------------------------------
FROM base AS wheels

# A compiler for any dependency that ships no wheel for this platform. Only this stage has it.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY pyproject.toml ./
COPY requirements/ requirements/

# Only the dependencies become wheels, not the project itself: settings find templates/,
# static/ and locale/ beside the package (BASE_DIR), and those are not part of the package, so
# the code runs from the source tree in /app (PYTHONPATH below). The versions are the locked
# ones (no extras: dev and test are not installed in production), each checked against its
# hash. The build stops, naming `make lock`, when the lock is older than pyproject.toml.
RUN python requirements/lock.py check
RUN --mount=type=cache,target=/root/.cache/pip \
    pip wheel --require-hashes --wheel-dir /wheels --requirement requirements/base.lock


# --- runtime-deps -------------------------------------------------------------------------------
FROM base AS runtime-deps

# pango, harfbuzz's subsetter and a font for WeasyPrint (PDF reports); psycopg's binary wheel
# brings its own libpq.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# The wheels are bind-mounted, so they do not end up in a layer of the image.
RUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links /wheels /wheels/*.whl

ENV DJANGO_SETTINGS_MODULE=portal.settings \
    PYTHONPATH=/app \
    PORTAL_VAR_DIR=/app/var \
    STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/app/var/media

WORKDIR /app


# --- assets -------------------------------------------------------------------------------------
FROM runtime-deps AS assets

# msgfmt for compilemessages; the runtime image does not need it.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

COPY . /app

# Settings for this step only (they are not kept in the image): DEBUG=false selects whitenoise's
# CompressedManifestStaticFilesStorage, which writes the manifest and the compressed files the
# runtime serves; the key and database are throwaways, nothing connects to them.
# `mkdir -p locale` keeps compilemessages from failing on a tree without translations yet.
RUN mkdir -p locale \
    && chmod 0755 docker/*.sh \
    && DEBUG=false \
       SECRET_KEY=build-only-not-a-secret \
       ALLOWED_HOSTS=localhost \
       DATABASE_URL=sqlite:////tmp/build.sqlite3 \
       sh -c 'python manage.py compilemessages && python manage.py collectstatic --noinput' \
    && rm -f /tmp/build.sqlite3 \
    && python -m compileall -q /app


# --- runtime ------------------------------------------------------------------------------------
FROM runtime-deps AS runtime

ARG APP_UID=1000
ARG APP_GID=1000
RUN groupadd --system --gid "${APP_GID}" portal \
    && useradd --system --uid "${APP_UID}" --gid portal --create-home --home-dir /home/portal \
        --shell /usr/sbin/nologin portal

# Production defaults; docker-compose.yml sets DEBUG=false as well. The source tree belongs to
# root and is read-only for the portal user.
ENV DEBUG=false

COPY --from=assets /app /app

# Mount points of the named volumes (media for web and worker, the beat schedule for beat).
# Created here, owned by the portal user, so that Docker copies that ownership into a new
# volume on its first mount.
RUN mkdir -p /app/var/media /app/var/beat \
    && chown portal:portal /app/var/media /app/var/beat

USER portal

EXPOSE 8000

# No HEALTHCHECK here: worker, beat and migrate share this image; docker-compose.yml gives web
# (and the worker) a check of their own.
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["/app/docker/start-web.sh"]
