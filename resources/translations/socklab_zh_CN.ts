<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BroadcastTab</name>
    <message>
        <location filename="../../app/socklab/gui/tabs/broadcast_tab.py" line="+93"/>
        <source>Broadcast to</source>
        <translation>广播到</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+109"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location line="-108"/>
        <location line="+93"/>
        <source>Local port</source>
        <translation>本地端口</translation>
    </message>
    <message>
        <location line="-92"/>
        <source>0 lets the system choose; replies come back to it</source>
        <translation>填 0 由系统自动选择；对方的回复会发回这个端口</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A subnet&apos;s broadcast address reaches every host on that subnet; 255.255.255.255 stays on the local segment; 127.255.255.255 reaches only this machine</source>
        <translation>子网的广播地址可到达该子网上的每台主机；255.255.255.255 只在本地网段内；127.255.255.255 只到达本机</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Repeat every</source>
        <translation>重复间隔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no socket yet — Send creates one with SO_BROADCAST</source>
        <translation>尚未创建套接字 — 点“发送”时会创建一个并打开 SO_BROADCAST</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 — %2 (address %3)</source>
        <translation>%1 — %2（本机地址 %3）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 — this machine only (loopback)</source>
        <translation>%1 — 仅本机（环回）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 — limited broadcast (this network segment)</source>
        <translation>%1 — 受限广播（本网段）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Repeat</source>
        <translation>重复发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close socket</source>
        <translation>关闭套接字</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Broadcast address</source>
        <translation>广播地址</translation>
    </message>
</context>
<context>
    <name>ClientTable</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/client_table.py" line="+187"/>
        <source>Disconnect selected</source>
        <translation>断开所选</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close the connections of the selected clients (the server calls close())</source>
        <translation>关闭所选客户端的连接（服务器端调用 close()）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear closed</source>
        <translation>清除已关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove the rows of connections that have ended from the table</source>
        <translation>从表中移除已结束的连接</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>{open} connected, {closed} closed</source>
        <translation>{open} 个已连接，{closed} 个已关闭</translation>
    </message>
</context>
<context>
    <name>ClientTableModel</name>
    <message>
        <location filename="../../app/socklab/gui/models/client_model.py" line="+424"/>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Peer address</source>
        <translation>对端地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connected since</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bytes in</source>
        <translation>接收字节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bytes out</source>
        <translation>发送字节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 — auto-reply paused</source>
        <translation>%1 — 自动回复已暂停</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Accepted on %1</source>
        <translation>在 %1 上接受（accept）的连接</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Auto-reply to this client is paused: it looked like a loop between two auto-repliers (%1 replies sent, %2 held back). Change the auto-reply setting to answer it again.</source>
        <translation>对此客户端的自动回复已暂停：看起来像两个自动回复程序在互相回复（已发送 %1 次回复，暂停后未发送 %2 次）。修改自动回复设置即可重新回复它。</translation>
    </message>
</context>
<context>
    <name>CodePanel</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/code_panel.py" line="+165"/>
        <source>Could not save the script to %1: %2</source>
        <translation>无法把脚本保存到 %1：%2</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Save the Python script</source>
        <translation>保存 Python 脚本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Python (*.py)</source>
        <translation>Python 脚本 (*.py)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The same in Python (standard socket module)</source>
        <translation>等价的 Python 代码（标准 socket 模块）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the script to the clipboard</source>
        <translation>把脚本复制到剪贴板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the script as a .py file</source>
        <translation>把脚本保存为 .py 文件</translation>
    </message>
</context>
<context>
    <name>Codegen</name>
    <message>
        <location filename="../../app/socklab/teaching/codegen/broadcast.py" line="+36"/>
        <source>SockLab: what the Broadcast tab does, in plain Python (standard socket module only).</source>
        <translation>SockLab：广播标签页做的事，用纯 Python 写出来（只用标准库 socket 模块）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The broadcast address and port: every host of that network listening on the port gets it.</source>
        <translation>广播地址和端口：该网络中所有在这个端口上接收的主机都会收到。</translation>
    </message>
    <message>
        <location filename="../../app/socklab/teaching/codegen/builder.py" line="+25"/>
        <source>AF_INET for IPv4</source>
        <translation>AF_INET 表示 IPv4</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AF_INET6 for IPv6</source>
        <translation>AF_INET6 表示 IPv6</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AF_UNIX for a Unix domain socket (a path on this machine, or @name)</source>
        <translation>AF_UNIX 表示 Unix 域套接字（本机上的一个路径，或 @名字）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Create a TCP socket: SOCK_STREAM (a byte stream), {family}.</source>
        <translation>创建 TCP 套接字：SOCK_STREAM（字节流），{family}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SO_REUSEADDR: allow binding this port again at once
(even while an old connection on it is in TIME_WAIT).</source>
        <translation>SO_REUSEADDR：允许立刻再次绑定这个端口
（即使该端口上的旧连接还处于 TIME_WAIT 状态）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>bind: receive on this local address and port.</source>
        <translation>bind：在这个本机地址和端口上接收。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bind: port 0 means the system chooses a free port.</source>
        <translation>bind：端口 0 表示由系统挑选一个空闲端口。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{host} means every address of this machine.</source>
        <translation>{host} 表示本机的所有地址。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IPV6_V6ONLY 0: dual stack, this IPv6 socket takes IPv4 too
(an IPv4 peer&apos;s address reads ::ffff:127.0.0.1).</source>
        <translation>IPV6_V6ONLY 0：双栈，这个 IPv6 套接字也接收 IPv4
（IPv4 对端的地址显示为 ::ffff:127.0.0.1）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>IPV6_V6ONLY 1: this IPv6 socket takes IPv6 only, no IPv4 peers.</source>
        <translation>IPV6_V6ONLY 1：这个 IPv6 套接字只接收 IPv6，不接收 IPv4 对端。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>After % comes the scope: the interface ({scope}) the link-local address is on.</source>
        <translation>% 后面是作用域：这个链路本地地址所在的网卡（{scope}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&quot;&lt;broadcast&gt;&quot; is Python&apos;s name for 255.255.255.255 (it needs SO_BROADCAST).</source>
        <translation>&quot;&lt;broadcast&gt;&quot; 是 Python 对 255.255.255.255 的写法（需要 SO_BROADCAST）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An IPv6 socket reaches the IPv4 address {host} as ::ffff:{host}.</source>
        <translation>IPv6 套接字通过 ::ffff:{host} 访问 IPv4 地址 {host}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The message, and its bytes in {encoding}: sockets send bytes, not text.</source>
        <translation>要发送的文字，以及它的 {encoding} 编码字节：套接字发送的是字节，不是文字。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The bytes to send.</source>
        <translation>要发送的字节。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send {count} times, {interval} s apart.</source>
        <translation>发送 {count} 次，每次间隔 {interval} 秒。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many to wait for (command line); 0 means no limit.</source>
        <translation>要等多少个（命令行参数）；0 表示不限。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decode the bytes as {encoding} to show them as text.</source>
        <translation>把字节按 {encoding} 解码成文字再显示。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>close: release the socket.</source>
        <translation>close：关闭并释放套接字。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recv({size}): up to {size} bytes of whatever has arrived. TCP is a stream:
one send may arrive in pieces, and several sends may arrive together.</source>
        <translation>recv({size})：最多取 {size} 字节已到达的数据。TCP 是字节流：
一次发送可能分几次收到，几次发送也可能一次收到。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>b&apos;&apos; means the other side closed the connection.</source>
        <translation>收到 b&apos;&apos; 表示对方已关闭连接。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>received {{len(data)}} bytes from {{address}}: {{{shown}!r}}</source>
        <translation>收到来自 {{address}} 的 {{len(data)}} 字节：{{{shown}!r}}</translation>
    </message>
    <message>
        <location filename="../../app/socklab/teaching/codegen/tcp_client.py" line="+80"/>
        <source>SockLab: what the TCP Client tab does, in plain Python (standard socket module only).</source>
        <translation>SockLab：TCP 客户端标签页做的事，用纯 Python 写出来（只用标准库 socket 模块）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run: python3 socklab_demo.py [COUNT]
quits after COUNT recv() calls (default: when the server closes the connection).</source>
        <translation>运行：python3 socklab_demo.py [数量]
调用这么多次 recv() 后退出（不给则等服务器关闭连接）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Give up connecting after {timeout} s (connect() raises TimeoutError).</source>
        <translation>连接超过 {timeout} 秒就放弃（connect() 会抛出 TimeoutError）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No timeout after connecting: recv() waits as long as it takes.</source>
        <translation>连接成功后取消超时：recv() 会一直等到有数据为止。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>TCP_NODELAY: send small writes at once instead of collecting them (Nagle).</source>
        <translation>TCP_NODELAY：小数据立即发送，不等待合并（关闭 Nagle 算法）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>bind before connect: use this local address and port for the connection.</source>
        <translation>在 connect 之前 bind：这个连接使用指定的本机地址和端口。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>connect: the three-way handshake with the server.</source>
        <translation>connect：与服务器进行三次握手，建立连接。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sendall: send every byte (send() may send only part of them).</source>
        <translation>sendall：把所有字节都发出去（send() 可能只发出一部分）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>shutdown(SHUT_WR): tell the server we are done sending (its recv() returns b&apos;&apos;);
we can still receive.</source>
        <translation>shutdown(SHUT_WR)：告诉服务器我们不再发送（它的 recv() 会返回 b&apos;&apos;）；
我们仍然可以接收。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sent {{len(data)}} bytes</source>
        <translation>已发送 {{len(data)}} 字节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>received {{len(data)}} bytes: {{{shown}!r}}</source>
        <translation>收到 {{len(data)}} 字节：{{{shown}!r}}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the server closed the connection</source>
        <translation>服务器已关闭连接</translation>
    </message>
    <message>
        <location filename="../../app/socklab/teaching/codegen/tcp_server.py" line="+87"/>
        <source>SockLab: what the TCP Server tab does, in plain Python (standard socket module only).</source>
        <translation>SockLab：TCP 服务器标签页做的事，用纯 Python 写出来（只用标准库 socket 模块）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run: python3 socklab_demo.py [COUNT]
serves COUNT clients, then quits (default: runs until Ctrl+C).</source>
        <translation>运行：python3 socklab_demo.py [数量]
服务完这么多个客户端后退出（不给则一直运行，按 Ctrl+C 结束）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Like SockLab, this server talks to several clients at once: each accepted
connection gets its own thread. The classic classroom server serves one client
at a time: call serve(conn, address) directly instead of starting a thread.</source>
        <translation>和 SockLab 一样，这个服务器可以同时服务多个客户端：每个连接一个线程。
课堂上经典的服务器一次只服务一个客户端：把启动线程换成直接调用
serve(conn, address) 即可。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Talk to one client until it closes the connection{close_word}.</source>
        <translation>与一个客户端通信，直到它关闭连接{close_word}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> or sends the close word</source>
        <translation>或发来结束词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A message equal to the close word (without its line ending) closes the connection.</source>
        <translation>消息去掉行尾换行后等于结束词时，关闭这个连接。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Auto-reply: send the same bytes back (echo).</source>
        <translation>自动回复：原样发回（回显）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auto-reply: the fixed answer.</source>
        <translation>自动回复：固定的回答。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The fixed answer, in {encoding}.</source>
        <translation>固定的回答，使用 {encoding} 编码。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The close word, in {encoding}.</source>
        <translation>结束词，使用 {encoding} 编码。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>close: end this connection (the client&apos;s recv() returns b&apos;&apos;).</source>
        <translation>close：结束这个连接（客户端的 recv() 会返回 b&apos;&apos;）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>listen({backlog}): start accepting; up to {backlog} connections may wait for accept().</source>
        <translation>listen({backlog})：开始监听；最多 {backlog} 个连接可以排队等待 accept()。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>accept: wait for the next client; returns a new socket for it and its address.</source>
        <translation>accept：等待下一个客户端；返回与它通信的新套接字和它的地址。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At most {limit} clients at once: each one takes a place until it leaves.</source>
        <translation>最多同时服务 {limit} 个客户端：每个客户端占一个名额，离开时归还。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Give the place back: another client may come in.</source>
        <translation>归还名额：可以接受新的客户端了。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No place free: turn this client away.</source>
        <translation>没有空名额：拒绝这个客户端。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop listening, then wait for the clients still connected.</source>
        <translation>停止监听，再等待仍在连接的客户端结束。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How many clients to serve (command line); 0 means no limit.</source>
        <translation>要服务多少个客户端（命令行参数）；0 表示不限。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>listening on</source>
        <translation>正在监听</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>client connected:</source>
        <translation>客户端已连接：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connection closed:</source>
        <translation>连接已关闭：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>close word received, closing</source>
        <translation>收到结束词，关闭连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too many clients, turned away:</source>
        <translation>客户端过多，已拒绝：</translation>
    </message>
    <message>
        <location filename="../../app/socklab/teaching/codegen/udp.py" line="+97"/>
        <source>SockLab: what the UDP tab does, in plain Python (standard socket module only).</source>
        <translation>SockLab：UDP 标签页做的事，用纯 Python 写出来（只用标准库 socket 模块）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run: python3 socklab_demo.py [COUNT]
quits after COUNT datagrams (default: runs until Ctrl+C).</source>
        <translation>运行：python3 socklab_demo.py [数量]
