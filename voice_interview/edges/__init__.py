"""The four edges the interview core talks to: speak, record, play, transcribe.

``base`` holds the small interfaces; each real adapter lives in its own
module and imports its heavy library (pyttsx3, sounddevice, faster_whisper,
pydub) only when first used. ``fakes`` holds the test doubles.
"""
