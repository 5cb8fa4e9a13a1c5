"""UDP 接收端 — the classroom's UDP receiver: bind, then print every datagram.

python udp_receiver.py --port 9999 --count 3      (--count 0: forever)
"""

import argparse
import socket

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="0.0.0.0")
parser.add_argument("--port", type=int, default=9999)
parser.add_argument("--count", type=int, default=0)
parser.add_argument("--encoding", default="utf-8")
args = parser.parse_args()

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((args.host, args.port))
print("waiting on", s.getsockname())

n = 0
while args.count == 0 or n < args.count:
    data, addr = s.recvfrom(1024)
    print("from", addr, ":", data.decode(args.encoding))
    n += 1
s.close()
