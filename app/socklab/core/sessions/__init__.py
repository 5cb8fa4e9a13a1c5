"""Sessions: one socket each, run by a worker thread with its own asyncio loop.

:mod:`.base` holds what every kind shares (the worker, exact counters, the
event ring, jobs); :mod:`.udp`, :mod:`.tcp_client` and :mod:`.tcp_server` are
the kinds.
"""
