"""Serve the workbench with uvicorn, behind a reverse proxy in production.

SIGTERM and SIGINT stop it cleanly (uvicorn finishes the requests in hand).
Proxy headers are trusted from 127.0.0.1 only, so the failed sign-in delay
counts the real client address behind nginx or Caddy.
"""

from __future__ import annotations

import logging

import uvicorn

from config import ConfigError
from store import Service
from web.app import create_app

log = logging.getLogger(__name__)


def session_secret(service: Service) -> str:
    """The ``[web]`` secret (``secret_env`` or ``secret_file``); ConfigError when missing or short."""
    web = service.settings.web
    if not (web.secret_env or web.secret_file):
        raise ConfigError(f"{service.settings.source}: web.secret_env: set secret_env or secret_file to sign sessions")
    secret = web.secret.read("web.secret")
    if len(secret) < 16:
        raise ConfigError(f"{service.settings.source}: web.secret: the secret must have at least 16 characters")
    return secret


def serve(service: Service, host: str = "127.0.0.1", port: int = 8080) -> None:
    app = create_app(service, session_secret(service))
    log.info("workbench listening host=%s port=%d base_url=%s", host, port, service.settings.web.base_url or "-")
    uvicorn.run(app, host=host, port=port, proxy_headers=True, forwarded_allow_ips="127.0.0.1",
                log_level="warning", server_header=False)
