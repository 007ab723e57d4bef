"""The threaded wsgiref server both the CLI and `testing.running` serve the stand-in with."""

from __future__ import annotations

import logging
import socketserver
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from onego.demo.vertical_system.app import StandInApp

log = logging.getLogger("onego.demo.vertical_system")


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    """One thread per request: a slow page must not hold up the others (robots and people share it)."""

    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(WSGIRequestHandler):
    """Request lines go to the logger (the CLI shows them), not to stderr."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — the base class's name
        log.info("%s %s", self.address_string(), format % args)


def serve(app: StandInApp, host: str, port: int) -> ThreadingWSGIServer:
    server = make_server(host, port, app, server_class=ThreadingWSGIServer, handler_class=QuietHandler)
    assert isinstance(server, ThreadingWSGIServer)
    return server
