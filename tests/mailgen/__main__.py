"""Command line: python -m tests.mailgen --seed N --count M --out DIR."""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

from .plan import generate, write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mailgen", description=__doc__)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--count", type=int, default=120)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    started = time.monotonic()
    items = generate(args.seed, args.count)
    index = write(items, args.out, args.seed)
    seconds = time.monotonic() - started
    if not args.quiet:
        cats = collections.Counter(m["category"] for m in index["messages"])
        size = sum(m["bytes"] for m in index["messages"])
        print(f"{len(items)} messages ({size / 1e6:.1f} MB) in {seconds:.1f} s -> {args.out}")
        print("categories: " + ", ".join(f"{k} {v}" for k, v in sorted(cats.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
