"""The benchmark's peers: each runs in its own process, started by run.py.

    python peers.py udp-flood PORT COUNT SIZE          # sendto as fast as it can
    python peers.py udp-sink                           # bind, print the port, never read
    python peers.py udp-bins PORT_FILE SECONDS         # count arrivals per second
    python peers.py tcp-send PORT TOTAL CHUNK          # sendall TOTAL bytes
    python peers.py tcp-sink TOTAL                     # listen, recv_into TOTAL bytes
    python peers.py tcp-clients PORT COUNT             # COUNT clients: connect, echo, read
    python peers.py tcp-send-checked PORT TOTAL CHUNK  # sendall a checkable pattern
    python peers.py tcp-sink-checked TOTAL             # as tcp-sink, with the CRC-32 of it all

Every loop is bounded in count and in time. Lines on stdout are the protocol
with run.py: ``ready ...``, ``done ...`` with numbers.
"""

from __future__ import annotations

import contextlib
import random
import selectors
import socket
import sys
import time
import zlib


def udp_flood(port: int, count: int, size: int) -> None:
    """Send ``count`` datagrams of ``size`` bytes to 127.0.0.1:port, flat out."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.connect(("127.0.0.1", port))
    data = b"x" * size
    send = sock.send
    started = time.perf_counter()
    for _ in range(count):
        try:
            send(data)
        except OSError:  # ENOBUFS, ECONNREFUSED: the receiver went away
            continue
    elapsed = time.perf_counter() - started
    print(f"done {count} {elapsed:.6f}", flush=True)


def udp_sink(seconds: float = 300.0) -> None:
    """A bound socket that never reads: a target for send-rate measurements."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    print(f"ready {sock.getsockname()[1]}", flush=True)
    sys.stdin.readline()  # until run.py closes our stdin
    del seconds


def udp_bins(seconds: float) -> None:
    """Count datagrams per one-second bin, from the first arrival, for ``seconds``."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(5.0)
    print(f"ready {sock.getsockname()[1]}", flush=True)
    buffer = bytearray(2048)
    sock.recv_into(buffer)
    first = time.monotonic()
    stamps = [0.0]
    end = first + seconds + 1.0
    while time.monotonic() < end:
        try:
            sock.recv_into(buffer)
        except TimeoutError:
            break
        stamps.append(time.monotonic() - first)
    bins = [0] * (int(stamps[-1]) + 1)
    for stamp in stamps:
        bins[int(stamp)] += 1
    print("done " + " ".join(map(str, bins)) + f" last {stamps[-1]:.6f}", flush=True)


def tcp_send(port: int, total: int, chunk: int) -> None:
    """sendall ``total`` bytes in ``chunk``-byte pieces, then close."""
    sock = socket.create_connection(("127.0.0.1", port), 10)
    data = b"x" * chunk
    started = time.perf_counter()
    for _ in range(total // chunk):
        sock.sendall(data)
    sock.close()
    print(f"done {total} {time.perf_counter() - started:.6f}", flush=True)


def tcp_sink(total: int) -> None:
    """Listen on 127.0.0.1 (``ready PORT``), take one connection and recv_into
    until ``total`` bytes or its end; ``done BYTES SECONDS``, first byte to last."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        print(f"ready {listener.getsockname()[1]}", flush=True)
        listener.settimeout(60)
        conn, _ = listener.accept()
    conn.settimeout(60)
    buffer = bytearray(65536)
    with conn:
        got = conn.recv_into(buffer)
        started = time.perf_counter()
        while 0 < got < total:
            nbytes = conn.recv_into(buffer)
            if not nbytes:
                break
            got += nbytes
        elapsed = time.perf_counter() - started
    print(f"done {got} {elapsed:.6f}", flush=True)


def pattern_block(index: int, size: int) -> bytes:
    """Block ``index`` of a checked transfer: seeded random bytes, its index first
    (a lost, doubled or reordered block changes the CRC)."""
    block = bytearray(random.Random(size).randbytes(size))
    block[:8] = index.to_bytes(8, "big")
    return bytes(block)


