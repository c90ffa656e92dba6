"""Scheduled team drills (issue 5): recurring `/drill schedule` entries that start a drill
in a channel at a local time, exactly once per occurrence, with a per-team question rotation.

Pure parts (parsing, occurrences, rotation) take everything as arguments; ``firing`` and
``manage`` combine them with storage and the interview service.
"""
