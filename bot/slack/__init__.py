"""The Slack adapter: Bolt listeners, payload parsing (``inputs``) and rendering (``blocks``)."""
