"""Speech engines: text in, an MP3 file out.

The engine is chosen by ``NARRATION_ENGINE`` (a dotted path) with ``NARRATION_ENGINE_OPTIONS``
passed to it. The default, ``EspeakEngine``, is offline and installs from Debian
(``espeak-ng`` with its Vietnamese voices, ``lame`` for MP3): ``make narration-tools``.
A better voice plugs in as a subclass of ``Engine`` that implements ``synthesize(text)`` and
returns the audio bytes (see docs/narration.md): a local neural model run as a command
(``CommandEngine`` covers any program that reads text on stdin and writes a WAV file), or a
text-to-speech web service called with its client library.
"""

import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


class EngineError(Exception):
    """The engine could not make the audio; the message is shown to the editor."""


@dataclass
class Audio:
    data: bytes
    extension: str
    duration: float  # seconds


class Engine:
    """Base class: ``name`` is stored with each file, so a change of engine regenerates."""

    name = "engine"
    timeout = 300  # seconds one article may take

    def __init__(self, **options):
        self.options = options

    def synthesize(self, text: str) -> Audio:
        raise NotImplementedError


def _run(command, *, stdin=None, timeout):
    try:
        completed = subprocess.run(
            command, input=stdin, capture_output=True, timeout=timeout, check=False
        )
    except FileNotFoundError as error:
        raise EngineError(f"Không tìm thấy chương trình {command[0]!r} trên máy chủ.") from error
    except subprocess.TimeoutExpired as error:
        raise EngineError(f"{command[0]} chạy quá {timeout} giây.") from error
    if completed.returncode != 0:
        detail = completed.stderr.decode("utf-8", "replace").strip()[:300]
        raise EngineError(f"{command[0]} dừng với mã {completed.returncode}: {detail}")
    return completed


def encode_mp3(wav_path: Path, bitrate: int, timeout: int) -> Audio:
    """WAV → mono MP3 with ``lame`` (speech at 32–48 kbit/s is clear and small)."""
    try:
        with wave.open(str(wav_path)) as wav:
            duration = wav.getnframes() / float(wav.getframerate() or 1)
    except (wave.Error, EOFError) as error:
        raise EngineError("Bộ đọc không tạo ra tệp âm thanh hợp lệ.") from error
    mp3_path = wav_path.with_suffix(".mp3")
    lame = shutil.which("lame") or "lame"
    _run(
        [lame, "--quiet", "-m", "m", "-b", str(bitrate), str(wav_path), str(mp3_path)],
        timeout=timeout,
    )
    return Audio(data=mp3_path.read_bytes(), extension="mp3", duration=duration)


class CommandEngine(Engine):
    """Any program that reads the text on stdin and writes a WAV file: ``command`` is a list
    whose ``{output}`` item is replaced by the WAV path, e.g.
    ``["piper", "--model", "/opt/voices/vi_VN.onnx", "--output_file", "{output}"]``."""

    name = "command"

    def command(self, output: Path) -> list[str]:
        return [str(part).replace("{output}", str(output)) for part in self.options["command"]]

    def synthesize(self, text: str) -> Audio:
        timeout = int(self.options.get("timeout", self.timeout))
        with tempfile.TemporaryDirectory(prefix="narration-") as folder:
            output = Path(folder) / "reading.wav"
            _run(self.command(output), stdin=text.encode("utf-8"), timeout=timeout)
            if not output.exists() or output.stat().st_size == 0:
                raise EngineError("Bộ đọc không tạo ra tệp âm thanh.")
            return encode_mp3(output, int(self.options.get("bitrate", 40)), timeout)


class EspeakEngine(CommandEngine):
    """espeak-ng's Vietnamese voice (offline, robotic but clear): ``voice`` is one of
    ``vi`` (Northern), ``vi-vn-x-central``, ``vi-vn-x-south`` (default: Tây Ninh is in the
    South); ``speed`` in words per minute."""

    name = "espeak-ng"

    def command(self, output: Path) -> list[str]:
        voice = self.options.get("voice", "vi-vn-x-south")
        speed = str(self.options.get("speed", 150))
        espeak = shutil.which("espeak-ng") or "espeak-ng"
        return [espeak, "-v", voice, "-s", speed, "--stdin", "-w", str(output)]


def get_engine() -> Engine:
    engine_class = import_string(settings.NARRATION_ENGINE)
    return engine_class(**settings.NARRATION_ENGINE_OPTIONS)