收到这么多个数据报后退出（不给则一直运行，按 Ctrl+C 结束）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run: python3 socklab_demo.py [COUNT]
quits after sending COUNT datagrams (default: runs until Ctrl+C).</source>
        <translation>运行：python3 socklab_demo.py [数量]
发送这么多个数据报后退出（不给则一直发送，按 Ctrl+C 结束）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Create a UDP socket: SOCK_DGRAM (datagrams), {family}.</source>
        <translation>创建 UDP 套接字：SOCK_DGRAM（数据报），{family}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SO_REUSEADDR: let several sockets bind the same port
(e.g. several programs listening to the same broadcasts).</source>
        <translation>SO_REUSEADDR：允许多个套接字绑定同一个端口
（例如几个程序同时接收同一个广播）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SO_BROADCAST: allow sending to a broadcast address (without it: permission denied).</source>
        <translation>SO_BROADCAST：允许向广播地址发送（不设置它会得到“权限被拒绝”）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No bind(): the first sendto() binds the socket to a free port the system chooses.</source>
        <translation>没有调用 bind()：第一次 sendto() 会自动绑定到系统挑选的空闲端口。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Where the datagrams go (host, port).</source>
        <translation>数据报发往的地址（主机, 端口）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sendto: send one datagram; it arrives whole or not at all.</source>
        <translation>sendto：发送一个数据报；它要么完整到达，要么根本不到达。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send every {interval} s until the count is reached (or Ctrl+C).</source>
        <translation>每 {interval} 秒发送一次，直到达到指定数量（或按 Ctrl+C）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send until the count is reached (or Ctrl+C).</source>
        <translation>一直发送，直到达到指定数量（或按 Ctrl+C）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(SockLab also shows replies while it sends; a script would need a second thread.)</source>
        <translation>（SockLab 在发送的同时还会显示收到的回复；脚本要做到这一点需要再开一个线程。）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The port sendto() chose: replies come back to it.</source>
        <translation>sendto() 自动选用的端口：回复会发到这里。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many to send (command line); 0 means no limit.</source>
        <translation>要发送多少个（命令行参数）；0 表示不限。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>recvfrom({size}): wait for one datagram and its sender&apos;s address.
A longer datagram is cut to {size} bytes and the rest is lost
(Windows raises an error instead).</source>
        <translation>recvfrom({size})：等待一个数据报，同时得到发送方的地址。
比 {size} 字节长的数据报会被截断，多出的部分丢失（Windows 上则会报错）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>bound to</source>
        <translation>已绑定到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the system bound the socket to</source>
        <translation>系统自动绑定到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sent {{len(data)}} bytes to {{destination}}</source>
        <translation>已发送 {{len(data)}} 字节到 {{destination}}</translation>
    </message>
    <message>
        <location filename="../../app/socklab/teaching/codegen/unix.py" line="+14"/>
        <source>bind: create the socket file at this path (it must not exist yet).</source>
        <translation>bind：在这个路径上创建套接字文件（该文件必须尚不存在）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>bind: an abstract name (Linux only): &quot;\0&quot; first, and no file is made.</source>
        <translation>bind：抽象名字（仅 Linux）：以 &quot;\0&quot; 开头，不会产生文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A Unix datagram socket gets replies only with an address of its own:
bind a path in a new temporary folder (both removed at the end).</source>
        <translation>Unix 数据报套接字必须有自己的地址才能收到回复：
在新建的临时目录中绑定一个路径（结束时两者都会删除）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The socket file stays after close(): remove it (SockLab does too).</source>
        <translation>close() 之后套接字文件仍然存在：把它删除（SockLab 也会这样做）。</translation>
    </message>
    <message>
        <location filename="../../app/socklab/teaching/codegen/multicast.py" line="+34"/>
        <source>Join the group {group}: struct ip_mreq holds the group and the address of the
interface to join on (0.0.0.0: the system chooses by its routes).</source>
        <translation>加入组 {group}：struct ip_mreq 包含组地址和要加入的网卡的地址
（0.0.0.0：由系统按路由选择）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Join the group {group} on {name}: struct ip_mreqn (Linux) holds the group,
an address (0.0.0.0: any) and the interface&apos;s index.</source>
        <translation>在 {name} 上加入组 {group}：struct ip_mreqn（Linux）包含组地址、
一个地址（0.0.0.0：任意）和网卡的编号。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Source-specific join (SSM): only what {source} sends to {group} arrives.
struct ip_mreq_source, in Linux&apos;s order: group, interface address, source.
Python&apos;s socket module may lack the option: 39 is its number on Linux.</source>
        <translation>指定源加入（SSM）：只收到 {source} 发往 {group} 的数据报。
struct ip_mreq_source，按 Linux 的顺序：组地址、网卡地址、源地址。
Python 的 socket 模块可能没有这个选项：它在 Linux 上的编号是 39。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Join the group {group}: struct ipv6_mreq holds the group and the index of the
interface to join on (0: the system chooses by its routes).</source>
        <translation>加入组 {group}：struct ipv6_mreq 包含组地址和要加入的网卡的编号
（0：由系统按路由选择）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Source-specific join (MLDv2): only what {source} sends to {group} arrives.
struct group_source_req: the interface&apos;s index, then the group and the source
as 128-byte socket addresses (sockaddr_storage). 46 is its number on Linux.</source>
        <translation>指定源加入（MLDv2）：只收到 {source} 发往 {group} 的数据报。
struct group_source_req：网卡编号，然后是组地址和源地址，
各为 128 字节的套接字地址（sockaddr_storage）。它在 Linux 上的编号是 46。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>An IPv6 address as a sockaddr_in6 (port 0) in a sockaddr_storage.</source>
        <translation>把 IPv6 地址写成放在 sockaddr_storage 里的 sockaddr_in6（端口 0）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>IP_MULTICAST_TTL: how many routers a datagram to a group may cross
(1: this network only).</source>
        <translation>IP_MULTICAST_TTL：发往组的数据报最多可以经过多少个路由器
（1：只在本网络内）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>IPV6_MULTICAST_HOPS: the hop limit of datagrams to a group (1: this link only).</source>
        <translation>IPV6_MULTICAST_HOPS：发往组的数据报的跳数限制（1：只在本链路内）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Multicast loopback 0: no copy for members on this machine.</source>
        <translation>组播回环 0：本机上的成员不会收到副本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send the datagrams for groups out of the interface {name}.</source>
        <translation>发往组的数据报从网卡 {name} 发出。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>joined</source>
        <translation>已加入</translation>
    </message>
    <message>
        <location filename="../../app/socklab/teaching/codegen/tls.py" line="+23"/>
        <source>TLS: create_default_context() verifies the server&apos;s certificate and its name
(against the system&apos;s CAs, or the CA file given as cafile).</source>
        <translation>TLS：create_default_context() 会验证服务器的证书及其名称
（用系统的 CA，或用 cafile 指定的 CA 文件）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Verification off: any certificate is accepted, so anyone in the middle can read
the connection. Only for a test.</source>
        <translation>关闭验证：接受任何证书，处在中间的任何人都能读到这个连接的内容。
只应在测试时这样做。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refuse TLS versions older than 1.2 (SockLab&apos;s minimum too).</source>
        <translation>拒绝 1.2 以前的 TLS 版本（SockLab 的最低版本也是 1.2）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Our client certificate and its private key, for a server that asks for one.</source>
        <translation>我们的客户端证书及其私钥，供要求客户端证书的服务器验证。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server&apos;s certificate and its private key (the clients verify it).</source>
        <translation>服务器的证书及其私钥（客户端会验证它）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ALPN: the application protocols we speak, preferred first.</source>
        <translation>ALPN：我们支持的应用层协议，优先的在前。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>TLS: a server-side context (PROTOCOL_TLS_SERVER).</source>
        <translation>TLS：服务器端的上下文（PROTOCOL_TLS_SERVER）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every client must send a certificate, signed by one of these CAs.</source>
        <translation>每个客户端都必须发送证书，并且由这些 CA 之一签发。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ask each client for a certificate; one that is sent must be signed by these CAs.</source>
        <translation>向每个客户端索要证书；客户端发来的证书必须由这些 CA 签发。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>wrap_socket: the TLS handshake (do_handshake) over the connected socket;
server_hostname is sent as SNI and checked against the certificate.</source>
        <translation>wrap_socket：在已连接的套接字上进行 TLS 握手（do_handshake）；
server_hostname 作为 SNI 发送，并用来核对证书。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>wrap_socket(server_side=True): the TLS handshake with this client; a client
that does not speak TLS (or lacks a required certificate) fails here.</source>
        <translation>wrap_socket(server_side=True)：与这个客户端进行 TLS 握手；不使用 TLS 的客户端
（或缺少所要求证书的客户端）会在这里失败。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>getpeercert(): the peer&apos;s certificate as a dict (empty when it was not verified).</source>
        <translation>getpeercert()：以字典形式返回对端的证书（未验证时为空）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>TLS session:</source>
        <translation>TLS 会话：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TLS handshake failed:</source>
        <translation>TLS 握手失败：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>peer certificate:</source>
        <translation>对端证书：</translation>
    </message>
</context>
<context>
    <name>CountersBar</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/counters_bar.py" line="+170"/>
        <source>Copy counters</source>
        <translation>复制计数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exact totals since the socket was opened, and the rate over the last second</source>
        <translation>自套接字打开以来的精确总数，以及最近一秒的速率</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Datagrams the operating system discarded because the receive buffer was full</source>
        <translation>因接收缓冲区已满而被操作系统丢弃的数据报</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>datagram</source>
        <translation>数据报</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>datagrams</source>
        <translation>数据报</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>chunk</source>
        <translation>数据块</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>chunks</source>
        <translation>数据块</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>packet</source>
        <translation>包</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>packets</source>
        <translation>包</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{direction} {count} {unit}</source>
        <translation>{direction} {count} 个{unit}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} B</source>
        <translation>{count} 字节</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>RX</source>
        <translation>接收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TX</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{count} dropped by the system before SockLab saw them</source>
        <translation>{count} 个在 SockLab 读取之前已被系统丢弃</translation>
    </message>
</context>
<context>
    <name>DatagramTab</name>
    <message>
        <location filename="../../app/socklab/gui/tabs/datagram_tab.py" line="+25"/>
        <source>a UDP datagram carries at most 65,507 bytes over IPv4</source>
        <translation>在 IPv4 上，一个 UDP 数据报最多携带 65,507 字节</translation>
    </message>
</context>
<context>
    <name>Describe</name>
    <message>
        <location filename="../../app/socklab/gui/describe.py" line="+37"/>
        <source>unbound</source>
        <translation>未绑定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bound</source>
        <translation>已绑定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>listening</source>
        <translation>正在监听</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>half-closed</source>
        <translation>半关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>closed by peer</source>
        <translation>对端关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>bound automatically by the first sendto</source>
        <translation>第一次 sendto 时自动绑定</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>recv() returned b&apos;&apos; (the peer closed)</source>
        <translation>recv() 返回 b&apos;&apos;（对端已关闭）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the peer reset the connection</source>
        <translation>对端重置了连接</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>shutdown(SHUT_WR): no more sending, still receiving</source>
        <translation>shutdown(SHUT_WR)：不再发送，仍可接收</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the server stopped</source>
        <translation>服务器已停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>disconnected by the server</source>
        <translation>被服务器断开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>client limit reached</source>
        <translation>已达到客户端数量上限</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>the peer finished sending</source>
        <translation>对端已结束发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reset</source>
        <translation>连接被重置</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>closed to bind again</source>
        <translation>关闭后重新绑定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>closed to connect again</source>
        <translation>关闭后重新连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>restarted</source>
        <translation>已重新启动</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>backlog %1</source>
        <translation>监听队列 %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>error %1</source>
        <translation>错误 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the client sent %1</source>
        <translation>客户端发送了 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, certificate verified</source>
        <translation>%1，证书已验证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, not verified</source>
        <translation>%1，未验证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nothing passed for %1 s</source>
        <translation>%1 秒内没有任何数据经过</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>unnamed</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>bound to %1</source>
        <translation>已绑定到 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>listening on %1</source>
        <translation>正在 %1 上监听</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>connecting to %1</source>
        <translation>正在连接 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>connected %1 ↔ %2</source>
        <translation>已连接 %1 ↔ %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>half-closed (our sending side is shut down)</source>
        <translation>半关闭（本端的发送方向已关闭）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the peer finished sending: recv() returned b&apos;&apos; (it closed, or shut down its sending side); ours is still open</source>
        <translation>对端已结束发送：recv() 返回 b&apos;&apos;（对端已关闭，或只关闭了它的发送方向）；本端仍可发送</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>all interfaces: reachable from the network</source>
        <translation>所有接口：网络上的其他机器可以访问</translation>
    </message>
    <message>
        <location filename="../../app/socklab/gui/membership_words.py" line="+16"/>
        <source>%1 from %2</source>
        <translation>%1（源 %2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 on %2</source>
        <translation>%1，网卡 %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>joined %1</source>
        <translation>已加入 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>left %1</source>
        <translation>已退出 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>member of %1</source>
        <translation>组播成员：%1</translation>
    </message>
