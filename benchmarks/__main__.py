"""Runs every benchmark module (benchmarks/bench_*.py) and prints its figures: `make bench`."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path


def main(names: list[str]) -> int:
    folder = Path(__file__).parent
    modules = sorted(p.stem for p in folder.glob("bench_*.py"))
    chosen = [m for m in modules if not names or any(n in m for n in names)]
    failed = 0
    for name in chosen:
        print(f"\n== {name} ==", flush=True)
        started = time.perf_counter()
        try:
            importlib.import_module(f"benchmarks.{name}").main()
        except Exception as error:  # one broken benchmark must not hide the others
            failed += 1
            print(f"{name} failed: {type(error).__name__}: {error}")
        print(f"({time.perf_counter() - started:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
