"""Benchmarks: `make bench` runs them and prints one table (see bench/run.py)."""
