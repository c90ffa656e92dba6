"""The use cases: the one place that combines the engine, storage and content.

Adapters (bot/slack, bot/terminal) call only this package; they never open a transaction.
"""
