"""Benchmarks of the live server: run them by hand, they are not tests (see bench/README.md)."""
