"""``python -m bench.lateness``: when each message reaches Slack, against when it was due.

Real processes (``designdrill run``, or ``web`` + ``worker`` x2) drive many short interviews
against the fake Slack Web API (one post a second per channel, 100 ms answers); simulated
people start them with ``/drill start`` and answer over signed HTTP events. See README.md.
"""