</context>
<context>
    <name>Explain</name>
    <message>
        <location filename="../../app/socklab/teaching/explain/texts.py" line="+18"/>
        <source>The address is already in use</source>
        <translation>地址已被占用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another socket is already bound to this address and port: another program, another tab, or an earlier run of your own program. After a TCP connection closes, its port also stays in TIME_WAIT for a minute or two, and bind() refuses it meanwhile.</source>
        <translation>已经有别的套接字绑定了这个地址和端口：可能是另一个程序、另一个标签页，或者你自己的程序上一次运行还没结束。TCP 连接关闭后，端口还会在 TIME_WAIT 状态停留一两分钟，这期间 bind() 也会失败。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop the other program or choose another port. For a server you restart often, set SO_REUSEADDR before bind() (SockLab&apos;s &apos;Reuse address&apos; option): it allows binding a port whose old connections are still in TIME_WAIT.</source>
        <translation>关掉占用端口的程序，或者换一个端口。经常重启的服务器可以在 bind() 之前设置 SO_REUSEADDR（SockLab 的“地址重用”选项），这样即使旧连接还在 TIME_WAIT 也能立即绑定。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Permission denied: sending to a broadcast address</source>
        <translation>权限被拒绝：向广播地址发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The destination is a broadcast address (such as 255.255.255.255 or 192.168.1.255), and the system only lets a socket broadcast when it has asked to: the SO_BROADCAST option is not set. (Less often, a firewall rule refused the datagram.)</source>
        <translation>目的地址是广播地址（例如 255.255.255.255 或 192.168.1.255），而系统只允许明确申请过的套接字发送广播：这个套接字没有设置 SO_BROADCAST 选项。（少数情况下是防火墙拒绝了这个数据报。）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Set the option before sending: sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1) (SockLab&apos;s &apos;Broadcast&apos; option, always on in the Broadcast tab). If it is set already, check the firewall.</source>
        <translation>发送前先设置选项：sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)（即 SockLab 的“广播”选项，广播标签页总是打开它）。如果已经设置了，请检查防火墙。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Permission denied: binding this port</source>
        <translation>权限被拒绝：不能绑定这个端口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ports below 1024 (such as 80 or 443) are reserved: on Linux and macOS only the administrator (root) may bind them. On Windows some port ranges are reserved by the system, or another program holds the port exclusively.</source>
        <translation>1024 以下的端口（例如 80、443）是保留端口：在 Linux 和 macOS 上只有管理员（root）才能绑定。在 Windows 上，有些端口范围被系统保留，或者被别的程序独占了。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Use a port of 1024 or above (e.g. 8080), or run with administrator rights (not recommended for a test). On Windows, &apos;netsh int ipv4 show excludedportrange protocol=tcp&apos; lists the reserved ranges.</source>
        <translation>改用 1024 及以上的端口（例如 8080），或者以管理员身份运行（做测试时不建议）。在 Windows 上可以用 “netsh int ipv4 show excludedportrange protocol=tcp” 查看被保留的端口范围。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Permission denied</source>
        <translation>权限被拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The system refused the operation: the socket was not allowed to do this. Typical causes are a broadcast without SO_BROADCAST, a port below 1024 without administrator rights, or a firewall rule.</source>
        <translation>系统拒绝了这个操作：这个套接字没有权限这样做。常见原因是没有设置 SO_BROADCAST 就发送广播、没有管理员权限却绑定 1024 以下的端口，或者被防火墙规则拦截。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sending to a broadcast address: set SO_BROADCAST. Binding: use a port of 1024 or above. Otherwise check the firewall.</source>
        <translation>发送广播：先设置 SO_BROADCAST。绑定端口：改用 1024 及以上的端口。其他情况请检查防火墙。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The other machine was reached, but nothing is listening on that port: the server is not running, listens on another port, or only on another address (e.g. only on 127.0.0.1). The machine answered the connection request with a reset.</source>
        <translation>对方主机是可达的，但那个端口上没有程序在监听：服务器没有启动、监听的是别的端口，或者只监听在别的地址上（例如只监听 127.0.0.1）。对方主机用一个复位（RST）回答了连接请求。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Start the server first (in SockLab: TCP Server tab, Start), then check that host and port match exactly what the server listens on.</source>
        <translation>先启动服务器（在 SockLab 中：TCP 服务器标签页，点“启动”），再核对主机和端口是否与服务器监听的完全一致。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Refused: nothing receives on that UDP port</source>
        <translation>被拒绝：那个 UDP 端口上没有程序接收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UDP has no connections, so this error is about an EARLIER datagram: it reached the machine, but no program had bound that port, and the machine answered with an ICMP &apos;port unreachable&apos; message. The system reports it on the next call on this socket.</source>
        <translation>UDP 没有连接，所以这个错误说的是之前发出的一个数据报：它到达了对方主机，但没有程序绑定那个端口，对方主机回了一个 ICMP“端口不可达”消息。系统在这个套接字的下一次调用时报告它。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Start the receiver first and check the destination port. The datagram is lost; nothing is wrong with this socket, which can go on sending and receiving.</source>
        <translation>先启动接收方，并核对目的端口。那个数据报已经丢失；这个套接字本身没有问题，可以继续收发。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connection reset by the peer</source>
        <translation>连接被对方重置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The other side ended the connection abruptly (a TCP reset) instead of closing it normally: its program crashed or was killed, closed the socket with data still unread, or a firewall cut the connection.</source>
        <translation>对方突然中断了连接（发送了 TCP 复位 RST），而不是正常关闭：对方程序崩溃或被强制结束，在还有数据没读取时关闭了套接字，或者防火墙切断了连接。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connect again. If it keeps happening, look at the other side: it should read what it was sent and close() the connection normally.</source>
        <translation>重新连接。如果经常发生，请检查对方程序：它应当读完收到的数据，再正常 close() 连接。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reset on UDP: an earlier datagram was refused (Windows error 10054)</source>
        <translation>UDP 上的“连接重置”：之前的数据报被拒收（Windows 错误 10054）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>UDP has no connections to reset. On Windows, error 10054 (WSAECONNRESET) on a UDP socket means an EARLIER datagram reached a machine where no program receives on that port, and it answered with an ICMP &apos;port unreachable&apos; message. Windows reports it on the next recvfrom().</source>
        <translation>UDP 没有连接，谈不上重置。在 Windows 上，UDP 套接字的 10054 错误（WSAECONNRESET）表示之前发出的某个数据报到达的主机上，那个端口没有程序接收，对方回了 ICMP“端口不可达”消息；Windows 在下一次 recvfrom() 时报告它。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Start the receiver first and check the destination port. The socket still works: catch the error and keep receiving (or turn the report off with SIO_UDP_CONNRESET).</source>
        <translation>先启动接收方，并核对目的端口。套接字仍然可用：捕获这个错误后继续接收即可（也可以用 SIO_UDP_CONNRESET 关闭这种报告）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No answer came in time. When connecting, the request got no reply at all: the host is off or does not exist, a firewall silently drops the packets, or the address is wrong. (A host that is up but has no server on the port would refuse at once.)</source>
        <translation>在规定时间内没有收到回应。连接时请求完全没有得到答复：对方主机关机或不存在、防火墙悄悄丢弃了数据包，或者地址写错了。（主机开着但端口上没有服务器的话，会立刻拒绝连接。）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Check the address and that the machine is up (ping it); check firewalls on the way and on the server. A longer timeout only helps on a very slow network.</source>
        <translation>核对地址，确认对方主机在运行（可以 ping 一下），检查路上和服务器上的防火墙。只有网络非常慢时，加长超时时间才有用。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Host unreachable</source>
        <translation>主机不可达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no way to that machine: on its own network nobody answers for that address (it is off or does not exist), or a router reported that it cannot reach it.</source>
        <translation>无法到达那台主机：在它所在的网络里没有设备响应这个地址（主机关机或不存在），或者路由器报告无法到达它。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check the address (a typo in the last number is common) and that the machine is on and on the same network; check the cables or Wi-Fi.</source>
        <translation>核对地址（最后一段数字写错很常见），确认对方主机已开机并且在同一个网络中；检查网线或 Wi-Fi。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Network unreachable</source>
        <translation>网络不可达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This machine has no route to that network: it is not connected to any network, or the address belongs to a network it has no way to reach (no default gateway; or an IPv6 address without IPv6 connectivity).</source>
        <translation>本机没有通往那个网络的路由：本机没有连接任何网络，或者目的地址所在的网络无法到达（没有默认网关；或者在没有 IPv6 连接的情况下使用了 IPv6 地址）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Check that this machine is connected (cable, Wi-Fi) and has an address and gateway; check that the destination address is right. For a test on this machine, use 127.0.0.1.</source>
        <translation>检查本机是否已联网（网线、Wi-Fi），是否有 IP 地址和网关；核对目的地址。只在本机测试时，请使用 127.0.0.1。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Message too long</source>
        <translation>消息太长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A UDP datagram must fit in one IP packet: at most 65,507 bytes of data over IPv4 (65,527 over IPv6). This one is larger, or larger than the network interface allows with the don&apos;t-fragment flag. (On Windows, 10040 also means a received datagram was larger than the recvfrom() buffer.)</source>
        <translation>一个 UDP 数据报必须装进一个 IP 包：IPv4 上最多 65,507 字节数据（IPv6 上 65,527 字节）。这个数据报超过了上限，或者超过了网卡在“禁止分片”时允许的大小。（在 Windows 上，10040 也可能表示收到的数据报比 recvfrom() 的缓冲区大。）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Send less in one datagram: split the data into several datagrams, or use TCP, which carries a stream of any length. When receiving, give recvfrom() a larger buffer.</source>
        <translation>每个数据报少发一些：把数据拆成几个数据报，或者改用 TCP（TCP 是字节流，长度不限）。接收时请给 recvfrom() 更大的缓冲区。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Address not available on this machine</source>
        <translation>本机没有这个地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A socket can only bind to an address that one of this machine&apos;s network interfaces has. This address belongs to another machine, or the interface that had it is down or got a new address. (Connecting to 0.0.0.0 or to port 0 fails the same way.)</source>
        <translation>套接字只能绑定本机某个网卡拥有的地址。这个地址属于别的主机，或者拥有它的网卡已经断开、换了地址。（连接到 0.0.0.0 或端口 0 也会这样失败。）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bind to 0.0.0.0 (every address of this machine), to 127.0.0.1, or to one of the addresses the interface list shows. To reach another machine, put its address in the remote address, not in the local one.</source>
        <translation>绑定到 0.0.0.0（本机所有地址）、127.0.0.1，或网卡列表中显示的某个地址。要访问别的主机，请把它的地址填在远程地址里，而不是本地地址里。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot resolve the host name</source>
        <translation>无法解析主机名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The name could not be turned into an IP address: it is misspelt, it does not exist, or this machine cannot reach its DNS server (no network).</source>
        <translation>无法把这个名字转换成 IP 地址：名字拼错了、名字不存在，或者本机连不上 DNS 服务器（没有联网）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check the spelling, or type the IP address itself (e.g. 192.168.1.20). For this machine use 127.0.0.1 or localhost.</source>
        <translation>检查拼写，或者直接填写 IP 地址（例如 192.168.1.20）。表示本机请用 127.0.0.1 或 localhost。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Broken pipe: the connection is closed</source>
        <translation>管道破裂：连接已经关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The program wrote to a connection that the other side has already closed (or that this side shut down for sending). Nothing more can be sent on it.</source>
        <translation>程序向一个对方已经关闭（或本方已经关闭发送方向）的连接写数据，这个连接上不能再发送了。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check the connection before sending: when recv() returns b&apos;&apos; the peer has closed it. Connect again to send more.</source>
        <translation>发送前先确认连接还在：recv() 返回 b&apos;&apos; 就表示对方已关闭。要继续发送，请重新连接。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not connected</source>
        <translation>尚未连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The operation needs a connected socket: the TCP client has not connected yet, or its connection has already ended.</source>
        <translation>这个操作需要已连接的套接字：TCP 客户端还没有连接，或者连接已经结束。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Connect first (connect(), or Connect in SockLab), and connect again after the connection has closed.</source>
        <translation>先建立连接（调用 connect()，或在 SockLab 中点“连接”）；连接关闭后需要重新连接。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connection aborted</source>
        <translation>连接被中止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The connection was ended on this machine: the system gave up on it (too many retransmissions, a timeout) or the other side reset it before it was accepted.</source>
        <translation>连接在本机被终止：系统放弃了这个连接（重传次数过多、超时），或者对方在连接被 accept 之前就重置了它。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Connect again. If it repeats, check the network between the two machines.</source>
        <translation>重新连接。如果反复出现，请检查两台主机之间的网络。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Address family not supported</source>
        <translation>不支持的地址族</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The socket&apos;s family and the address do not match (an IPv4 socket given an IPv6 address or the other way round), or IPv6 is turned off on this machine.</source>
        <translation>套接字的地址族与地址不匹配（IPv4 套接字用了 IPv6 地址，或反过来），或者本机关闭了 IPv6。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Use an address of the same family as the socket: AF_INET with 127.0.0.1, AF_INET6 with ::1.</source>
        <translation>使用与套接字同一地址族的地址：AF_INET 配 127.0.0.1，AF_INET6 配 ::1。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The socket file already exists</source>
        <translation>套接字文件已经存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bind() on a Unix socket path creates a file there and refuses a path where a file already is: a program listening on it, or a stale file left by a program that ended without removing it (a crash, kill -9). An abstract name (@name) has no file: another socket holds it.</source>
        <translation>在 Unix 套接字路径上 bind() 会在那里创建一个文件；如果该路径上已有文件，bind() 会拒绝：要么有程序正在监听它，要么是某个程序结束时没有删除而留下的残留文件（程序崩溃、kill -9）。抽象名字（@名字）没有文件：是另一个套接字占用了它。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>If nothing listens on it (SockLab checks), remove the file: &apos;Remove the stale file and listen&apos; does so, or rm the path; otherwise choose another path. A server should remove its socket file when it closes.</source>
        <translation>如果没有程序在监听（SockLab 会检查），就删除该文件：点击“删除残留文件并监听”，或用 rm 删除该路径；否则请换一个路径。服务器关闭时应删除自己的套接字文件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Nothing is listening on this Unix socket</source>
        <translation>没有程序在监听这个 Unix 套接字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The socket file exists but no program accepts on it (a stale file), or, for datagrams, no socket is bound at that address any more.</source>
        <translation>套接字文件存在，但没有程序在它上面接受连接（残留文件）；对于数据报，则是该地址上已经没有绑定的套接字。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start the server or the receiver first, or check the path.</source>
        <translation>先启动服务器或接收方，或检查路径。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No socket file at this path</source>
        <translation>该路径上没有套接字文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing exists at this path: the server is not running (it creates the file when it binds), or the path is misspelled.</source>
        <translation>该路径上什么都没有：服务器没有运行（服务器在 bind 时才创建该文件），或者路径写错了。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start the server first, or correct the path (paths are case-sensitive).</source>
        <translation>先启动服务器，或更正路径（路径区分大小写）。</translation>
    </message>
    <message>
        <location filename="../../app/socklab/teaching/explain/multicast_texts.py" line="+11"/>
        <source>No such device: no interface to join the group on</source>
        <translation>没有这个设备：没有可以加入该组的网卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A join needs an interface. Without one, the system takes the interface its route to the group goes through, and there is no route for 224.0.0.0/4 (often: no default route); or the interface named does not exist (an unknown name or index, or an IPv4 address no interface has).</source>
        <translation>加入组播组需要一个网卡。没有指定时，系统使用通往该组的路由所经过的网卡，而这里没有 224.0.0.0/4 的路由（常见原因：没有默认路由）；或者指定的网卡不存在（未知的名称或编号，或者没有任何网卡拥有的 IPv4 地址）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose the interface in the Interface field (a name such as eth0, or its address), or add a route for multicast: ip route add 224.0.0.0/4 dev eth0.</source>
        <translation>在&quot;网卡&quot;栏中选择网卡（名称如 eth0，或它的地址），或者为组播添加路由：ip route add 224.0.0.0/4 dev eth0。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Address not available: this group or interface</source>
        <translation>地址不可用：该组或网卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leaving: the socket is not a member of this group on this interface (with this source). Joining or choosing the outgoing interface: the address given as the interface is not an address of this machine.</source>
        <translation>退出组时：该套接字并没有在这个网卡上（以这个源）加入该组。加入组或选择发送网卡时：作为网卡给出的地址不是本机的地址。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Leave exactly what was joined (the joined groups are listed), and give an interface by its name or by an address this machine has (&apos;ip addr&apos; lists them).</source>
        <translation>只能退出已经加入的组（已加入的组都列在列表中）；网卡请用名称或本机拥有的地址给出（&apos;ip addr&apos; 可以列出）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Already a member of this group</source>
        <translation>已经是该组的成员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The socket has joined this group on this interface (from this source) already: a socket joins a group once per interface.</source>
        <translation>该套接字已经在这个网卡上（以这个源）加入了该组：一个套接字在每个网卡上只能加入同一个组一次。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing to do: datagrams to the group already arrive. To join it on another interface, choose that interface.</source>
        <translation>无需操作：发往该组的数据报已经能收到。如要在另一个网卡上加入，请选择那个网卡。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No multicast route: the network is unreachable</source>
        <translation>没有组播路由：网络不可达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The system sends a datagram for a group out of the interface its route to the group goes through, and it has no route for it (no default route and none for 224.0.0.0/4 or ff00::/8 on that interface).</source>
        <translation>系统从通往该组的路由所经过的网卡发出组播数据报，而这里没有这样的路由（没有默认路由，也没有该网卡上 224.0.0.0/4 或 ff00::/8 的路由）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose the outgoing interface (IP_MULTICAST_IF: SockLab&apos;s Interface field, the CLI&apos;s --iface), or add a route: ip route add 224.0.0.0/4 dev eth0.</source>
        <translation>选择发送网卡（IP_MULTICAST_IF：SockLab 的&quot;网卡&quot;栏，命令行的 --iface），或者添加路由：ip route add 224.0.0.0/4 dev eth0。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The interface has no MULTICAST flag</source>
        <translation>该网卡没有 MULTICAST 标志</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Multicast is switched off on this interface (&apos;ip link&apos; shows no MULTICAST among its flags; loopback often has none). The system accepts a join on it, but datagrams to the group do not go over it, so nothing would arrive.</source>
        <translation>该网卡关闭了组播（&apos;ip link&apos; 显示的标志中没有 MULTICAST；回环网卡通常没有）。系统会接受在它上面加入组，但发往该组的数据报不会经过它，所以什么也收不到。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose an interface with the flag (eth0, wlan0 ...), or switch multicast on: ip link set DEV multicast on.</source>
        <translation>选择带有该标志的网卡（eth0、wlan0 等），或者打开组播：ip link set DEV multicast on。</translation>
    </message>
    <message>
        <location filename="../../app/socklab/teaching/explain/socket_states.py" line="+17"/>
        <source>LISTEN: a server socket after listen(). It takes no data itself: each finished handshake waits in its queue until accept() takes it (Recv-Q: how many wait now).</source>
        <translation>LISTEN（监听）：调用 listen() 之后的服务器套接字。它本身不收数据：每个完成三次握手的连接在它的队列里等待 accept() 取走（Recv-Q：当前等待的个数）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SYN_SENT: connect() has sent its SYN and waits for the server&apos;s SYN-ACK (the first step of the three-way handshake).</source>
        <translation>SYN_SENT（已发送 SYN）：connect() 已发出 SYN，正在等待服务器的 SYN-ACK（三次握手的第一步）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SYN_RECV: a client&apos;s SYN arrived and the SYN-ACK went back; the handshake&apos;s last ACK has not arrived yet.</source>
        <translation>SYN_RECV（已收到 SYN）：客户端的 SYN 已到达，SYN-ACK 已发回；握手的最后一个 ACK 还没有到。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>NEW_SYN_RECV: a client&apos;s SYN arrived and the SYN-ACK went back; the handshake&apos;s last ACK has not arrived yet (Linux&apos;s light-weight form of SYN_RECV).</source>
        <translation>NEW_SYN_RECV：客户端的 SYN 已到达，SYN-ACK 已发回；握手的最后一个 ACK 还没有到（Linux 中 SYN_RECV 的轻量形式）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ESTABLISHED: the connection is open, both sides may send. Recv-Q: bytes that arrived and the program has not read with recv() yet; Send-Q: bytes sent that the peer has not acknowledged yet.</source>
        <translation>ESTABLISHED（已建立）：连接已打开，双方都可以发送。Recv-Q：已到达但程序还没有用 recv() 读走的字节；Send-Q：已发送但对端还没有确认的字节。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>FIN_WAIT1: this side closed first (close() or shutdown(SHUT_WR)); its FIN is on its way and not acknowledged yet.</source>
        <translation>FIN_WAIT1：本端先关闭（close() 或 shutdown(SHUT_WR)）；它的 FIN 已发出，还没有被确认。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>FIN_WAIT2: this side closed first and the peer acknowledged its FIN; now it waits for the peer to close too.</source>
        <translation>FIN_WAIT2：本端先关闭，对端已确认它的 FIN；现在等待对端也关闭。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>CLOSE_WAIT: the peer closed (its FIN arrived: recv() returns b&apos;&apos;), this side has not closed yet. It stays so until the program calls close(): many of them mean a program that forgets to close its connections.</source>
        <translation>CLOSE_WAIT（等待关闭）：对端已关闭（它的 FIN 已到达：recv() 返回 b&apos;&apos;），本端还没有关闭。程序调用 close() 之前一直停在这里：大量出现说明程序忘了关闭连接。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>CLOSING: both sides closed at the same moment; waiting for the peer to acknowledge this side&apos;s FIN.</source>
        <translation>CLOSING：双方同时关闭；正在等待对端确认本端的 FIN。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>LAST_ACK: the peer closed first, then this side closed; waiting for the peer to acknowledge this side&apos;s FIN. Then the socket is gone, with no TIME_WAIT.</source>
        <translation>LAST_ACK：对端先关闭，随后本端关闭；正在等待对端确认本端的 FIN。之后套接字就消失了，不会进入 TIME_WAIT。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>TIME_WAIT: this side closed first. The kernel keeps the connection&apos;s pair of addresses for 60 seconds (twice the longest time a packet may live) so that a late packet of the old connection is not taken for part of a new one; then the row vanishes by itself (Timer: the seconds left). No program holds it any more, so it is found by its port. The side that closed second has none. SO_REUSEADDR lets a server bind its port again meanwhile.</source>
        <translation>TIME_WAIT：本端先关闭。内核把这个连接的两端地址保留 60 秒（数据包最长存活时间的两倍），以免旧连接迟到的数据包被当成新连接的数据；之后这一行会自动消失（“计时”列：剩余秒数）。它已不属于任何程序，所以按端口找到它。后关闭的一方没有 TIME_WAIT。设置 SO_REUSEADDR 后，服务器在此期间也能重新绑定这个端口。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>CLOSE: the socket is closed.</source>
        <translation>CLOSE：套接字已关闭。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UNCONN: a UDP (or Unix datagram) socket that is not connected: it takes datagrams from anyone, and sendto() names each one&apos;s destination. Recv-Q / Send-Q: kernel memory (bytes, with bookkeeping) of the datagrams waiting to be read / to be sent.</source>
        <translation>UNCONN（未连接）：没有 connect() 的 UDP（或 Unix 数据报）套接字：接收任何人发来的数据报，每次 sendto() 指定目的地址。Recv-Q / Send-Q：等待读取 / 等待发送的数据报占用的内核内存（字节，含管理开销）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>CONNECTED: a UDP (or Unix datagram) socket after connect(): it takes datagrams from that peer only, and send() goes to it.</source>
        <translation>CONNECTED（已连接）：调用 connect() 之后的 UDP（或 Unix 数据报）套接字：只接收该对端的数据报，send() 发往该对端。</translation>
    </message>
    <message>
        <location filename="../../app/socklab/teaching/explain/texts_tls.py" line="+12"/>
        <source>Certificate verify failed</source>
        <translation>证书验证失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The peer&apos;s certificate did not pass the checks: the reason after the colon says which one (its CA is not trusted, it has expired, it is not valid for this name, it was made for another purpose).</source>
        <translation>对端的证书没有通过检查：冒号后面的原因说明是哪一项（签发它的 CA 不受信任、证书已过期、证书不适用于这个名称、证书的用途不对）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fix what the reason names: choose the CA file that signed the certificate, renew it, or connect by a name it lists. Turning verification off makes the connection readable to whoever sits in the middle: only for a test.</source>
        <translation>按原因处理：选择签发该证书的 CA 文件、更新证书，或用证书中列出的名称连接。关闭验证后，处在中间的任何人都能读到这个连接的内容：只应在测试时这样做。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Unknown CA: the certificate is not trusted</source>
        <translation>未知 CA：证书不受信任</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The certificate was signed by a CA this side does not trust, or it signed itself (a self-signed certificate). Only the system&apos;s CAs are trusted unless a CA file is chosen.</source>
        <translation>证书由本方不信任的 CA 签发，或者是自己签发的（自签名证书）。没有选择 CA 文件时，只信任系统自带的 CA。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose the CA file that signed the peer&apos;s certificate (for a self-signed one: the certificate itself, and check its SHA-256 fingerprint). A server that reports it does not trust your client certificate: give it your CA.</source>
        <translation>选择签发对端证书的 CA 文件（自签名证书就选它本身，并核对它的 SHA-256 指纹）。如果是服务器报告不信任你的客户端证书：把你的 CA 交给服务器。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Hostname mismatch</source>
        <translation>主机名不匹配</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The certificate is valid, but not for the name (or IP address) we connected to: its subject alternative names list other names. The name checked is the server name field, else the host.</source>
        <translation>证书本身有效，但不适用于我们连接时使用的名称（或 IP 地址）：它的“使用者可选名称”中列的是别的名称。检查的名称是“服务器名称”栏，没填则是主机地址。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connect by a name the certificate lists (tlsInfo shows them after a connection without verification), or set the server name (SNI) to one of them.</source>
        <translation>用证书中列出的名称连接（关闭验证连接一次，TLS 信息中会显示这些名称），或把服务器名称（SNI）设为其中之一。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The certificate has expired</source>
        <translation>证书已过期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The certificate&apos;s validity period is over (or this machine&apos;s clock is wrong).</source>
        <translation>证书的有效期已过（或者本机时钟不对）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Renew the certificate (SockLab&apos;s server makes a new self-signed one when the kept one is near its end), and check the date of both machines.</source>
        <translation>更新证书（保存的自签名证书快到期时，SockLab 的服务器会重新生成一个），并检查两台机器的日期。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Wrong version number: TLS on one side only</source>
        <translation>版本号错误（wrong version number）：只有一方在使用 TLS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What arrived is not a TLS record: one side speaks TLS and the other plain TCP (a TLS client to a plain server, or the reverse), or the peer only knows TLS versions older than 1.2.</source>
        <translation>收到的不是 TLS 记录：一方使用 TLS，另一方是普通 TCP（TLS 客户端连到普通服务器，或者反过来），或者对端只支持 1.2 以前的 TLS 版本。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Turn TLS on (or off) on both sides, and check the port: many services have a plain port and a TLS one (80 and 443).</source>
        <translation>让两边同时打开（或同时关闭）TLS，并检查端口：很多服务有一个普通端口和一个 TLS 端口（如 80 和 443）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The TLS handshake timed out</source>
        <translation>TLS 握手超时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The TCP connection was made, but the peer never answered the TLS handshake: it is a plain TCP program waiting for us to speak first, or it is stuck.</source>
        <translation>TCP 连接已建立，但对端一直没有回应 TLS 握手：它可能是普通的 TCP 程序，在等我们先发数据，或者它卡住了。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Check that the peer speaks TLS on this port; raise the timeout for a slow peer.</source>
        <translation>确认对端在这个端口上使用 TLS；对端较慢时调大超时时间。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A client certificate is required</source>
        <translation>需要客户端证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server asks every client for a certificate (CERT_REQUIRED) and this client sent none.</source>
        <translation>服务器要求每个客户端提供证书（CERT_REQUIRED），而这个客户端没有发送证书。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose a client certificate and its key, signed by a CA the server trusts; or let the server stop requiring one.</source>
        <translation>选择由服务器信任的 CA 签发的客户端证书及其私钥；或者让服务器不再要求客户端证书。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The TLS handshake failed</source>
        <translation>TLS 握手失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The two sides could not agree on a TLS session: the reason after the colon says what OpenSSL saw (no version, cipher or ALPN protocol in common, a certificate refused, a connection closed in the middle).</source>
        <translation>双方没能建立 TLS 会话：冒号后面的原因是 OpenSSL 看到的情况（没有共同的版本、加密套件或 ALPN 协议，证书被拒绝，连接中途被关闭）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Compare both sides&apos; settings: TLS versions (1.2 at least here), ALPN names, certificates. openssl s_client -connect HOST:PORT shows what a server offers.</source>
        <translation>对比两边的设置：TLS 版本（这里至少 1.2）、ALPN 名称、证书。openssl s_client -connect 主机:端口 可以显示服务器提供的内容。</translation>
    </message>
