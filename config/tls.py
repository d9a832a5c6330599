"""The TLS context for a configured server (IMAP and SMTP alike)."""

from __future__ import annotations

import ssl


def tls_context(verify: bool, ca_file=None) -> ssl.SSLContext:
    """Certificates are verified unless the config says ``tls_verify = false``."""
    context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context
