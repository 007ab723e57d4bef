"""Real test videos, made with PyAV: encoded MP4 (H.264) and WebM (VP8/VP9) files with the metadata a phone
or a browser writes, and raw YUV4MPEG2 files for Chromium's fake camera
(`--use-file-for-fake-video-capture=clip.y4m`).

Every frame shows a fixed diagonal gradient, a box that moves across it and a bar whose colour changes with
time, so stills taken at different moments differ and the encoder has motion to code.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Literal

import av
from PIL import Image, ImageDraw

Container = Literal["mp4", "webm"]


def encoder_available(name: str) -> bool:
    """Whether the FFmpeg inside the PyAV wheel can encode with `name` (e.g. "libx264", "libvpx")."""
    try:
        av.Codec(name, "w")
    except av.FFmpegError:
        return False
    return True


def default_codec(container: Container) -> str:
    if container == "webm":
        return "libvpx"  # VP8, what Chrome's MediaRecorder records by default
    return "libx264" if encoder_available("libx264") else "mpeg4"


def iso6709(lat: float, lon: float, altitude: float | None = None) -> str:
    """A point the way phones write it: "+23.1847+113.2719+012.000/"."""
    text = f"{lat:+08.4f}{lon:+09.4f}"
    if altitude is not None:
        text += f"{altitude:+08.3f}"
    return text + "/"


def frames(*, seconds: float, width: int, height: int, fps: int) -> Iterator[Image.Image]:
    """RGB frames of the moving test picture."""
    if width % 2 or height % 2:
        raise ValueError("width and height must be even (4:2:0 chroma)")
    gradient = Image.linear_gradient("L").resize((width, height))
    background = Image.merge(
        "RGB", (gradient, gradient.rotate(90).resize((width, height)), Image.new("L", (width, height), 96))
    )
    box = max(8, min(width, height) // 5)
    count = round(seconds * fps)
    for index in range(count):
        t = index / fps
        image = background.copy()
        draw = ImageDraw.Draw(image)
        x = int((width - box) * (index / max(1, count - 1)))
        y = int((height - box) * (0.5 + 0.4 * ((index % 20) / 20 - 0.5)))
        draw.rectangle((x, y, x + box, y + box), fill=(255, 220, 0), outline=(0, 0, 0))
        shade = int(255 * (t % 4) / 4)
        draw.rectangle((0, height - height // 10, width, height), fill=(shade, 255 - shade, 128))
        yield image


def make_video(
    path: str | os.PathLike[str],
    *,
    seconds: float = 12,
    width: int = 640,
    height: int = 480,
    fps: int = 10,
    container: Container = "mp4",
    codec: str | None = None,
    creation_time: dt.datetime | None = None,
    location: tuple[float, float] | tuple[float, float, float] | str | None = None,
    rotation: int = 0,
    keyframe_every_s: float | None = 1.0,
    duration_header: bool = True,
    audio: bool = False,
) -> Path:
    """Write a real encoded video to `path` and return it.

    `creation_time` goes to the container's creation_time (an aware datetime), `location` to its location
    metadata ((lat, lon), (lat, lon, altitude) or a raw ISO 6709 string; MP4 stores it as QuickTime's ©xyz
    atom).
    `rotation` sets the display matrix (counter-clockwise degrees), as a phone held upright does.
    `keyframe_every_s=None` puts a single keyframe at the start, as browser recordings often have.
    `duration_header=False` (WebM only) writes a live stream without duration or cues, as MediaRecorder does.
    `audio` adds a quiet tone (Opus in WebM, AAC in MP4)."""
    path = Path(path)
    options: dict[str, str] = {}
    if not duration_header:
        if container != "webm":
            raise ValueError("only WebM can be written without a duration header")
        options["live"] = "1"
    muxer = "webm" if container == "webm" else "mp4"
    with av.open(str(path), mode="w", format=muxer, options=options) as out:
        if creation_time is not None:
            if creation_time.tzinfo is None:
                raise ValueError("creation_time must be timezone-aware")
            out.metadata["creation_time"] = creation_time.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        if location is not None:
            out.metadata["location"] = location if isinstance(location, str) else iso6709(*location)
        name = codec or default_codec(container)
        stream = out.add_stream(name, rate=fps, options=_speed_options(name))
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        total = round(seconds * fps)
        stream.codec_context.gop_size = round(keyframe_every_s * fps) if keyframe_every_s else total + 1
        if rotation:
            stream.set_display_rotation(rotation)
        sound = out.add_stream("libopus" if container == "webm" else "aac", rate=48000) if audio else None
        if sound is not None:
            assert isinstance(sound, av.AudioStream)
            sound.layout = "mono"
        samples_written = 0
        for index, image in enumerate(frames(seconds=seconds, width=width, height=height, fps=fps)):
            frame = av.VideoFrame.from_image(image)
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            out.mux(stream.encode(frame))
            if sound is not None:
                until = round((index + 1) / fps * 48000)
                while samples_written < until:
                    out.mux(sound.encode(_tone(samples_written, 960)))
                    samples_written += 960
        out.mux(stream.encode(None))
        if sound is not None:
            out.mux(sound.encode(None))
    return path


def _speed_options(codec: str) -> dict[str, str]:
    if codec == "libx264":
        return {"preset": "ultrafast"}
    if codec in {"libvpx", "libvpx-vp9"}:
        # One thread: libvpx's worker threads made the same clip take 0.4 s or 10 s on a busy 2-core machine.
        return {"deadline": "realtime", "cpu-used": "8", "threads": "1", "b": "400k"}
    return {}


def _tone(start: int, samples: int) -> av.AudioFrame:
    """`samples` of a quiet 440 Hz square wave, mono s16 at 48 kHz, starting at sample `start`."""
    frame = av.AudioFrame(format="s16", layout="mono", samples=samples)
    level = 2000
    data = bytearray()
    for n in range(start, start + samples):
        data += (level if (n * 440 // 24000) % 2 else -level).to_bytes(2, "little", signed=True)
    frame.planes[0].update(bytes(data))
    frame.sample_rate = 48000
    frame.pts = start
    frame.time_base = Fraction(1, 48000)
    return frame


def write_y4m(
    path: str | os.PathLike[str], seconds: float = 12, width: int = 640, height: int = 480, fps: int = 10
) -> Path:
    """Write the moving test picture as raw YUV4MPEG2 (4:2:0, full range "420jpeg"), the format Chromium's
    fake camera reads; about 0.46 MB a frame at 640×480."""
    path = Path(path)
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for image in frames(seconds=seconds, width=width, height=height, fps=fps):
            luma, blue, red = image.convert("YCbCr").split()
            half = (width // 2, height // 2)
            out.write(b"FRAME\n")
            out.write(luma.tobytes())
            out.write(blue.resize(half, Image.Resampling.BOX).tobytes())
            out.write(red.resize(half, Image.Resampling.BOX).tobytes())
    return path
