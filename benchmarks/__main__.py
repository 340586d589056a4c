"""`make bench`: run every benchmarks/bench_*.py module's main() and print its figures."""

from __future__ import annotations

import importlib
import os
import pkgutil
import platform
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    sys.path.insert(0, str(here.parent))
    only = sys.argv[1:]
    print(
        f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        if only and info.name.removeprefix("bench_") not in only:
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        print(f"\n== {info.name.removeprefix('bench_')} ==")
        module.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
