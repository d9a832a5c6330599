"""Jinja2 templates for the mail the service sends, overridable by the operator.

Templates are looked up in ``[digest] templates_dir`` first, then in the
package's own ``notifier/templates/`` (shipped as package data and found next
to this module, so an installed wheel works as well as a checkout). HTML
templates (``*.html.j2``) are autoescaped: every value that came from a mail
or a document is escaped, so a subject like ``<script>`` stays text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from domain import nfc

PACKAGE_TEMPLATES = Path(__file__).resolve().with_name("templates")


@lru_cache(maxsize=16)
def _environment(templates_dir: str | None) -> Environment:
    loaders = []
    if templates_dir:
        loaders.append(FileSystemLoader(templates_dir))
    loaders.append(FileSystemLoader(str(PACKAGE_TEMPLATES)))
    return Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html.j2", "html"), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def environment(templates_dir: Path | None = None) -> Environment:
    return _environment(str(templates_dir) if templates_dir else None)


def render(name: str, context: dict, templates_dir: Path | None = None) -> str:
    """Render template ``name`` (e.g. ``flag.txt.j2``); the result is NFC."""
    return nfc(environment(templates_dir).get_template(name).render(**context))


def render_pair(stem: str, context: dict, templates_dir: Path | None = None) -> tuple[str, str]:
    """The plain-text and HTML renderings of ``stem`` (``flag`` → ``flag.txt.j2``, ``flag.html.j2``)."""
    return render(f"{stem}.txt.j2", context, templates_dir), render(f"{stem}.html.j2", context, templates_dir)
