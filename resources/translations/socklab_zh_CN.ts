<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BroadcastTab</name>
    <message>
        <location filename="../../app/socklab/gui/tabs/broadcast_tab.py" line="+84"/>
        <source>Broadcast to</source>
        <translation>广播到</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+114"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location line="-113"/>
        <location line="+101"/>
        <source>Local port</source>
        <translation>本地端口</translation>
    </message>
    <message>
        <location line="-100"/>
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
        <location line="+23"/>
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
        <location line="+51"/>
        <source>Broadcast address</source>
        <translation>广播地址</translation>
    </message>
</context>
<context>
    <name>ClientTable</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/client_table.py" line="+626"/>
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
        <location line="+50"/>
        <source>{open} connected, {closed} closed</source>
        <translation>{open} 个已连接，{closed} 个已关闭</translation>
    </message>
</context>
<context>
    <name>ClientTableModel</name>
    <message>
        <location line="-269"/>
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
        <location line="+7"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>closed by peer</source>
        <translation>对端关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reset</source>
        <translation>连接被重置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Accepted on %1</source>
        <translation>在 %1 上接受（accept）的连接</translation>
    </message>
</context>
<context>
    <name>CodePanel</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/code_panel.py" line="+128"/>
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
    <name>CountersBar</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/counters_bar.py" line="+173"/>
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
    <name>Describe</name>
    <message>
        <location filename="../../app/socklab/gui/describe.py" line="+32"/>
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
        <location line="+1"/>
        <source>closed by peer</source>
        <translation>对端关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reset by peer</source>
        <translation>连接被对端重置</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <location line="+8"/>
        <source>bound automatically by the first sendto</source>
        <translation>第一次 sendto 时自动绑定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>recv() returned b&apos;&apos; (the peer closed)</source>
        <translation>recv() 返回 b&apos;&apos;（对端已关闭）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the peer reset the connection</source>
        <translation>对端重置了连接</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>shutdown(SHUT_WR): no more sending, still receiving</source>
        <translation>shutdown(SHUT_WR)：不再发送，仍可接收</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the server stopped</source>
        <translation>服务器已停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>disconnected by the server</source>
        <translation>被服务器断开</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>client limit reached</source>
        <translation>已达到客户端数量上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>closed to bind again</source>
        <translation>关闭后重新绑定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>closed to connect again</source>
        <translation>关闭后重新连接</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>restarted</source>
        <translation>已重新启动</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>backlog %1</source>
        <translation>监听队列 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the client sent %1</source>
        <translation>客户端发送了 %1</translation>
    </message>
    <message>
        <location line="+10"/>
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
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/fields.py" line="+99"/>
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
</context>
<context>
    <name>LogModel</name>
    <message>
        <location filename="../../app/socklab/gui/log_model.py" line="+413"/>
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
        <location line="+55"/>
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
        <location line="+15"/>
        <source>%1 of %2 (truncated)</source>
        <translation>%1 / %2（已截断）</translation>
    </message>
    <message>
        <location line="+30"/>
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
        <location filename="../../app/socklab/gui/widgets/log_pane.py" line="+307"/>
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
        <location line="+1"/>
        <source>Save the shown rows as CSV or plain text</source>
        <translation>把显示的行保存为 CSV 或纯文本</translation>
    </message>
    <message>
        <location line="+106"/>
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
        <location line="+11"/>
        <source>Save log</source>
        <translation>保存日志</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not save the log: %1</source>
        <translation>无法保存日志：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/socklab/gui/main_window.py" line="+144"/>
        <source>SockLab — socket tester</source>
        <translation>SockLab — 套接字测试工具</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Broadcast</source>
        <translation>广播</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TCP Client</source>
        <translation>TCP 客户端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TCP Server</source>
        <translation>TCP 服务器</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <location line="+2"/>
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
    <name>PayloadEditor</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/payload_editor.py" line="+312"/>
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
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <location line="+71"/>
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
</context>
<context>
    <name>RatePlot</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/rate_plot.py" line="+230"/>
        <source>bytes/s</source>
        <translation>字节/秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+90"/>
        <source>packets/s</source>
        <translation>包/秒</translation>
    </message>
    <message>
        <location line="-89"/>
        <source>Plot bytes per second or packets per second</source>
        <translation>按每秒字节数或每秒包数绘图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received and sent per second, over the last two minutes</source>
        <translation>最近两分钟内每秒接收和发送的数据量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Seconds ago</source>
        <translation>秒前</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Rate</source>
        <translation>速率</translation>
    </message>