def pattern_crc(total: int, chunk: int) -> int:
    crc = 0
    for index in range(total // chunk):
        crc = zlib.crc32(pattern_block(index, chunk), crc)
    return crc


def tcp_send_checked(port: int, total: int, chunk: int) -> None:
    """sendall the pattern (:func:`pattern_block`), ``chunk`` bytes per send, then close."""
    sock = socket.create_connection(("127.0.0.1", port), 10)
    base = bytearray(pattern_block(0, chunk))
    for index in range(total // chunk):
        base[:8] = index.to_bytes(8, "big")
        sock.sendall(base)
    sock.close()
    print("done", flush=True)


def tcp_sink_checked(total: int) -> None:
    """As :func:`tcp_sink`, with the CRC-32 of every byte: ``done BYTES SECONDS CRC``."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        print(f"ready {listener.getsockname()[1]}", flush=True)
        listener.settimeout(60)
        conn, _ = listener.accept()
    conn.settimeout(60)
    buffer = bytearray(1 << 18)
    view = memoryview(buffer)
    crc = 0
    with conn:
        got = conn.recv_into(buffer)
        crc = zlib.crc32(view[:got])
        started = time.perf_counter()
        while 0 < got < total:
            nbytes = conn.recv_into(buffer)
            if not nbytes:
                break
            crc = zlib.crc32(view[:nbytes], crc)
            got += nbytes
        elapsed = time.perf_counter() - started
    print(f"done {got} {elapsed:.6f} {crc}", flush=True)


def tcp_clients(port: int, count: int) -> None:
    """Open ``count`` connections at once, one echo round trip on each, then wait
    for one message on each (send-to-all), then close them all."""
    address = ("127.0.0.1", port)
    selector = selectors.DefaultSelector()
    socks = []
    print("go", flush=True)
    started = time.perf_counter()
    for i in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            sock.connect(address)
        socks.append(sock)
        selector.register(sock, selectors.EVENT_WRITE, i)
    pending = count
    deadline = time.monotonic() + 30
    failed = 0
    while pending and time.monotonic() < deadline:
        for key, _ in selector.select(1.0):
            selector.unregister(key.fileobj)
            pending -= 1
            if key.fileobj.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                failed += 1
    connected = time.perf_counter() - started
    print(f"connected {count - pending - failed} {connected:.6f}", flush=True)

    def round_trip(payloads: list[bytes] | None, expect: list[bytes]) -> tuple[int, float]:
        begun = time.perf_counter()
        for i, sock in enumerate(socks):
            if payloads is not None:
                sock.send(payloads[i])
            selector.register(sock, selectors.EVENT_READ, i)
        got = 0
        buffers = [b""] * count
        limit = time.monotonic() + 30
        while got < count and time.monotonic() < limit:
            for key, _ in selector.select(1.0):
                i = key.data
                try:
                    buffers[i] += key.fileobj.recv(256)
                except OSError:
                    selector.unregister(key.fileobj)
                    continue
                if len(buffers[i]) >= len(expect[i]):
                    selector.unregister(key.fileobj)
                    got += buffers[i] == expect[i]
        for sock in socks:
            with contextlib.suppress(KeyError, ValueError):
                selector.unregister(sock)
        return got, time.perf_counter() - begun

    pings = [b"ping %05d" % i for i in range(count)]
    echoed, echo_time = round_trip(pings, pings)
    print(f"echoed {echoed} {echo_time:.6f}", flush=True)
    sys.stdin.readline()  # run.py: "send to all now"
    reached, all_time = round_trip(None, [b"to all"] * count)
    print(f"reached {reached} {all_time:.6f}", flush=True)
    for sock in socks:
        sock.close()
    print("done", flush=True)


def main() -> None:
    role, args = sys.argv[1], sys.argv[2:]
    if role == "udp-flood":
        udp_flood(int(args[0]), int(args[1]), int(args[2]))
    elif role == "udp-sink":
        udp_sink()
    elif role == "udp-bins":
        udp_bins(float(args[0]))
    elif role == "tcp-send":
        tcp_send(int(args[0]), int(args[1]), int(args[2]))
    elif role == "tcp-sink":
        tcp_sink(int(args[0]))
    elif role == "tcp-send-checked":
        tcp_send_checked(int(args[0]), int(args[1]), int(args[2]))
    elif role == "tcp-sink-checked":
        tcp_sink_checked(int(args[0]))
    elif role == "tcp-clients":
        tcp_clients(int(args[0]), int(args[1]))
    else:
        raise SystemExit(f"unknown role {role}")


if __name__ == "__main__":
    main()