</context>
<context>
    <name>FastPathNote</name>
    <message>
        <location filename="../../app/socklab/gui/tabs/fast_path_note.py" line="+21"/>
        <source>GSO: %1 x %2 B</source>
        <translation>GSO：每次发送 %1 × %2 B</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>GSO refused by the kernel: %1; using %2</source>
        <translation>内核拒绝了 GSO：%1；改用 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>GSO off; using %1</source>
        <translation>GSO 已关闭；使用 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no GSO for %2 B datagrams (fewer than 2 fit in one send); using %1</source>
        <translation>%2 B 的数据报不用 GSO（一次发送放不下 2 个）；使用 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no GSO on this system; using %1</source>
        <translation>本系统没有 GSO；使用 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>template fields: each datagram its own payload, no GSO; using %1</source>
        <translation>模板字段：每个数据报各有其载荷，不用 GSO；使用 %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>GRO refused by the kernel: %1</source>
        <translation>内核拒绝了 GRO：%1</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/fields.py" line="+150"/>
        <source>IPv6 only</source>
        <translation>仅 IPv6</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1): a socket bound to :: takes IPv6 only. Off (the default, dual stack) it takes IPv4 peers too, shown as 127.0.0.1 (the kernel names them ::ffff:127.0.0.1).</source>
        <translation>setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1)：绑定在 :: 上的套接字只接收 IPv6。不勾选（默认，双栈）时也接收 IPv4 对端，显示为 127.0.0.1（内核中的写法是 ::ffff:127.0.0.1）。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>This machine only (loopback)</source>
        <translation>仅本机（环回）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>0.0.0.0 — all interfaces (reachable from the network)</source>
        <translation>0.0.0.0 — 所有网卡（网络上的其他主机可以访问）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>:: — all IPv6 interfaces</source>
        <translation>:: — 所有 IPv6 网卡</translation>
    </message>
    <message>
        <location filename="../../app/socklab/gui/widgets/field_guards.py" line="+34"/>
        <source>%1 is more than %2, the most this field takes: it is set to %2</source>
        <translation>%1 大于本字段允许的最大值 %2：已设为 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 is less than %2, the least this field takes: it is set to %2</source>
        <translation>%1 小于本字段允许的最小值 %2：已设为 %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 is not a number from %2 to %3: the field keeps %4</source>
        <translation>%1 不是 %2 到 %3 之间的数字：本字段保持 %4</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 has more decimals than this field keeps: it is set to %2</source>
        <translation>%1 的小数位数超过本字段的精度：已设为 %2</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>This field holds at most %1 characters: what did not fit was left out</source>
        <translation>本字段最多容纳 %1 个字符：超出的部分未放入</translation>
    </message>
    <message>
        <location filename="../../app/socklab/gui/widgets/long_text.py" line="+35"/>
        <source>(%1 characters)</source>
        <translation>（共 %1 个字符）</translation>
    </message>
