"""Benchmarks: `make bench` runs web.py (pages under load) and pack.py (papers packs)."""
