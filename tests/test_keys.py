"""Keys on a real terminal (a pty): a key pressed while the mode switches to
single keys is read, not dropped — the retake prompt's 'r' typed the moment
the prompt appears (field report: the take never came)."""

from __future__ import annotations

import os
import pty
import time

from voice_interview.commands.terminal import Keys


def _pty_keys():
    leader, follower = pty.openpty()
    stream = os.fdopen(follower, "r", buffering=1)
    return leader, stream, Keys(stream, tty=True)


def test_a_key_typed_just_before_single_keys_begins_is_read():
    leader, stream, keys = _pty_keys()
    try:
        os.write(leader, b"r")  # typed while the terminal is still line by line
        time.sleep(0.05)
        with keys.single_keys():
            assert keys.read(1.0) == "r"
    finally:
        stream.close()
        os.close(leader)


def test_flush_inside_single_keys_still_drops_what_was_typed_before():
    leader, stream, keys = _pty_keys()
    try:
        os.write(leader, b"x")
        time.sleep(0.05)
        with keys.single_keys():
            keys.flush()
            os.write(leader, b"r")
            assert keys.read(1.0) == "r"
    finally:
        stream.close()
        os.close(leader)
