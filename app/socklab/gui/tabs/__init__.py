"""The session tabs: :class:`~.base.SessionTab` (generic over its session) with
its collaborators (frame, task runner, job controller, code follower, kept
settings), and one module per kind of tab."""
