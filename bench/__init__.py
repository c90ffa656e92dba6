"""Benchmarks, kept outside the ``bot`` and ``storage`` packages: they drive the app the way
production does and must never be imported by it.

``python -m bench`` runs the scheduler benchmark (tick latency, idle scaling, memory) on
SQLite and PostgreSQL; see ``bench/README.md``.
"""
