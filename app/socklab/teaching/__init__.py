"""Teaching: what the socket API does, in words and in code. No Qt.

Imports the engine (:mod:`socklab.core`); the engine never imports it.

* :mod:`.codegen`: the plain-socket script for a tab's settings (a builder and
  one module per kind);
* :mod:`.explain`: a socket error -> what it means and the usual fix;
* :mod:`.languages`: the languages SockLab speaks (the one table, the window's too);
* :mod:`.catalogue`: their translations, read from the window's own .qm files.
"""
