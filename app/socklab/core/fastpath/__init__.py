"""Linux's batch system calls (``recvmmsg``, ``sendmmsg``) through ctypes, and
UDP segmentation offload on both sides (GSO ``UDP_SEGMENT``, GRO ``UDP_GRO``).

Each module says whether it is ``AVAILABLE``; sessions fall back to one call per
datagram (or per datagram of a batch) where it is not, and log why.
"""
