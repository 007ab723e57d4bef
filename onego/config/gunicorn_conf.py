"""gunicorn settings of `make run` (scripts/run.sh); docs/operations.md "The web server".

HOST and PORT choose the address; WEB_WORKERS and WEB_THREADS override the defaults below. Logs go to
<ONEGO_VAR_DIR>/log/ (access.log, web.log). Static files are served by WhiteNoise inside the application.
"""

from __future__ import annotations

import os
from pathlib import Path

# Files the web server writes (logs, uploads, the SQLite database) are the service account's only, also when
# gunicorn is started without scripts/run.sh (which sets the same umask for the worker and beat).
os.umask(0o077)
_var = Path(os.environ.get("ONEGO_VAR_DIR") or Path(__file__).resolve().parents[2] / "var")
(_var / "log").mkdir(parents=True, exist_ok=True)

wsgi_app = "onego.config.wsgi:application"
bind = f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}"
# Threads, not only processes: most of a request is waiting for the database. Rate limits live in the cache,
# which is per process unless CACHE_URL names a shared one: then two processes use the two cores; otherwise
# one process keeps every limit exact.
_shared_cache = bool(os.environ.get("CACHE_URL"))
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS") or (2 if _shared_cache else 1))
threads = int(os.environ.get("WEB_THREADS") or (4 if _shared_cache else 8))
timeout = 60
# SIGTERM (Ctrl-C in run.sh): requests in flight get this long to finish.
graceful_timeout = 8
accesslog = str(_var / "log" / "access.log")
errorlog = str(_var / "log" / "web.log")
# gunicorn 27's runtime control socket (one fixed path in the home directory, shared by every instance) is not
# used by OneGo: no socket, nothing to reach.
control_socket_disable = True