</context>
<context>
    <name>KernelSocketsModel</name>
    <message>
        <location filename="../../app/socklab/gui/models/kernel_sockets_model.py" line="+111"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Family</source>
        <translation>地址族</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Local address</source>
        <translation>本地地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remote address</source>
        <translation>对端地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recv-Q</source>
        <translation>Recv-Q</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send-Q</source>
        <translation>Send-Q</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timer</source>
        <translation>计时</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>AF_INET (IPv4), AF_INET6 (IPv6) or AF_UNIX: the socket&apos;s address family</source>
        <translation>AF_INET（IPv4）、AF_INET6（IPv6）或 AF_UNIX：套接字的地址族</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>TCP (SOCK_STREAM) or UDP (SOCK_DGRAM); for a Unix socket STREAM, DGRAM or SEQPACKET</source>
        <translation>TCP（SOCK_STREAM）或 UDP（SOCK_DGRAM）；Unix 套接字为 STREAM、DGRAM 或 SEQPACKET</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Where the socket is bound (getsockname())</source>
        <translation>套接字绑定的地址（getsockname()）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The peer (getpeername()); — for none</source>
        <translation>对端地址（getpeername()）；— 表示没有</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The socket&apos;s state in the kernel: hover over a state for what it means</source>
        <translation>套接字在内核中的状态：鼠标悬停在状态上可查看含义</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bytes that arrived and wait for the program&apos;s recv() (LISTEN: connections waiting for accept())</source>
        <translation>已到达、等待程序 recv() 读取的字节（LISTEN：等待 accept() 的连接数）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bytes sent that the peer has not acknowledged yet (UDP: waiting to be sent)</source>
        <translation>已发送但对端尚未确认的字节（UDP：等待发送的）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>TIME_WAIT: the seconds left before the kernel forgets the connection</source>
        <translation>TIME_WAIT：内核忘掉这个连接之前剩余的秒数</translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <location filename="../../app/socklab/gui/models/log_model.py" line="+525"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>%1 ✓ checksum good</source>
        <translation>%1 ✓ 校验和正确</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 ✗ checksum BAD</source>
        <translation>%1 ✗ 校验和错误</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>received ←</source>
        <translation>接收 ←</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sent →</source>
        <translation>发送 →</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>socket call</source>
        <translation>套接字调用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 of %2 (truncated)</source>
        <translation>%1 / %2（已截断）</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>client connected</source>
        <translation>客户端已连接</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>client left (%1)</source>
        <translation>客户端已离开（%1）</translation>
    </message>
