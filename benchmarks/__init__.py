"""Measurements of speed and memory, run by hand (``python -m benchmarks.<name>``), never as
timed tests. Each module's docstring says what it measures and how to run it."""