</context>
<context>
    <name>SessionTab</name>
    <message>
        <location filename="../../app/socklab/gui/tabs/base.py" line="+181"/>
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
        <location line="+10"/>
        <source>Show chunk boundaries</source>
        <translation>显示数据块边界</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show the received bytes as one stream, marking where each recv() ended</source>
        <translation>把收到的字节显示为一个连续的流，并标出每次 recv() 的结束位置</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>open or connect first</source>
        <translation>请先打开或连接</translation>
    </message>
    <message>
        <location line="+345"/>
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
    <name>StreamView</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/stream_view.py" line="+94"/>
        <source>Received stream: shading changes and ▏ marks where one recv() ended. TCP keeps no message boundaries.</source>
        <translation>收到的字节流：底色变化和 ▏ 表示一次 recv() 的结束。TCP 不保留消息边界。</translation>
    </message>
</context>
<context>
    <name>TcpClientTab</name>
    <message>
        <location filename="../../app/socklab/gui/tabs/tcp_client_tab.py" line="+81"/>
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
        <location line="+53"/>
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
        <location filename="../../app/socklab/gui/tabs/tcp_server_tab.py" line="+151"/>
        <source>Listen on</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backlog</source>
        <translation>监听队列 (backlog)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>bind() address: 127.0.0.1 is this machine only; 0.0.0.0 accepts on every interface and is reachable from the network</source>
        <translation>bind() 地址：127.0.0.1 只有本机可连；0.0.0.0 在所有网卡上接受连接，网络上的其他主机也能连上</translation>
    </message>
    <message>
        <location line="+5"/>
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
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <location line="+9"/>
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
        <location line="+114"/>
        <source>Listen address</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
</context>
<context>
    <name>ToolsPanel</name>
    <message>
        <location filename="../../app/socklab/gui/widgets/tools_panel.py" line="+152"/>
        <location line="+105"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="-105"/>
        <location line="+105"/>
        <source>Send a file…</source>
        <translation>发送文件…</translation>
    </message>
    <message>
        <location line="-99"/>
        <source>%1 sent · %2 /s · %3 · %4</source>
        <translation>已发送 %1 · %2 /秒 · %3 · %4</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 of %2 bytes</source>
        <translation>%1 / %2 字节</translation>
    </message>
    <message>
        <location line="+7"/>
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
        <location line="+26"/>
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
        <location line="+2"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines 文件 (*.jsonl)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Load a capture</source>
        <translation>载入记录文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines 文件 (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Load tools</source>
        <translation>压力测试工具</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generator: size</source>
        <translation>流量发生器：大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+11"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <location line="-10"/>
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
        <location line="+2"/>
        <source>File: datagram size</source>
        <translation>文件：数据报大小</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save received to file…</source>
        <translation>把收到的数据存为文件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write every received byte to a file, as raw bytes</source>
        <translation>把收到的每个字节原样写入文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capture…</source>
        <translation>记录…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Record every event to a JSON Lines file, whatever the log keeps</source>
        <translation>把每个事件记录到 JSON Lines 文件，不受日志行数上限影响</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load capture…</source>
        <translation>载入记录…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no file</source>
        <translation>没有文件</translation>
    </message>
</context>
<context>
    <name>UdpTab</name>
    <message>
        <location filename="../../app/socklab/gui/tabs/udp_tab.py" line="+91"/>
        <location line="+101"/>
        <source>Local address</source>
        <translation>本地地址</translation>
    </message>
    <message>
        <location line="-100"/>
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
        <source>bind() address: 127.0.0.1 is this machine only; 0.0.0.0 receives on every interface</source>
        <translation>bind() 地址：127.0.0.1 只接收本机发来的数据；0.0.0.0 在所有网卡上接收</translation>
    </message>
    <message>
        <location line="+6"/>
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
        <location line="+9"/>
        <source>a UDP datagram carries at most 65,507 bytes over IPv4</source>
        <translation>在 IPv4 上，一个 UDP 数据报最多携带 65,507 字节</translation>
    </message>
    <message>
        <location line="+3"/>
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
        <location line="+59"/>
        <source>Local port</source>
        <translation>本地端口</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+23"/>
        <source>Destination host</source>
        <translation>目标主机</translation>
    </message>
    <message>
        <location line="-22"/>
        <location line="+23"/>
        <source>Destination port</source>
        <translation>目标端口</translation>
    </message>
</context>
</TS>
