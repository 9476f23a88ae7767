"""Benchmarks and the benchmark data generator (``bench.datagen``)."""
