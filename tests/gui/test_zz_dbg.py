from tests.gui.test_tcp_server_tab import *
def test_dbg(qtbot, window, clients):
    tab = window.tcp_server_tab
    port = start_server(qtbot, tab)
    (client,) = connect(clients, port)
    wait_connected(qtbot, tab, 1)
    auto_reply = widget(tab, QComboBox, "autoReply")
    choose(auto_reply, AutoReply.ECHO.value)
    print("opts", tab.options())
    qtbot.wait(200)
    print("session opts", tab.session.options)
    client.sendall(b"ping")
    qtbot.wait(300)
    print([r for r in log_rows(tab)])
