"""``python -m benchmarks``: list the benchmarks and how to run each."""

from __future__ import annotations

import importlib
import pkgutil

import benchmarks

for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
    if info.name.startswith("_"):
        continue
    doc = (importlib.import_module(f"benchmarks.{info.name}").__doc__ or "").strip()
    print(f"{info.name}: {doc.splitlines()[0] if doc else ''}")
    usage = [line.strip() for line in doc.splitlines() if "python -m" in line]
    if usage:
        print(f"    {usage[0]}")
