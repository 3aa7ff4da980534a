"""voice-interview: a local, private, voice-driven mock interview assistant.

Nothing here imports audio or speech libraries at import time: the edges in
``voice_interview.edges`` load them on first use.
"""

import os

# ONNX Runtime (faster-whisper's voice detector) sends usage telemetry to
# Microsoft unless told not to; this program opens no network connection.
# Set before anything can load onnxruntime.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

__version__ = "0.1.0"

__all__ = ["__version__"]
