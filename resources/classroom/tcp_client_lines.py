"""TCP 客户端 — the classroom's TCP client: type lines, each is sent, the reply is printed.

Typing "exit" sends it and then waits for the server to close the connection.

    python tcp_client_lines.py --host 127.0.0.1 --port 8888 --encoding gbk
"""

import argparse
import socket

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, default=8888)
parser.add_argument("--encoding", default="utf-8", choices=["utf-8", "gbk"])
args = parser.parse_args()

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((args.host, args.port))
print("connected to", s.getpeername())

while True:
    try:
        msg = input("> ")
    except EOFError:  # no more input
        break
    s.send(msg.encode(args.encoding))
    reply = s.recv(1024)
    if not reply:
        print("server closed the connection")
        break
    print("reply:", reply.decode(args.encoding))
s.close()
