"""广播 — the classroom's broadcaster: SO_BROADCAST, then send to the broadcast address.

    python broadcaster.py --port 9999 --count 5 --interval 1

On a real classroom network use --address 255.255.255.255 (or the LAN's own
broadcast address, e.g. 192.168.1.255); 127.255.255.255 stays on this machine.
"""

import argparse
import socket
import time

parser = argparse.ArgumentParser()
parser.add_argument("--address", default="127.255.255.255")
parser.add_argument("--port", type=int, default=9999)
parser.add_argument("--count", type=int, default=5)
parser.add_argument("--interval", type=float, default=1.0)
parser.add_argument("--message", default="大家好, this is a broadcast")
args = parser.parse_args()

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# without this option sendto() to a broadcast address fails: permission denied
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
for i in range(args.count):
    if i:
        time.sleep(args.interval)
    s.sendto(f"{args.message} #{i + 1}".encode(), (args.address, args.port))
    print("broadcast", i + 1)
s.close()
