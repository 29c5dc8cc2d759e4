"""wi3's benchmarks: one module per benchmark, run as `uv run python -m bench NAME`.

Each benchmark module (`bench/connectors.py`, …) has a `DESCRIPTION`, an `add_arguments(parser)`
and a `main(args)`, and is listed in `bench/__main__.py`. Shared by all: `_measure` runs a
function in a fresh interpreter and reports its time, CPU and peak memory; `_report` formats
Markdown tables and writes the results to `bench/results/` (git-ignored).

The connector benchmark's own helpers are `_connector_inputs` (what it reads), `_connector_read`
(one connector run), `_bare_parse` (the bare parse per format) and `_synthetic` (scaled and
generated inputs). The whole-ingest benchmark (`bench/ingest.py`) reads the same inputs and
adds `_ingest_run` (a whole `wi3 ingest`, and the hashes every ingest needs) and, for mailing
lists, a header-only minimal read (`_bare_parse.mbox_headers`). What the numbers were on the
team's machine, and how to read them, is in docs/performance.md.
"""
