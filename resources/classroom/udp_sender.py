"""UDP 发送端 — the classroom's UDP sender: sends each message as one datagram.

python udp_sender.py --host 127.0.0.1 --port 9999 --encoding gbk hello 你好
"""

import argparse
import socket

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, default=9999)
parser.add_argument("--encoding", default="utf-8")
parser.add_argument("messages", nargs="*", default=["hello", "你好"])
args = parser.parse_args()

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for msg in args.messages:
    # no bind(): the first sendto() picks a free local port
    s.sendto(msg.encode(args.encoding), (args.host, args.port))
    print("sent:", msg)
s.close()
