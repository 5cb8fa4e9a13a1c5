"""The socket engine: plain Python and asyncio, no Qt.

Sessions (:mod:`.udp`, :mod:`.tcp_client`, :mod:`.tcp_server`) each run on a
worker thread (:mod:`.worker`) and report what happens as events (:mod:`.events`).
"""
