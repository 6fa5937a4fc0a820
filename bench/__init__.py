"""The benchmark: bench/run.py, and the static floor page it compares the pages with."""
