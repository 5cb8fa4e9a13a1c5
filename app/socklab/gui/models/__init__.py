"""Qt item models over a session's events: bounded, raw data kept, text made in ``data()``."""
