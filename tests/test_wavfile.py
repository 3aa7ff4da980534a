"""Reading the answer WAV while the recorder writes it (voice_interview/records/wavfile.py)."""

from __future__ import annotations

import wave

import pytest

from voice_interview.records.wavfile import GrowingWav


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
        # Data written before the header's size is patched is read, in whole frames.
        handle.write(frames(100, 4) + b"\x05")
        handle.flush()
        assert growing.read_new() == frames(100, 4)
        handle.write(b"\x00")
        handle.flush()
        assert growing.read_new() == frames(1, 5)
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


@pytest.mark.parametrize("reads_before_the_race", [0, 2])
def test_a_header_rewritten_while_the_reader_reads_it_is_not_kept_stale(tmp_path, reads_before_the_race):
    """The race of issue 16, step by step: the recorder has written a block
    but not yet patched the header's data size when the reader looks (on
    opening the file, or later); the header is patched just after. The
    reader must go on to read every frame, not keep the lagging header."""
    path = tmp_path / "answer.wav"
    growing = GrowingWav(path)
    blocks = [frames(800, value) for value in range(1, 8)]
    read = b""
    with open(path, "wb") as handle, wave.open(handle, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16_000)
        for block in blocks[:reads_before_the_race + 1]:
            wav.writeframes(block)
            handle.flush()
            read += growing.read_new() or b""
        lagging = blocks[reads_before_the_race + 1]
        wav.writeframesraw(lagging)  # the data, before its header patch
        handle.flush()
        read += growing.read_new() or b""
        for block in blocks[reads_before_the_race + 2:]:
            wav.writeframes(block)  # patches the header, as the recorder does for every block
            handle.flush()
            read += growing.read_new()
    read += growing.read_new()
    growing.close()
    assert read == b"".join(blocks)


# --- the one reader and writer ---------------------------------------------------

def _stereo(path, left: int, right: int, count: int, width: int = 2):
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(width)
        wav.setframerate(8_000)
        wav.writeframes((left.to_bytes(width, "little", signed=True)
                         + right.to_bytes(width, "little", signed=True)) * count)
    return path


def test_a_written_wav_reads_back_as_16_bit_mono(tmp_path):
    from voice_interview.records.wavfile import SAMPLE_RATE, read_wav, read_wav_samples, write_wav

    path = write_wav(tmp_path / "a.wav", frames(800, 1000), SAMPLE_RATE)
    audio = read_wav(path)
    assert (audio.format.channels, audio.format.rate, audio.format.bits) == (1, 16_000, 16)
    assert audio.frames == frames(800, 1000) and audio.duration_s == 0.05
    header = read_wav(path, header_only=True)
    assert header.frames == b"" and header.frame_count == 800
    samples, rate = read_wav_samples(path)
    assert rate == 16_000 and samples.dtype.str == "<i2" and set(samples.tolist()) == {1000}
    samples, _ = read_wav_samples(path, as_float=True)
    assert samples.dtype.name == "float32" and set(samples.tolist()) == {1000 / 32768}


def test_channels_are_averaged(tmp_path):
    from voice_interview.records.wavfile import read_wav_samples

    path = _stereo(tmp_path / "s.wav", 1001, -2000, 10)
    samples, rate = read_wav_samples(path)
    assert rate == 8_000 and samples.tolist() == [-499] * 10  # the mean, cut toward zero
    samples, _ = read_wav_samples(path, as_float=True)
    assert samples.tolist() == pytest.approx([-499.5 / 32768] * 10)


def test_only_16_bit_samples_are_read(tmp_path):
    from voice_interview.records.wavfile import read_wav_samples

    with pytest.raises(ValueError, match="not a 16-bit PCM WAV"):
        read_wav_samples(_stereo(tmp_path / "s.wav", 1, 2, 10, width=3))
