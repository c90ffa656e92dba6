"""Processes: the command line, start-up, the scheduler and serving Slack (run, web, worker)."""
