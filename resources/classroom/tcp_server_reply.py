"""TCP 服务器 — the classroom's TCP server: answers 已收到 to every message and
closes the connection when the client sends "exit". One client at a time.

    python tcp_server_reply.py --port 8888 --encoding gbk --count 1   (--count 0: forever)
"""

import argparse
import socket

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="0.0.0.0")
parser.add_argument("--port", type=int, default=8888)
parser.add_argument("--encoding", default="utf-8", choices=["utf-8", "gbk"])
parser.add_argument("--count", type=int, default=0, help="clients to serve, 0: forever")
args = parser.parse_args()

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((args.host, args.port))
server.listen(5)
print("listening on", server.getsockname())

served = 0
while args.count == 0 or served < args.count:
    conn, addr = server.accept()
    print("connected:", addr)
    while True:
        data = conn.recv(1024)
        if not data:
            print("client left:", addr)
            break
        msg = data.decode(args.encoding)
        print("received:", msg)
        if msg.strip() == "exit":
            print("bye", addr)
            break
        conn.send("已收到".encode(args.encoding))
    conn.close()
    served += 1
server.close()
