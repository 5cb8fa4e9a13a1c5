"""SockLab: a socket tester that shows what the socket API does."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("socklab")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"
