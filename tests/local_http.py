"""A real HTTP server on 127.0.0.1 for the tests (OAuth2 token endpoints, consent pages)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


def read_form(handler: BaseHTTPRequestHandler) -> dict[str, str]:
    """The request's application/x-www-form-urlencoded body, one value per key."""
    body = handler.rfile.read(int(handler.headers["Content-Length"])).decode()
    return {key: values[0] for key, values in parse_qs(body).items()}


def send_json(handler: BaseHTTPRequestHandler, body: dict, status: int = 200) -> None:
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free port of 127.0.0.1; yields ``http://127.0.0.1:PORT``."""
    http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        http.server_close()
