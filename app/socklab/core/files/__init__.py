"""What SockLab reads and writes: log records, capture files, file transfers."""
