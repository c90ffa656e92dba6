"""The terminal adapter: practice interviews and their history, printed."""
