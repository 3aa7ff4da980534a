"""Process exit codes, as documented in the README."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1  # a runtime failure: device, model, disk
    USAGE = 2  # bad arguments or bad input data
    INTERRUPTED = 130  # Ctrl-C
    CLOSED_PIPE = 141  # the reader of our output went away (`| head`), as for SIGPIPE
