"""Linux's batch system calls (``recvmmsg``, ``sendmmsg``) through ctypes.

Each module says whether it is ``AVAILABLE``; sessions fall back to one call per
datagram where it is not, and log why.
"""
