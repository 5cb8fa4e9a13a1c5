"""Teaching: what the socket API does, in words and in code. No Qt.

Imports the engine (:mod:`socklab.core`); the engine never imports it.
"""
