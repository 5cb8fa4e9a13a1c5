"""Sessions: one socket each, run by a worker thread with its own asyncio loop.

:mod:`.base` holds what every kind shares (the worker, exact counters, the
event ring, saving to files), :mod:`.sending` the sending jobs (repeat-send,
the generator, file sends); :mod:`.udp`, :mod:`.tcp_client` and :mod:`.tcp_server` are
the kinds. A kind's session module holds its socket's life; what it does under
load stands beside it: :mod:`.udp_send` and :mod:`.udp_receive` for UDP,
:mod:`.tcp_jobs` and :mod:`.stream` for TCP.
"""