</context>
<context>
    <name>LogPane</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/log_pane.py" line="+373"/>
        <source>Saved %1 without the %2 older rows the log let go (a capture keeps every event)</source>
        <translation>已保存 %1，但不含日志已丢弃的 %2 行较早记录（“记录”功能会保留每个事件）</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Could not save the log to %1: %2</source>
        <translation>无法把日志保存到 %1：%2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text + Hex</source>
        <translation>文本 + 十六进制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How received and sent data is shown</source>
        <translation>收发数据的显示方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Encoding:</source>
        <translation>编码(&amp;E)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Character encoding used to show data as text</source>
        <translation>把数据显示为文本时使用的字符编码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter (peer or data)</source>
        <translation>过滤（对端或数据）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show only rows whose peer or data contains this text (ignores case)</source>
        <translation>只显示对端或数据中包含此文本的行（不区分大小写）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep </source>
        <translation>保留 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source> rows</source>
        <translation> 行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How many rows the log keeps; older rows are dropped and counted</source>
        <translation>日志最多保留的行数；更早的行会被丢弃并计数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pause autoscroll</source>
        <translation>暂停自动滚动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the view still while new rows arrive</source>
        <translation>有新行到达时保持视图不动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove all rows (Ctrl+L)</source>
        <translation>删除所有行（Ctrl+L）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the selected rows as tab-separated text</source>
        <translation>把选中的行复制为以制表符分隔的文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the shown rows as CSV or plain text, or the log as pcapng</source>
        <translation>把显示的行保存为 CSV 或纯文本，或把日志保存为 pcapng</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Filter not applied: it is longer than %1 characters</source>
        <translation>未应用过滤：超过 %1 个字符</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Filter not applied: %1</source>
        <translation>未应用过滤：%1</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>1 older row dropped</source>
        <translation>已丢弃 1 行较早的记录</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 older rows dropped</source>
        <translation>已丢弃 %1 行较早的记录</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text files (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save log</source>
        <translation>保存日志</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/socklab/gui/main_window.py" line="+204"/>
        <source>SockLab — socket tester</source>
        <translation>SockLab — 套接字测试工具</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Normal size</source>
        <translation>正常大小(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the &amp;Python code</source>
        <translation>显示 Python 代码(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Each tab shows the plain-socket script that does what it is set to do</source>
        <translation>每个标签页显示一段只用 socket 模块、做同样事情的 Python 脚本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the &amp;rate plot</source>
        <translation>显示速率曲线(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A live plot of bytes or packets per second, received and sent</source>
        <translation>实时显示每秒收发的字节数或包数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Large text, strong contrast, advanced options hidden: for a projector</source>
        <translation>大字体、高对比度、隐藏高级选项：适合投影</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About SockLab</source>
        <translation>关于 SockLab(&amp;A)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>About SockLab</source>
        <translation>关于 SockLab</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SockLab %1 — a socket tester for UDP and TCP.</source>
        <translation>SockLab %1 — UDP 与 TCP 套接字测试工具。</translation>
    </message>
</context>
<context>
    <name>MulticastBox</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/multicast_box.py" line="+127"/>
        <location line="+60"/>
        <source>Multicast group</source>
        <translation>组播组</translation>
    </message>
    <message>
        <location line="-59"/>
        <location line="+63"/>
        <source>Source</source>
        <translation>源</translation>
    </message>
    <message>
        <location line="-62"/>
        <location line="+69"/>
        <source>Interface</source>
        <translation>网卡</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Joined</source>
        <translation>已加入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A group: IPv4 224.0.0.0 to 239.255.255.255 (239.x.y.z for a test), IPv6 ff00::/8 (ff15::1234). Join binds the local address first if needed: bind 0.0.0.0 or :: to receive the group.</source>
        <translation>组播组：IPv4 为 224.0.0.0 到 239.255.255.255（测试用 239.x.y.z），IPv6 为 ff00::/8（如 ff15::1234）。需要时&quot;加入&quot;会先绑定本地地址：绑定 0.0.0.0 或 :: 才能收到组播。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Source-specific multicast (SSM): only this sender&apos;s datagrams (IP_ADD_SOURCE_MEMBERSHIP, IPv6 MCAST_JOIN_SOURCE_GROUP). Empty: any sender.</source>
        <translation>指定源组播（SSM）：只接收这个发送方的数据报（IP_ADD_SOURCE_MEMBERSHIP，IPv6 为 MCAST_JOIN_SOURCE_GROUP）。留空：任何发送方。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The interface to join on and to send out of (IP_MULTICAST_IF): a name such as eth0, or one of its addresses. Empty: the system chooses by its routes.</source>
        <translation>加入组和发送组播所用的网卡（IP_MULTICAST_IF）：名称如 eth0，或它的某个地址。留空：由系统按路由选择。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS: how many routers a datagram to a group may cross, 0 to 255 (1: this network only)</source>
        <translation>IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS：发往组的数据报最多可以经过多少个路由器，0 到 255（1：只在本网络内）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>IP_MULTICAST_LOOP: members on this machine also get what this socket sends to a group</source>
        <translation>IP_MULTICAST_LOOP：本机上的成员也会收到这个套接字发往组的数据报</translation>
    </message>
</context>
<context>
    <name>PacketLibrary</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/packet_library.py" line="+231"/>
        <source>Cannot write the library: %1</source>
        <translation>无法写入数据包库：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Deleted %1</source>
        <translation>已删除 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cannot undo: %1</source>
        <translation>无法撤销：%1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Saved packets</source>
        <translation>保存的数据包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search by name, kind, destination or group</source>
        <translation>按名称、类型、目的地址或分组搜索</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send the packet to its own destination, from the tab of its kind (its fields are set to the packet&apos;s; a TCP or TLS packet connects first)</source>
        <translation>从对应类型的标签页把数据包发往它自己的目的地址（该标签页的输入框会填上数据包的地址；TCP 或 TLS 数据包先建立连接）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Send here</source>
        <translation>在此发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put the packet in the current tab&apos;s payload and click its Send</source>
        <translation>把数据包放进当前标签页的发送编辑框并点击其“发送”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit the name (F2)</source>
        <translation>编辑名称（F2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Double-click to send; drag to reorder or to move into another group</source>
        <translation>双击发送；拖动可调整顺序或移到另一个分组</translation>
    </message>
</context>
<context>
    <name>PacketMenu</name>
    <message>
        <location filename="../../app/socklab/gui/packet_menu.py" line="+89"/>
        <source>%1 could not be read whole (%2); the file as it was is kept as %3</source>
        <translation>无法完整读取 %1（%2）；原文件已保留为 %3</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>packet</source>
        <translation>数据包</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import packets</source>
        <translation>导入数据包</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Packet files (*.json *.ini);;All files (*)</source>
        <translation>数据包文件 (*.json *.ini);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cannot import %1: %2</source>
        <translation>无法导入 %1：%2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot import: %1</source>
        <translation>无法导入：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Imported %1 packets from %2</source>
        <translation>已从 %2 导入 %1 个数据包</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 renamed %2: the name was taken</source>
        <translation>%1 改名为 %2：名称已被占用</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 skipped: %2</source>
        <translation>跳过 %1：%2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export packets</source>
        <translation>导出数据包</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot export to %1: %2</source>
        <translation>无法导出到 %1：%2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Exported %1 packets to %2</source>
        <translation>已导出 %1 个数据包到 %2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Open a tab of this kind first</source>
        <translation>请先打开这种类型的标签页</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The TCP Client tab is connected to another server: disconnect it first, or use Send here</source>
        <translation>TCP 客户端标签页已连接到另一个服务器：请先断开，或使用“在此发送”</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1 cannot be sent: %2</source>
        <translation>%1 无法发送：%2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sent %1 from the %2 tab</source>
        <translation>已从“%2”标签页发送 %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saved &amp;packets</source>
        <translation>保存的数据包(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The packet library: saved packets to send again, by group</source>
        <translation>数据包库：按分组列出保存的数据包，可再次发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save packet…</source>
        <translation>保存数据包(&amp;S)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the current tab&apos;s payload and destination under a name</source>
        <translation>以一个名称保存当前标签页的载荷和目的地址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import packets…</source>
        <translation>导入数据包(&amp;I)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add packets from a SockLab export or Packet Sender&apos;s packets.ini or JSON</source>
        <translation>从 SockLab 导出的文件或 Packet Sender 的 packets.ini、JSON 添加数据包</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>E&amp;xport packets…</source>
        <translation>导出数据包(&amp;X)…</translation>
    </message>
</context>
<context>
    <name>PacketModel</name>
    <message>
        <location filename="../../app/socklab/gui/models/packet_model.py" line="+148"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent to</source>
        <translation>发往</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+159"/>
        <source>(where the tab sends)</source>
        <translation>（标签页的发送地址）</translation>
    </message>
    <message>
        <location line="-145"/>
        <source>No group</source>
        <translation>未分组</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Cannot write the library: %1</source>
        <translation>无法写入数据包库：%1</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>Cannot move the packets: %1</source>
        <translation>无法移动数据包：%1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Unix stream</source>
        <translation>Unix 流</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unix datagram</source>
        <translation>Unix 数据报</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot rename %1: another packet has that name</source>
        <translation>无法重命名 %1：已有数据包使用这个名称</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot rename %1: the name is empty</source>
        <translation>无法重命名 %1：名称为空</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot rename %1: %2</source>
        <translation>无法重命名 %1：%2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Payload (%1, %2): %3</source>
        <translation>载荷（%1，%2）：%3</translation>
    </message>
</context>
<context>
    <name>PacketTabs</name>
    <message>
        <location filename="../../app/socklab/gui/packet_tabs.py" line="+141"/>
        <source>The current tab cannot send now (a TCP client must be connected first; a server needs a client)</source>
        <translation>当前标签页现在无法发送（TCP 客户端需先连接；服务器需要有客户端）</translation>
    </message>
</context>
<context>
    <name>PayloadEditor</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/payload_editor.py" line="+481"/>
        <source>&amp;Mode:</source>
        <translation>模式(&amp;M)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escapes</source>
        <translation>转义序列</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send the text as typed, in the chosen encoding.</source>
        <translation>按所选编码原样发送输入的文本。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hex digits, two per byte; spaces allowed: 48 65 6c 6c 6f</source>
        <translation>十六进制数字，每字节两位，可以用空格分隔：48 65 6c 6c 6f</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text with escapes such as \n \r \t \\ and \xNN</source>
        <translation>可使用转义序列的文本，如 \n \r \t \\ 和 \xNN</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Encoding:</source>
        <translation>编码(&amp;E)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How text characters become bytes</source>
        <translation>文本字符如何转换成字节</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Line ending:</source>
        <translation>换行符(&amp;L)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+10"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>LF (\n)</source>
        <translation>换行 LF (\n)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CRLF (\r\n)</source>
        <translation>回车换行 CRLF (\r\n)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Appended to every payload when it is sent</source>
        <translation>发送时追加到每条数据的末尾</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Chec&amp;ksum:</source>
        <translation>校验和(&amp;K)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Appended to every payload when it is sent, and checked at the end of each received message (the log marks it good or bad)</source>
        <translation>发送时追加在每个载荷末尾，并检查每条收到的消息末尾的校验和（日志标明正确或错误）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Template fields</source>
        <translation>模板字段(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Expand fields at each send: {{counter}} (1, 2, 3 ...), {{time}}, {{unixtime}}, {{random:N}} (N random bytes in hex mode, N digits otherwise), {{len}} (the payload&apos;s length without the checksum)</source>
        <translation>每次发送时展开字段：{{counter}}（1、2、3……）、{{time}}、{{unixtime}}、{{random:N}}（十六进制模式下为 N 个随机字节，其他模式为 N 位数字）、{{len}}（载荷长度，不含校验和）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The last 100 payloads sent from this tab; Up on the first line of the payload and Down on its last walk through them</source>
        <translation>本标签页最近发送的 100 条载荷；在编辑框第一行按上箭头、最后一行按下箭头可逐条翻看</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the payload (Ctrl+Enter)</source>
        <translation>发送数据（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What to send</source>
        <translation>要发送的内容</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Next: %1</source>
        <translation>下一次：%1</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Nothing to send: the payload is empty</source>
        <translation>没有可发送的内容：数据为空</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the payload is larger than {limit} bytes</source>
        <translation>数据超过了 {limit} 字节</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} bytes</source>
        <translation>{count} 字节</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
</context>
<context>
    <name>PeerText</name>
    <message>
        <location filename="../../app/socklab/gui/models/peer_text.py" line="+17"/>
        <source>%1 — pid %2, uid %3, gid %4</source>
        <translation>%1 — 进程 pid %2，uid %3，gid %4</translation>
    </message>
</context>
<context>
    <name>RatePlot</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/rate_plot.py" line="+228"/>
        <source>bytes/s</source>
        <translation>字节/秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+69"/>
        <source>packets/s</source>
        <translation>包/秒</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>Plot bytes per second or packets per second</source>
        <translation>按每秒字节数或每秒包数绘图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received and sent per second, over the last two minutes</source>
        <translation>最近两分钟内每秒接收和发送的数据量</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Seconds ago</source>
        <translation>秒前</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Rate</source>
        <translation>速率</translation>
    </message>
</context>
<context>
    <name>RelayFlows</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/relay_flows.py" line="+38"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relay → target from</source>
        <translation>中继 → 目标（本端地址）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client → target</source>
        <translation>客户端 → 目标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target → client</source>
        <translation>目标 → 客户端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dropped</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bytes flipped</source>
        <translation>篡改字节</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>%1 B</source>
        <translation>%1 字节</translation>
    </message>
</context>
<context>
    <name>RelayTab</name>
    <message>
        <location filename="../../app/socklab/gui/tabs/relay_tab.py" line="+169"/>
        <source>Relay</source>
        <translation>中继</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Listen on</source>
        <translation>监听</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forward to</source>
        <translation>转发到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delay</source>
        <translation>延迟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold everything this long, each way; the order is kept</source>
        <translation>两个方向的数据都延迟这么久再转发；顺序不变</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop</source>
        <translation>丢包</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>UDP: drop exactly this share of every 100 datagrams, each way, at positions drawn from the seed (the same seed, the same drops)</source>
        <translation>UDP：每 100 个数据报中、每个方向都恰好丢弃这个比例，位置由种子决定（相同的种子，相同的丢包）</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+138"/>
        <source>Corrupt</source>
        <translation>篡改</translation>
    </message>
    <message>
        <location line="-137"/>
        <source>@10 or 0.001</source>
        <translation>@10 或 0.001</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Flip bytes on their way (XOR 0xff, or ^0x01 for one bit): @N the byte at offset N of each datagram (TCP: of each direction&apos;s stream), or a share of the bytes such as 0.001 at positions drawn from the seed. Empty: none</source>
        <translation>在转发途中翻转字节（异或 0xff，或写 ^0x01 只翻一位）：@N 表示每个数据报（TCP：每个方向的字节流）中偏移 N 处的字节；或写一个比例如 0.001，位置由种子决定。留空：不篡改</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The same seed gives the same drops and flips</source>
        <translation>相同的种子给出相同的丢包和篡改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where programs connect instead of the target: an address, or /path, @name</source>
        <translation>程序改连到这里而不是目标：一个地址，或 /路径、@名称</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server the relay forwards to: a host, or a Unix socket /path, @name</source>
        <translation>中继转发到的服务器：主机，或 Unix 套接字 /路径、@名称</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inject toward client</source>
        <translation>注入给客户端</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send the payload to the clients selected in the table (none: all)</source>
        <translation>把载荷发给表中选中的客户端（未选：全部）</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+10"/>
        <source>Inject toward target</source>
        <translation>注入给目标</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not relaying</source>
        <translation>未在中继</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Listen address</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Listen port</source>
        <translation>监听端口</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Target host</source>
        <translation>目标主机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target port</source>
        <translation>目标端口</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>the mask %1 after ^ is not a number (write ^0x01)</source>
        <translation>^ 后的掩码 %1 不是数字（例如 ^0x01）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the mask %1 is not a byte from 0x01 to 0xff</source>
        <translation>掩码 %1 不是 0x01 到 0xff 之间的字节</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the offset %1 after @ is not a whole number (write @10)</source>
        <translation>@ 后的偏移 %1 不是整数（例如 @10）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the offset %1 is negative: the first byte is @0</source>
        <translation>偏移 %1 是负数：第一个字节是 @0</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 is neither a share of the bytes (0.001) nor an offset (@10)</source>
        <translation>%1 既不是字节比例（0.001）也不是偏移（@10）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the share %1 is not from 0 to 1 (0.001: one byte in a thousand)</source>
        <translation>比例 %1 不在 0 到 1 之间（0.001：千分之一的字节）</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>→ target: %1</source>
        <translation>→ 目标：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>→ client: %1</source>
        <translation>→ 客户端：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 forwarded</source>
        <translation>已转发 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 dropped</source>
        <translation>丢弃 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 lost</source>
        <translation>丢失 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 B flipped</source>
        <translation>篡改 %1 字节</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 injected</source>
        <translation>注入 %1</translation>
    </message>
</context>
<context>
    <name>ReplyRulesBox</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/reply_rules.py" line="+305"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Import reply rules</source>
        <translation>导入回复规则</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rules files (*.toml);;All files (*)</source>
        <translation>规则文件 (*.toml);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export reply rules</source>
        <translation>导出回复规则</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rules files (*.toml)</source>
        <translation>规则文件 (*.toml)</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read rules from a TOML file, as socklab --rules FILE reads them</source>
        <translation>从 TOML 文件读取规则，与 socklab --rules FILE 读取的格式相同</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write these rules as a TOML file for socklab --rules FILE</source>
        <translation>把这些规则写成 TOML 文件，供 socklab --rules FILE 使用</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Match</source>
        <translation>匹配方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+137"/>
        <source>Pattern</source>
        <translation>模式</translation>
    </message>
    <message>
        <location line="-136"/>
        <location line="+136"/>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location line="-135"/>
        <source>Delay (s)</source>
        <translation>延迟（秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop after</source>
        <translation>回复次数上限</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+3"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Replies at most</source>
        <translation>回复上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>/s</source>
        <translation>/秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Replies per second, every sender together: two auto-repliers pointed at each other stop here instead of looping forever</source>
        <translation>每秒最多回复次数（所有发送方合计）：两个互相指向的自动回复程序会在这里停下，而不会无休止地循环</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>After this many replies the rule is passed over</source>
        <translation>回复这么多次后跳过这条规则</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A regular expression is searched in the text received (line endings removed); a hex pattern is bytes such as 01 03 ?? ??, where ?? is any byte</source>
        <translation>正则表达式在收到的文本中查找（去掉行尾换行符）；十六进制模式是字节，例如 01 03 ?? ??，其中 ?? 表示任意字节</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>\1, \g&lt;name&gt;: captures; \g&lt;0&gt;: the matched text; \n \r \t \xHH: escapes. With the editor&apos;s Template fields on, {{counter}} {{time}} {{unixtime}} {{random:N}} {{len}} are filled in at each reply; its checksum is appended to each reply</source>
        <translation>\1、\g&lt;name&gt;：捕获组；\g&lt;0&gt;：匹配到的文本；\n \r \t \xHH：转义。编辑器勾选“模板字段”时，每次回复都会填入 {{counter}} {{time}} {{unixtime}} {{random:N}} {{len}}；编辑器选择的校验和附加在每条回复之后</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The reply is bytes written in hex: 06 00 ff</source>
        <translation>回复是用十六进制写的字节：06 00 ff</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>Rule %1, %2: %3</source>
        <translation>规则 %1，%2：%3</translation>
    </message>
</context>
<context>
    <name>ReplyRulesButton</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/reply_rules_dialog.py" line="+79"/>
        <source>Reply rules (%1)…</source>
        <translation>回复规则 (%1)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reply rules…</source>
        <translation>回复规则…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Answer what arrives by rules: a pattern, its reply, tried in order</source>
        <translation>按规则回复收到的数据：模式及其回复，按顺序尝试</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reply rules</source>
        <translation>回复规则</translation>
    </message>
</context>
<context>
    <name>RuleTableModel</name>
    <message>
        <location filename="../../app/socklab/gui/models/rule_model.py" line="+33"/>
        <source>Match</source>
        <translation>匹配方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pattern</source>
        <translation>模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delay (s)</source>
        <translation>延迟（秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop after</source>
        <translation>回复次数上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hits</source>
        <translation>命中次数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is exactly</source>
        <translation>完全等于</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>starts with</source>
        <translation>开头是</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ends with</source>
        <translation>结尾是</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hex pattern (?? any byte)</source>
        <translation>十六进制模式（?? 任意字节）</translation>
    </message>
</context>
<context>
    <name>SavePacketDialog</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/save_packet_dialog.py" line="+91"/>
        <source>Give the packet a name</source>
        <translation>请给数据包起个名称</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A packet is already called %1: choose another name</source>
        <translation>已有数据包叫 %1：请换一个名称</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot write the library: %1</source>
        <translation>无法写入数据包库：%1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Save packet</source>
        <translation>保存数据包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Group:</source>
        <translation>分组(&amp;G)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Optional: packets of one group are listed together</source>
        <translation>可选：同一分组的数据包列在一起</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>where the tab sends when it is sent</source>
        <translation>发送时标签页所用的地址</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 to %2; payload (%3): %4</source>
        <translation>%1 发往 %2；载荷（%3）：%4</translation>
    </message>
</context>
<context>
    <name>ScenarioMenu</name>
    <message>
        <location filename="../../app/socklab/gui/scenario_menu.py" line="+42"/>
        <source>Run &amp;scenario…</source>
        <translation>运行测试场景(&amp;S)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run a scenario file (send, expect, pass or fail) and see each step&apos;s result</source>
        <translation>运行测试场景文件（发送、期待、通过或失败），查看每个步骤的结果</translation>
    </message>
</context>
<context>
    <name>ScenarioResults</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/scenario_results.py" line="+179"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Run a scenario</source>
        <translation>运行测试场景</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Scenarios (*.toml);;All files (*)</source>
        <translation>测试场景 (*.toml);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>PASSED: %1 of %2 steps passed</source>
        <translation>通过：%2 个步骤中 %1 个通过</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>FAILED: %1 of %2 steps passed</source>
        <translation>失败：%2 个步骤中 %1 个通过</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Variables: %1</source>
        <translation>变量：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This scenario file cannot be run: %1</source>
        <translation>该测试场景文件无法运行：%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Scenario results</source>
        <translation>测试场景结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Run again</source>
        <translation>再次运行(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open another…</source>
        <translation>打开其他文件(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Variables:</source>
        <translation>变量(&amp;V)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>port=9000 host=127.0.0.1 (win over the file&apos;s [vars])</source>
        <translation>port=9000 host=127.0.0.1（优先于文件中的 [vars]）</translation>
    </message>
</context>
<context>
    <name>ScenarioStepsModel</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/scenario_steps_model.py" line="+39"/>
        <source>running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>waiting</source>
        <translation>等待</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FAILED</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not run</source>
        <translation>未运行</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>no connection after %1 s</source>
        <translation>%1 秒后仍未连接</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>cannot connect: %1</source>
        <translation>无法连接：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>send failed: %1</source>
        <translation>发送失败：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot make the bytes to send: %1</source>
        <translation>无法生成要发送的字节：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>receive failed: %1</source>
        <translation>接收失败：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the pattern with its variables filled in is not valid: %1</source>
        <translation>填入变量后的正则表达式无效：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the peer closed the connection; nothing that arrived matched</source>
        <translation>对方关闭了连接；收到的数据都不匹配</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>nothing arrived in %1 s</source>
        <translation>%1 秒内没有收到任何数据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>what arrived did not match in %1 s</source>
        <translation>%1 秒内收到的数据不匹配</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the connection is still open after %1 s</source>
        <translation>%1 秒后连接仍未关闭</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What arrived / why it failed</source>
        <translation>收到的数据 / 失败原因</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>%1 — arrived: %2</source>
        <translation>%1 —— 收到：%2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>sent %1 bytes</source>
        <translation>已发送 %1 字节</translation>
    </message>
</context>
<context>
    <name>SessionKinds</name>
    <message>
        <location filename="../../app/socklab/gui/session_kinds.py" line="+82"/>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unix datagram</source>
        <translation>Unix 数据报</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Broadcast</source>
        <translation>广播</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>TCP Client</source>
        <translation>TCP 客户端</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>TLS Client</source>
        <translation>TLS 客户端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unix Client</source>
        <translation>Unix 客户端</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>TCP Server</source>
        <translation>TCP 服务器</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>TLS Server</source>
        <translation>TLS 服务器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unix Server</source>
        <translation>Unix 服务器</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Relay</source>
        <translation>中继</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>TCP Relay</source>
        <translation>TCP 中继</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UDP Relay</source>
        <translation>UDP 中继</translation>
    </message>
</context>
<context>
    <name>SessionMenu</name>
    <message>
        <location filename="../../app/socklab/gui/session_menu.py" line="+128"/>
        <source>Close this session (Ctrl+W closes the current one)</source>
        <translation>关闭这个会话（Ctrl+W 关闭当前会话）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;New session</source>
        <translation>新建会话(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a new tab of any kind (Ctrl+T)</source>
        <translation>新建任意类型的标签页（Ctrl+T）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New session (Ctrl+T)</source>
        <translation>新建会话（Ctrl+T）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Close session</source>
        <translation>关闭会话(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close the current tab; its socket is closed first</source>
        <translation>关闭当前标签页；先关闭它的套接字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No session is open. Open one (Ctrl+T), of any kind, as many as you like:</source>
        <translation>没有打开的会话。新建一个（Ctrl+T），任意类型，数量不限：</translation>
    </message>
</context>
<context>
    <name>SessionSet</name>
    <message>
        <location filename="../../app/socklab/gui/session_set.py" line="+126"/>
        <source>%1 — double-click to rename</source>
        <translation>%1 — 双击可重命名</translation>
    </message>
</context>
<context>
    <name>SessionTab</name>
    <message>
        <location filename="../../app/socklab/gui/tabs/frame.py" line="+133"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trace socket calls</source>
        <translation>跟踪套接字调用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show each socket operation in the log as a program would write it: socket(), bind(), sendto()/recvfrom(), listen(), accept(), close()</source>
        <translation>在日志中按程序里的写法显示每个套接字操作：socket()、bind()、sendto()/recvfrom()、listen()、accept()、close()</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Show chunk boundaries</source>
        <translation>显示数据块边界</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show the received bytes as one stream, marking where each recv() ended</source>
        <translation>把收到的字节显示为一个连续的流，并标出每次 recv() 的结束位置</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../app/socklab/gui/tabs/base.py" line="+257"/>
        <source>open or connect first</source>
        <translation>请先打开或连接</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Cannot load the capture: %1</source>
        <translation>无法载入记录文件：%1</translation>
    </message>
    <message>
        <location filename="../../app/socklab/gui/widgets/error_banner.py" line="+135"/>
        <source>Why:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What to do:</source>
        <translation>解决办法：</translation>
    </message>
</context>
<context>
    <name>SocketsMenu</name>
    <message>
        <location filename="../../app/socklab/gui/sockets_menu.py" line="+77"/>
        <source>Show the &amp;sockets in the kernel</source>
        <translation>显示内核中的套接字(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the kernel holds for the current tab&apos;s ports: state (LISTEN, ESTABLISHED, TIME_WAIT ...), Recv-Q and Send-Q</source>
        <translation>内核中与当前标签页端口有关的套接字：状态（LISTEN、ESTABLISHED、TIME_WAIT……）、Recv-Q 和 Send-Q</translation>
    </message>
</context>
<context>
    <name>SocketsPanel</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/sockets_panel.py" line="+265"/>
        <source>%1: no socket yet, no port to follow</source>
        <translation>%1：还没有套接字，没有要跟踪的端口</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 — Unix socket %2: %3 sockets in the kernel</source>
        <translation>%1 — Unix 套接字 %2：内核中有 %3 个套接字</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 — port %2: %3 sockets in the kernel</source>
        <translation>%1 — 端口 %2：内核中有 %3 个套接字</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(the first %1 shown)</source>
        <translation>（只显示前 %1 个）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sockets in the kernel</source>
        <translation>内核中的套接字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the kernel&apos;s tables now</source>
        <translation>立即读取内核的套接字表</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Read from /proc/net every second while shown. Hover over a state for what it means. Close a TCP connection: the side that closed first keeps it in TIME_WAIT for 60 seconds, then the row vanishes. A Unix socket is found by its path: the listening socket and each connection it accepted (the kernel keeps no queue sizes or peer there).</source>
        <translation>显示时每秒从 /proc/net 读取一次。鼠标悬停在状态上可查看它的含义。关闭一个 TCP 连接：先关闭的一方会让它在 TIME_WAIT 中停留 60 秒，然后这一行消失。Unix 套接字按路径查找：监听套接字和它接受的每个连接（内核在那里不记录队列大小和对端）。</translation>
    </message>
</context>
<context>
    <name>StaleOffer</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/stale_offer.py" line="+42"/>
        <source>Remove the stale file and bind</source>
        <translation>删除残留文件并绑定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove the stale file and listen</source>
        <translation>删除残留文件并监听</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The socket file was left by a program that ended without removing it: nothing listens on it. SockLab checks that again, removes it, then listens.</source>
        <translation>这个套接字文件是某个程序结束时没有删除而留下的，没有程序在监听它。SockLab 会再检查一次，删除它，然后开始监听。</translation>
    </message>
</context>
<context>
    <name>StreamView</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/stream_view.py" line="+100"/>
        <source>Received stream: shading changes and ▏ marks where one recv() ended. TCP keeps no message boundaries.</source>
        <translation>收到的字节流：底色变化和 ▏ 表示一次 recv() 的结束。TCP 不保留消息边界。</translation>
    </message>
</context>
<context>
    <name>TabTitles</name>
    <message>
        <location filename="../../app/socklab/gui/tab_titles.py" line="+68"/>
        <source>A name for this tab; leave it empty for the automatic title</source>
        <translation>这个标签页的名称；留空则使用自动标题</translation>
    </message>
</context>
<context>
    <name>TcpClientTab</name>
    <message>
        <location filename="../../app/socklab/gui/tabs/tcp_client_tab.py" line="+101"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shut down sending</source>
        <translation>关闭发送（半关闭）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>connect((host, port)): the system picks our own port (an ephemeral one)</source>
        <translation>connect((host, port))：本端端口由系统挑选（临时端口）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>settimeout() before connect(): give up if the handshake takes longer</source>
        <translation>connect() 之前调用 settimeout()：握手超过这个时间就放弃</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>shutdown(SHUT_WR): tell the server you are done sending; keep receiving</source>
        <translation>shutdown(SHUT_WR)：告诉服务器本端数据已发送完毕，但仍继续接收</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect timeout</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recv size</source>
        <translation>recv 大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The size passed to each recv(): the most one chunk holds</source>
        <translation>每次调用 recv() 传入的大小：一个数据块最多容纳的字节数</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Server host</source>
        <translation>服务器主机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server port</source>
        <translation>服务器端口</translation>
    </message>
</context>
<context>
    <name>TcpServerTab</name>
    <message>
        <location filename="../../app/socklab/gui/tabs/tcp_server_tab.py" line="+222"/>
        <source>Listen on</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>TCP Server</source>
        <translation>TCP 服务器</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Each line a client sends is tried against the rules in order; the first that matches answers that client (before the auto-reply). Replies per client caps them.</source>
        <translation>客户端发来的每一行都按顺序与规则比较；第一条匹配的规则回复该客户端（先于自动回复）。“每客户端回复”限制回复次数。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Backlog</source>
        <translation>监听队列 (backlog)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>bind() address: 127.0.0.1 is this machine only; 0.0.0.0 (or empty, as bind((&quot;&quot;, port))) accepts on every interface and is reachable from the network; :: accepts IPv6 and, unless IPv6 only is checked, IPv4 clients</source>
        <translation>bind() 地址：127.0.0.1 仅限本机；0.0.0.0（或留空，即 bind((&quot;&quot;, port))）在所有网卡上接受连接，网络上的其他机器可以访问；:: 接受 IPv6 客户端，未勾选“仅 IPv6”时也接受 IPv4 客户端</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connections beyond this number are closed right after accept()</source>
        <translation>超过这个数量的连接在 accept() 之后立即关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the server sends back after each recv()</source>
        <translation>每次 recv() 之后服务器自动发回的内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Like the classroom server: if data == &apos;exit&apos;: conn.close()</source>
        <translation>和课堂上的服务器一样：if data == &apos;exit&apos;: conn.close()</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>listen(backlog): how many finished handshakes may wait for accept()</source>
        <translation>listen(backlog)：已完成三次握手、等待 accept() 的连接最多可以排多少个</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restart on the same port at once, even while old connections sit in TIME_WAIT</source>
        <translation>即使旧连接仍处于 TIME_WAIT，也能立即在同一端口上重新启动</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Max clients</source>
        <translation>最大客户端数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recv size</source>
        <translation>recv 大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The size passed to each recv(): the most one chunk holds</source>
        <translation>每次 recv() 传入的大小：一个数据块最多这么多字节</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Replies per client</source>
        <translation>每客户端回复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>/s</source>
        <translation> 次/秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>At most this many auto-replies to one client a second (more wait for the next second). A client that keeps this limit reached for 3 seconds in a row looks like a loop between two auto-repliers: auto-reply to it pauses until you change the auto-reply setting. 0: no limit and no loop check.</source>
        <translation>每个客户端每秒最多自动回复这么多次（多出的等到下一秒）。连续 3 秒都达到上限的客户端看起来像两个自动回复程序在互相回复（死循环）：对它的自动回复会暂停，直到你修改自动回复设置。0 表示不限制，也不检测循环。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Auto-reply</source>
        <translation>自动回复</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Echo what arrives</source>
        <translation>回显收到的数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fixed text</source>
        <translation>固定文本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close the connection when a client sends:</source>
        <translation>客户端发送以下内容时关闭连接：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send to all</source>
        <translation>发送给全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+12"/>
        <source>Send to selected</source>
        <translation>发送给所选</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not listening</source>
        <translation>未监听</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location line="+163"/>
        <location line="+11"/>
        <source>Listen address</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
</context>
<context>
    <name>TlsBox</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/tls_box.py" line="+171"/>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Speak TLS (1.2 or newer) on the connection: the ssl module&apos;s wrap_socket</source>
        <translation>在连接上使用 TLS（1.2 或更新版本）：即 ssl 模块的 wrap_socket</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Verify client certificates</source>
        <translation>验证客户端证书</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ask each client for a certificate and verify one it sends, against the CA file (else the system&apos;s CAs)</source>
        <translation>向每个客户端索要证书，并用 CA 文件（没选则用系统的 CA）验证它发来的证书</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Verify the server</source>
        <translation>验证服务器</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check the server&apos;s certificate (against the CA file, else the system&apos;s CAs) and its name; off: the state line says &apos;not verified&apos;</source>
        <translation>检查服务器的证书（用 CA 文件，没选则用系统的 CA）及其名称；关闭时状态栏显示“未验证”</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Require a client certificate</source>
        <translation>要求客户端证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Turn away a client that sends no certificate (CERT_REQUIRED)</source>
        <translation>拒绝不发送证书的客户端（CERT_REQUIRED）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Generate self-signed</source>
        <translation>生成自签名证书</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Make a self-signed certificate for localhost (kept in the app&apos;s data folder and reused) and fill in its files</source>
        <translation>为 localhost 生成自签名证书（保存在程序的数据文件夹中，之后重复使用），并填入证书和私钥文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Server name</source>
        <translation>服务器名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ALPN</source>
        <translation>ALPN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CA file</source>
        <translation>CA 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key</source>
        <translation>私钥</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the host</source>
        <translation>同主机地址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>server_hostname: sent as SNI and checked against the certificate</source>
        <translation>server_hostname：作为 SNI 发送，并用来核对证书</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>in the certificate file</source>
        <translation>在证书文件中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the system&apos;s CAs</source>
        <translation>系统的 CA</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>none (no client certificate)</source>
        <translation>无（不发送客户端证书）</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Choose a PEM file</source>
        <translation>选择 PEM 文件</translation>
    </message>
</context>
<context>
    <name>TlsText</name>
    <message>
        <location filename="../../app/socklab/gui/tls_text.py" line="+19"/>
        <source>certificate verified</source>
        <translation>证书已验证</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not verified</source>
        <translation>未验证</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+37"/>
        <source>ALPN %1</source>
        <translation>ALPN %1</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>The peer sent no certificate</source>
        <translation>对端没有发送证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+56"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="-53"/>
        <source>Subject %1 · issuer %2 · names %3</source>
        <translation>使用者 %1 · 颁发者 %2 · 名称 %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Valid %1 · SHA-256 %2</source>
        <translation>有效期 %1 · SHA-256 %2</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1; no client certificate</source>
        <translation>%1；没有客户端证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1; client certificate %2 (%3), issuer %4, SHA-256 %5</source>
        <translation>%1；客户端证书 %2（%3），颁发者 %4，SHA-256 %5</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Our certificate: %1 · SHA-256 %2</source>
        <translation>本服务器的证书：%1 · SHA-256 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Names %1 · valid %2</source>
        <translation>名称 %1 · 有效期 %2</translation>
    </message>
</context>
<context>
    <name>ToolsPanel</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/tools_panel.py" line="+184"/>
        <location line="+169"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="-169"/>
        <location line="+169"/>
        <source>Send a file…</source>
        <translation>发送文件…</translation>
    </message>
    <message>
        <location line="-163"/>
        <source>%1 sent · %2 /s · %3 · %4</source>
        <translation>已发送 %1 · %2 /秒 · %3 · %4</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 of %2 bytes</source>
        <translation>%1 / %2 字节</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stopped: %3 after %1 of %2 bytes</source>
        <translation>已停止：%3，已发送 %1 / %2 字节</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>failed after %1 of %2 bytes</source>
        <translation>失败：已发送 %1 / %2 字节</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stopped after %1 of %2 bytes</source>
        <translation>已停止：已发送 %1 / %2 字节</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the peer closed the connection</source>
        <translation>对方关闭了连接</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the connection failed (%1)</source>
        <translation>连接出错（%1）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Send a file</source>
        <translation>发送文件</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save what arrives to</source>
        <translation>把收到的数据保存到</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Capture every event to</source>
        <translation>把所有事件记录到</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines 文件 (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../app/socklab/gui/widgets/log_pane.py" line="+10"/>
        <location filename="../../app/socklab/gui/widgets/tools_panel.py" line="+25"/>
        <source>Wireshark files (*.pcapng)</source>
        <translation>Wireshark 文件 (*.pcapng)</translation>
    </message>
    <message>
        <location filename="../../app/socklab/gui/widgets/tools_panel.py" line="-13"/>
        <source>Load a capture</source>
        <translation>载入记录文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines 文件 (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save the log for Wireshark</source>
        <translation>把日志保存为 Wireshark 文件</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Load tools</source>
        <translation>压力测试工具</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+27"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>What each packet holds: a pattern of the size given, or the payload editor&apos;s payload (its checksum appended); with Template fields on, its fields are expanded for every packet ({{counter}} 1, 2, 3 ...), sent without GSO</source>
        <translation>每个包的内容：给定大小的填充图案，或载荷编辑器的载荷（附加其校验和）；勾选“模板字段”时，每个包各自展开其字段（{{counter}} 为 1、2、3……），不使用 GSO 发送</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>packets/s</source>
        <translation>包/秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mbit/s</source>
        <translation>兆比特/秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>as fast as possible</source>
        <translation>尽可能快</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>until stopped</source>
        <translation>直到停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate</source>
        <translation>开始发送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send packets of this size at this rate; the achieved rate shows live</source>
        <translation>按这个大小和速率发送数据包，实际速率实时显示</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Linux UDP GSO (UDP_SEGMENT): hand the kernel up to 64 datagrams per send; every datagram is still counted. Off: one header per datagram (sendmmsg)</source>
        <translation>Linux UDP GSO（UDP_SEGMENT）：每次发送最多交给内核 64 个数据报，仍逐个计数。关闭时：每个数据报一个消息头（sendmmsg）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>File: datagram size</source>
        <translation>文件：数据报大小</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save received to file…</source>
        <translation>把收到的数据存为文件…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>without the HTTP header</source>
        <translation>不含 HTTP 头部</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save only the body of an HTTP response: the header block (up to the first empty line) is shown in the log instead</source>
        <translation>只保存 HTTP 响应的正文：头部（直到第一个空行）改为显示在日志中</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Record every event to a JSON Lines file (or a .pcapng file for Wireshark), whatever the log keeps</source>
        <translation>把每个事件记录到 JSON Lines 文件（或给 Wireshark 用的 .pcapng 文件），不受日志保留行数的限制</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Log as pcapng…</source>
        <translation>日志存为 pcapng…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save every row the log holds as a Wireshark file (pcapng)</source>
        <translation>把日志中的每一行保存为 Wireshark 文件（pcapng）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Write every received byte to a file, as raw bytes; an existing file is replaced when the save ends (it stays as it was if the save fails)</source>
        <translation>把收到的每个字节原样写入文件；已有的文件在保存结束时才被替换（保存失败时保持原样）</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Capture…</source>
        <translation>记录…</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>Generator: pattern</source>
        <translation>流量发生器：填充图案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generator: editor</source>
        <translation>流量发生器：编辑器载荷</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Load capture…</source>
        <translation>载入记录…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no file</source>
        <translation>没有文件</translation>
    </message>
</context>
<context>
    <name>UdpTab</name>
    <message>
        <location filename="../../app/socklab/gui/tabs/udp_multicast.py" line="+55"/>
        <location filename="../../app/socklab/gui/tabs/udp_tab.py" line="+122"/>
        <location line="+136"/>
        <location line="+8"/>
        <location line="+60"/>
        <source>Local address</source>
        <translation>本地地址</translation>
    </message>
    <message>
        <location filename="../../app/socklab/gui/tabs/udp_tab.py" line="-202"/>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Each datagram that arrives is tried against the rules in order; the first that matches answers it, to the address it came from.</source>
        <translation>收到的每个数据报都按顺序与规则比较；第一条匹配的规则回复它，发回它的来源地址。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Send to</source>
        <translation>发送到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recvfrom buffer</source>
        <translation>recvfrom 缓冲区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Size passed to recvfrom(): a longer datagram is cut to it (truncated).</source>
        <translation>传给 recvfrom() 的缓冲区大小：更长的数据报会被截断。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>bind() address: 127.0.0.1 is this machine only; 0.0.0.0 (or empty, as bind((&quot;&quot;, port))) receives on every interface; :: every IPv6 and, unless IPv6 only is checked, IPv4 interface</source>
        <translation>bind() 地址：127.0.0.1 仅限本机；0.0.0.0（或留空，即 bind((&quot;&quot;, port))）在所有网卡上接收；:: 在所有 IPv6 网卡上接收，未勾选“仅 IPv6”时也包括 IPv4</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>bind((host, port)): 0 asks the system for a free ephemeral port (on Linux one from 32768 to 60999)</source>
        <translation>bind((host, port))：端口填 0 表示请系统分配一个空闲的临时端口（Linux 上在 32768 到 60999 之间）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>sendto(data, (host, port)): where each datagram goes</source>
        <translation>sendto(data, (host, port))：每个数据报发往的地址</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>setsockopt(SOL_SOCKET, SO_REUSEADDR, 1): lets several sockets bind the same port, e.g. several receivers of one broadcast on this machine</source>
        <translation>setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)：允许多个套接字绑定同一端口，例如本机上同一广播的多个接收者</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>setsockopt(SOL_SOCKET, SO_BROADCAST, 1): without it the system refuses sendto() to a broadcast address (permission denied)</source>
        <translation>setsockopt(SOL_SOCKET, SO_BROADCAST, 1)：不设置时，系统拒绝向广播地址 sendto()（权限不足）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>unbound — Open binds the local address, or the first Send binds one</source>
        <translation>未绑定 — 点“打开”绑定本地地址，或在第一次“发送”时自动绑定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../app/socklab/gui/tabs/udp_multicast.py" line="+1"/>
        <location filename="../../app/socklab/gui/tabs/udp_tab.py" line="+86"/>
        <location line="+68"/>
        <source>Local port</source>
        <translation>本地端口</translation>
    </message>
    <message>
        <location filename="../../app/socklab/gui/tabs/udp_tab.py" line="+9"/>
        <source>Destination host</source>
        <translation>目标主机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Destination port</source>
        <translation>目标端口</translation>
    </message>
</context>
<context>
    <name>UnixPort</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/unix_port.py" line="+19"/>
        <source>Not used: a Unix socket address (a path or @name) has no port</source>
        <translation>不使用：Unix 套接字地址（路径或 @名字）没有端口</translation>
    </message>
</context>
</TS>
