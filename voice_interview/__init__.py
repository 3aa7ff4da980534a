"""voice-interview: a local, private, voice-driven mock interview assistant.

Nothing here imports audio or speech libraries at import time: the edges in
``voice_interview.edges`` load them on first use.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
