"""Options every `dienhinh` command shares (SPEC.md: each takes --config; --json for machines)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

ConfigPath = Annotated[
    Optional[Path],
    typer.Option("--config", help="Config file (default: $DIENHINH_CONFIG, else ./dienhinh.toml).", show_default=False),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable output on stdout.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")]
