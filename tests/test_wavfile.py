"""Reading the answer WAV while the recorder writes it (voice_interview/wavfile.py)."""

from __future__ import annotations

import wave

import pytest

from voice_interview.wavfile import GrowingWav


def frames(count: int, value: int) -> bytes:
    return value.to_bytes(2, "little", signed=True) * count


def test_reads_each_block_once_as_it_is_written(tmp_path):
    path = tmp_path / "answer.wav"
    growing = GrowingWav(path)
    assert growing.read_new() is None  # no file yet
    with open(path, "wb") as handle, wave.open(handle, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16_000)
        handle.flush()
        assert growing.read_new() is None  # no header yet
        for value in (1, 2, 3):
            wav.writeframes(frames(1600, value))
            handle.flush()
            assert growing.read_new() == frames(1600, value)
            assert growing.read_new() == b""
        # Data written but the size in the header not yet patched is not read.
        handle.write(frames(100, 4))
        handle.flush()
        assert growing.read_new() == b""
    assert (growing.format.channels, growing.format.rate, growing.format.bits) == (1, 16_000, 16)
    growing.close()


def test_a_file_left_from_before_is_ignored_until_it_is_rewritten(tmp_path):
    path = tmp_path / "answer.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16_000)
        wav.writeframes(frames(800, 9))
    growing = GrowingWav(path)
    assert growing.read_new() is None
    path.unlink()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16_000)
        wav.writeframes(frames(400, 5))
    assert growing.read_new() == frames(400, 5)
    growing.close()


def test_a_file_that_is_not_our_wav_is_an_error(tmp_path):
    path = tmp_path / "answer.wav"
    growing = GrowingWav(path)
    path.write_bytes(b"ID3" + bytes(100))
    with pytest.raises(ValueError, match="not a PCM WAV"):
        growing.read_new()
