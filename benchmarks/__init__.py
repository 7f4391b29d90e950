"""Benchmarks: `python -m benchmarks [NAME…]` runs each bench_*.main() and prints its figures."""
