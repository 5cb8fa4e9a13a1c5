"""Long jobs a session runs: their progress and the traffic generator."""
