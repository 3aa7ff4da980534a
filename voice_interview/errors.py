"""Domain errors. The core raises these; only the CLI turns them into output.

Every message is one line that says what went wrong and what to do.
"""

from voice_interview.status import ExitCode


class VoiceInterviewError(Exception):
    exit_code = ExitCode.ERROR


class BadInputError(VoiceInterviewError):
    """Bad user input or input data: exit code 2."""

    exit_code = ExitCode.USAGE


class BankError(BadInputError):
    pass


class SessionNotFoundError(BadInputError):
    pass


class SessionFormatError(BadInputError):
    pass


class AudioFileError(BadInputError):
    pass


class DeviceError(VoiceInterviewError):
    """A microphone, speaker or audio library problem: exit code 1."""


class NoInputDeviceError(DeviceError):
    pass


class SpeechError(VoiceInterviewError):
    """Text to speech failed or is not installed."""


class ModelError(VoiceInterviewError):
    """The transcription model is missing, damaged or cannot load."""


class StorageError(VoiceInterviewError):
    """Writing a session or a recording failed (full disk, permissions)."""


class InterviewStopped(Exception):
    """The candidate chose to end the interview (second Ctrl-C); the CLI
    says the session is saved and exits 130."""

    def __init__(self, session) -> None:
        super().__init__("interview ended by the candidate")
        self.session = session


class SessionBusyError(VoiceInterviewError):
    """Another process is writing the session (an interview in progress): exit code 1."""
