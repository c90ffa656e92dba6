"""The transport-agnostic interview engine: a pure state machine (state + now -> Step).

It imports nothing from Slack, APScheduler, SQLModel or the clock; ``tests/test_engine_purity``
walks its imports to keep it that way.
"""
