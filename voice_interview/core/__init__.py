"""The interview core: ask, listen, transcribe, save. No hardware, no Click:
it talks to the world only through the four edges (``voice_interview.edges``)."""
