"""WAV files this program writes: 16-bit PCM with the 44-byte header of the
standard library's ``wave`` module, which the recorder patches after every
block. Pure standard library."""

from __future__ import annotations

import struct
from pathlib import Path


def repair_wav(path: Path) -> float:
    """Make a WAV whose writer died readable again: set the RIFF and data
    sizes from the file's real length (whole frames only). Returns its
    duration in seconds. Only files this program wrote (a 44-byte PCM
    header, as the ``wave`` module writes) are repaired."""
    with open(path, "r+b") as handle:
        header = handle.read(44)
        if len(header) < 44 or header[:4] != b"RIFF" or header[8:16] != b"WAVEfmt " or header[36:40] != b"data":
            raise ValueError(f"{path} is not a PCM WAV written by voice-interview")
        channels, rate = struct.unpack("<HI", header[22:28])
        bits = struct.unpack("<H", header[34:36])[0]
        frame_bytes = channels * bits // 8
        handle.seek(0, 2)
        data_bytes = (handle.tell() - 44) // frame_bytes * frame_bytes
        handle.truncate(44 + data_bytes)
        handle.seek(4)
        handle.write(struct.pack("<I", 36 + data_bytes))
        handle.seek(40)
        handle.write(struct.pack("<I", data_bytes))
    return data_bytes / frame_bytes / rate
