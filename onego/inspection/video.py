"""Server-side checks on a premises video (现场视频) for remote inspection, with PyAV.

Two pure functions, no database: `probe` opens an uploaded file, decodes every frame (so a file that only
looks like a video is refused) and reads what the reviewer and the rules need; `check` judges those facts
against the registered premises and the limits in `settings.ONEGO_VIDEO`, and says what to re-record.

Phone videos come in two shapes. A camera app's MP4/MOV carries its own recording time (`creation_time`)
and often its place (ISO 6709 `location`). A recording made in the browser (MediaRecorder) is WebM with
neither, and usually without a duration in its header; its place and time come from the recording page
(geolocation and client clock), passed to `check` as `declared_location` and `recorded_at`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import IO, Any, Final, TypeAlias

import av
import av.container
import av.video.stream
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from PIL import Image

from onego.core.errors import ApiError
from onego.registry.geo import distance_m  # noqa: F401 - re-exported (haversine, within 0.5% of WGS84)

# Demuxers we accept: MP4/MOV/3GP (phone cameras) and Matroska/WebM (browser recordings). Anything else that
# FFmpeg happens to open (a JPEG, a GIF, an MP3) is not a premises video.
ACCEPTED_FORMATS = frozenset({"mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"})

FUTURE_TOLERANCE = dt.timedelta(minutes=10)  # phone clocks drift; more than this ahead is a wrong clock
THUMBNAIL_COUNT = 6
THUMBNAIL_MAX_WIDTH = 320
_EARLIEST_PLAUSIBLE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # 1904/1970 stamps mean "clock never set"

_DEFAULT_LIMITS: dict[str, int] = {
    "max_distance_m": 100,
    "max_age_days": 7,
    "min_seconds": 10,
    "max_seconds": 600,
    "min_height": 480,
    "max_bytes": 300 * 1024 * 1024,
}

LatLon: TypeAlias = tuple[float, float]
VideoSource: TypeAlias = str | os.PathLike[str] | IO[bytes]


def video_limit(name: str) -> int:
    """One of the configurable limits of `settings.ONEGO_VIDEO`, read at call time (tests and admins change
    them), falling back to the shipped default."""
    configured: Mapping[str, Any] = getattr(settings, "ONEGO_VIDEO", None) or {}
    return int(configured.get(name, _DEFAULT_LIMITS[name]))


class VideoInvalid(ApiError):
    """The upload is not a decodable premises video. `code` is machine-readable (video_undecodable,
    video_incomplete, video_not_a_video, video_too_large, video_empty) and `params` what was measured; the
    message, safe to show, is `describe(code, params)` in the language active when it is raised."""

    def __init__(self, code: str, params: Mapping[str, Any] | None = None, *, status: int = 422) -> None:
        self.params = dict(params or {})
        super().__init__(code, describe(code, self.params), status=status)


@dataclass(frozen=True)
class Thumbnail:
    """One still for the reviewer: a JPEG at most `THUMBNAIL_MAX_WIDTH` wide, upright."""

    at_seconds: float  # from the start of the video
    width: int
    height: int
    jpeg: bytes = field(repr=False)


@dataclass(frozen=True)
class VideoFacts:
    """What `probe` read from a video. Sizes are as coded; `rotation` is the display rotation
    (counter-clockwise degrees, 0/90/180/270) a phone records when held upright."""

    container: str  # FFmpeg demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm"
    codec: str  # e.g. "h264", "hevc", "vp8", "vp9"
    duration_seconds: float
    duration_from_header: bool  # False: the header had none (MediaRecorder WebM); measured by decoding
    width: int
    height: int
    rotation: int
    frame_rate: float | None
    frame_count: int  # frames actually decoded
    size_bytes: int
    created_at: dt.datetime | None  # container `creation_time`, aware UTC
    location: LatLon | None  # from container metadata (ISO 6709), degrees
    location_text: str | None  # the raw metadata string, kept for the record
    thumbnails: tuple[Thumbnail, ...] = field(repr=False)

    @property
    def shorter_side(self) -> int:
        """The "p" of 480p/720p: a phone held upright records 720×1280, which is 720p, not 1280p."""
        return min(self.width, self.height)


class ProblemCode(StrEnum):
    NO_LOCATION = "no_location"
    TOO_FAR = "too_far"
    NO_TIME = "no_time"
    TOO_OLD = "too_old"
    IN_FUTURE = "in_future"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    TOO_SMALL = "too_small"
    TOO_LARGE = "too_large"


@dataclass(frozen=True)
class Problem:
    """A reason to re-record. `value` is what was measured, in `unit` (m, days, minutes, s, px, bytes);
    None when nothing could be measured (no location, no time). `params` fill the message, which is written
    when it is shown (`describe`), in the reader's language."""

    code: ProblemCode
    params: Mapping[str, Any] = field(default_factory=dict)
    value: float | None = None
    unit: str = ""

    @property
    def message(self) -> str:
        """What the applicant is told to record again, in the active language."""
        return describe(self.code, self.params)


# Every message a video can get, by code. The stored problem keeps the code and its params (numbers, a time
# already in Asia/Shanghai); the page writes the message in the reader's language when it shows it. Params
# ending in _bytes, _seconds and _m are sizes, durations and distances, written with their unit.
_MESSAGES: Final[Mapping[str, Any]] = {
    "video_too_large": gettext_lazy(
        "视频文件 %(size_bytes)s，超过 %(limit_bytes)s 的上限。请缩短视频或降低分辨率后重新拍摄。"
    ),
    "video_empty": gettext_lazy("视频文件是空的，请重新上传。"),
    "video_not_a_video": gettext_lazy(
        "上传的文件不是视频（识别为 %(format)s）。请上传手机拍摄的 MP4、MOV 或 WebM 视频。"
    ),
    "video_incomplete": gettext_lazy(
        "视频不完整：文件应有 %(header_seconds)s，但只能解码出 %(decoded_seconds)s的画面。"
        "文件可能未上传完整，请重新上传或重新拍摄。"
    ),
    "video_undecodable": gettext_lazy(
        "视频无法解码：%(detail)s。文件可能未上传完整或已损坏，请重新上传或重新拍摄。"
    ),
    ProblemCode.NO_LOCATION: gettext_lazy(
        "无法确定视频的拍摄地点。请在办事页面录制视频，并允许页面获取手机位置，在经营场所现场重新拍摄。"
    ),
    ProblemCode.TOO_FAR: gettext_lazy(
        "视频拍摄地点距登记的经营场所约 %(distance_m)s，超过 %(limit_m)s。请在经营场所现场重新拍摄。"
    ),
    ProblemCode.NO_TIME: gettext_lazy("无法确定视频的拍摄时间。请使用办事页面的现场录制功能重新拍摄。"),
    ProblemCode.IN_FUTURE: gettext_lazy(
        "视频记录的拍摄时间 %(shown)s 晚于当前时间，手机的日期或时间可能有误。"
        "请校正手机时间后在经营场所现场重新拍摄。"
    ),
    ProblemCode.TOO_OLD: gettext_lazy(
        "视频拍摄于 %(shown)s，距今 %(days)s 天，超过 %(limit_days)s 天。请在经营场所现场重新拍摄。"
    ),
    ProblemCode.TOO_SHORT: gettext_lazy(
        "视频时长 %(duration_seconds)s，短于 %(limit_seconds)s。"
        "请重新拍摄至少 %(limit_seconds)s的视频，完整展示经营场所和设施。"
    ),
    ProblemCode.TOO_LONG: gettext_lazy(
        "视频时长 %(duration_seconds)s，超过 %(limit_seconds)s。"
        "请重新拍摄不超过 %(limit_seconds)s的视频，可分成几段分别拍摄。"
    ),
    ProblemCode.TOO_SMALL: gettext_lazy(
        "视频分辨率为 %(size)s，低于 %(min_height)sp（短边至少 %(min_height)s 像素），看不清现场细节。"
        "请在相机设置中选择 720p 或更高的分辨率后在经营场所现场重新拍摄。"
    ),
    ProblemCode.TOO_LARGE: gettext_lazy(
        "视频文件 %(size_bytes)s，超过 %(limit_bytes)s 的上限。请缩短视频或降低分辨率后重新拍摄。"
    ),
    "premises_unknown": gettext_lazy(
        "经营场所地址不在标准地址库中，无法自动核对拍摄地点，由审查人员人工核对。"
    ),
}

# Why a video does not decode (the `detail` param of video_undecodable).
_DETAILS: Final[Mapping[str, Any]] = {
    "no_picture": gettext_lazy("文件中没有可显示的画面"),
    "invalid_data": gettext_lazy("数据无效或不完整"),
    "picture_too_large": gettext_lazy("画面过大"),
    "decoder": gettext_lazy("解码器报告“%(strerror)s”"),
}


def describe(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The message of a problem or a refusal in the active language; "" for a code it does not know."""
    template = _MESSAGES.get(code)
    if template is None:
        return ""
    values: dict[str, Any] = {}
    for key, value in (params or {}).items():
        if key == "detail":
            value = str(_DETAILS.get(value, value)) % {"strerror": (params or {}).get("strerror", "")}
        elif key.endswith("_bytes"):
            value = _mib(int(value))
        elif key.endswith("_seconds"):
            value = _seconds(float(value))
        elif key.endswith("_m"):
            value = _metres(float(value))
        values[key] = value
    return str(template) % values if "%(" in str(template) else str(template)


def stored_message(problem: Mapping[str, Any]) -> str:
    """The message of a problem as check_video stores it ({"code", "params", ...}), in the active language;
    a problem stored before messages were kept as code and params shows the message stored with it."""
    if "params" in problem:
        return describe(str(problem.get("code", "")), problem["params"]) or str(problem.get("message", ""))
    return str(problem.get("message", ""))


# --- probe ---------------------------------------------------------------------------------------------


def probe(source: VideoSource, *, thumbnails: int = THUMBNAIL_COUNT) -> VideoFacts:
    """Open a video, decode all of its frames and return its facts with up to `thumbnails` stills spread
    evenly over its length. Raises VideoInvalid (never a raw PyAV error) for anything that does not decode
    as a video of an accepted container; a missing path raises FileNotFoundError as usual."""
    size = _size_of(source)
    max_bytes = video_limit("max_bytes")
    if size > max_bytes:  # refused before any decoding: work stays bounded whatever is uploaded
        raise VideoInvalid(
            "video_too_large",
            {"size_bytes": size, "limit_bytes": max_bytes},
            status=413,
        )
    if size == 0:
        raise VideoInvalid("video_empty")
    if not isinstance(source, str | os.PathLike):
        source.seek(0)
    try:
        # Tags in a broken encoding must not make a good video fail: they are replaced, not fatal.
        container = av.open(
            source if not isinstance(source, os.PathLike) else os.fspath(source),
            mode="r",
            metadata_errors="replace",
        )
    except (av.FFmpegError, ValueError) as exc:
        raise _undecodable(exc) from exc
    try:
        return _probe_open(container, size=size, wanted=thumbnails)
    except (av.FFmpegError, ValueError, EOFError, MemoryError) as exc:  # PyAV's errors are ValueErrors too
        raise _undecodable(exc) from exc
    finally:
        container.close()


def _probe_open(container: av.container.InputContainer, *, size: int, wanted: int) -> VideoFacts:
    if container.format.name not in ACCEPTED_FORMATS or not container.streams.video:
        raise VideoInvalid(
            "video_not_a_video",
            {"format": container.format.long_name or container.format.name},
        )
    stream = container.streams.video[0]
    stream.thread_type = "AUTO"
    time_base = stream.time_base or Fraction(1, 1000)
    walk = _decode_all(container, stream)
    if walk.frame_count == 0:
        raise _undecodable(None)

    header, header_is_video = _header_duration(container, stream)
    decoded = float((walk.end_pts - walk.start_pts) * time_base)
    # The slack covers B-frame reordering, edit lists and rounding.
    shortfall = header is not None and decoded < header - max(1.0, 0.05 * header)
    if shortfall and header_is_video:
        # The video track's own header promises pictures the file does not hold: an upload cut off at the
        # end, which decoders often pass over without an error.
        raise VideoInvalid(
            "video_incomplete",
            {"header_seconds": header or 0, "decoded_seconds": decoded},
        )
    # A container duration also covers audio, which may run longer than the pictures: trust the pictures.
    use_header = header is not None and not shortfall
    duration = header if header is not None and use_header else decoded

    metadata = _metadata(container, stream)
    location_text = next((metadata[k] for k in _LOCATION_KEYS if metadata.get(k)), None)
    rate = stream.average_rate or stream.guessed_rate
    return VideoFacts(
        container=container.format.name,
        codec=stream.codec_context.name,
        duration_seconds=round(duration, 3),
        duration_from_header=use_header,
        width=walk.width,
        height=walk.height,
        rotation=walk.rotation,
        frame_rate=float(rate) if rate else None,
        frame_count=walk.frame_count,
        size_bytes=size,
        created_at=_creation_time(metadata),
        location=parse_iso6709(location_text) if location_text else None,
        location_text=location_text,
        thumbnails=tuple(_thumbnails(container, stream, walk, wanted)),
    )


@dataclass
class _Walk:
    """What one pass over every frame found."""

    frame_count: int = 0
    start_pts: int = 0
    end_pts: int = 0  # pts just after the last frame (its pts + its duration)
    width: int = 0
    height: int = 0
    rotation: int = 0
    keyframe_pts: list[int] = field(default_factory=list)  # in display order; where seeks can land


def _decode_all(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> _Walk:
    walk = _Walk()
    start: int | None = None
    fallback_step = _frame_step(stream)
    for frame in container.decode(stream):
        if frame.pts is None:
            continue  # nothing to place in time; still proves the data decodes
        if start is None:
            start = frame.pts
            walk.width, walk.height = frame.width, frame.height
            walk.rotation = round(frame.rotation or 0) % 360
        start = min(start, frame.pts)
        walk.frame_count += 1
        walk.end_pts = max(walk.end_pts, frame.pts + (frame.duration or fallback_step))
        if frame.key_frame:
            walk.keyframe_pts.append(frame.pts)
    walk.start_pts = start or 0
    walk.keyframe_pts.sort()
    return walk


def _frame_step(stream: av.video.stream.VideoStream) -> int:
    """One frame's length in stream time-base units, for frames that do not carry their duration."""
    rate = stream.average_rate or stream.guessed_rate
    if not rate or not stream.time_base:
        return 0
    return max(1, round(1 / (rate * stream.time_base)))


def _header_duration(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream
) -> tuple[float | None, bool]:
    """The duration the header declares and whether it is the video track's own (else the container's)."""
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base), True
    if container.duration:
        return container.duration / av.time_base, False
    return None, False


def _thumbnails(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream, walk: _Walk, wanted: int
) -> Iterator[Thumbnail]:
    """Stills at the middles of `wanted` equal slices of the video. For each, seek to the last keyframe
    before it and decode forward to it; a browser recording may have a single keyframe at the start, so
    when no keyframe lies between the last still and the next, decoding simply goes on without a seek."""
    if wanted <= 0 or not walk.keyframe_pts:
        return
    time_base = stream.time_base or Fraction(1, 1000)
    span = walk.end_pts - walk.start_pts
    targets = [walk.start_pts + int(span * (i + 0.5) / wanted) for i in range(wanted)]
    frames: Iterator[av.VideoFrame] | None = None
    position: int | None = None  # pts of the last decoded frame
    last_taken: int | None = None
    for target in targets:
        keyframe = max((k for k in walk.keyframe_pts if k <= target), default=walk.keyframe_pts[0])
        if frames is None or position is None or keyframe > position or target < position:
            container.seek(keyframe, stream=stream, backward=True, any_frame=False)
            frames = container.decode(stream)
            position = None
        chosen: av.VideoFrame | None = None
        for frame in frames:
            if frame.pts is None:
                continue
            position = frame.pts
            chosen = frame
            if frame.pts >= target:
                break
        if chosen is None or chosen.pts is None or chosen.pts == last_taken:
            continue
        last_taken = chosen.pts
        at_seconds = float((chosen.pts - walk.start_pts) * time_base)
        yield _thumbnail(chosen, at_seconds=at_seconds, rotation=walk.rotation)


def _thumbnail(frame: av.VideoFrame, *, at_seconds: float, rotation: int) -> Thumbnail:
    image = frame.to_image()
    if rotation:
        image = image.rotate(rotation, expand=True)  # both PIL and the display matrix turn counter-clockwise
    if image.width > THUMBNAIL_MAX_WIDTH:
        height = max(1, round(image.height * THUMBNAIL_MAX_WIDTH / image.width))
        image = image.resize((THUMBNAIL_MAX_WIDTH, height), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=80)
    return Thumbnail(
        at_seconds=round(at_seconds, 3), width=image.width, height=image.height, jpeg=out.getvalue()
    )


def _size_of(source: VideoSource) -> int:
    if isinstance(source, str | os.PathLike):
        return os.stat(source).st_size
    size = getattr(source, "size", None)  # Django's UploadedFile knows it
    if isinstance(size, int):
        return size
    source.seek(0, io.SEEK_END)
    end = source.tell()
    source.seek(0)
    return end


def _undecodable(exc: BaseException | None) -> VideoInvalid:
    return VideoInvalid("video_undecodable", _ffmpeg_detail(exc))


def _ffmpeg_detail(exc: BaseException | None) -> dict[str, str]:
    if exc is None:
        return {"detail": "no_picture"}
    if isinstance(exc, av.InvalidDataError | EOFError):
        return {"detail": "invalid_data"}
    if isinstance(exc, MemoryError):
        return {"detail": "picture_too_large"}
    return {"detail": "decoder", "strerror": getattr(exc, "strerror", None) or type(exc).__name__}


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


# --- metadata ------------------------------------------------------------------------------------------

# Lower-cased keys; FFmpeg exposes QuickTime's ©xyz as "location" (and "location-eng"), Apple's mdta key
# as-is, and Matroska tags in upper case.
_LOCATION_KEYS = ("location", "com.apple.quicktime.location.iso6709", "location-eng")


def _metadata(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> dict[str, str]:
    """Container metadata over the video stream's, keys lower-cased."""
    merged = {k.lower(): str(v) for k, v in stream.metadata.items()}
    merged.update({k.lower(): str(v) for k, v in container.metadata.items()})
    return merged


def _creation_time(metadata: Mapping[str, str]) -> dt.datetime | None:
    """The recording time: `creation_time` (UTC by convention; Matroska's DateUTC arrives under the same
    name), else Apple's `creationdate` (local time with an offset). Stamps before 2000 are a camera whose
    clock was never set (1904 and 1970 are the zero dates of QuickTime and Unix) and count as absent."""
    for key in ("creation_time", "com.apple.quicktime.creationdate"):
        parsed = parse_timestamp(metadata.get(key, ""))
        if parsed is not None and parsed >= _EARLIEST_PLAUSIBLE:
            return parsed
    return None


def parse_timestamp(text: str) -> dt.datetime | None:
    """An ISO 8601 timestamp as aware UTC; a time without an offset is taken as UTC (FFmpeg's convention
    for `creation_time`). None when it is not a timestamp."""
    text = text.strip()
    if not text:
        return None
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


_ISO6709 = re.compile(r"^\s*([+-]\d+(?:\.\d*)?)([+-]\d+(?:\.\d*)?)([+-]\d+(?:\.\d*)?)?(?:CRS[^/]*)?/?\s*$")


def parse_iso6709(text: str) -> LatLon | None:
    """Latitude and longitude in degrees from an ISO 6709 point ("+23.1847+113.2719+012.000/"). Degrees,
    degrees-minutes (±DDMM.MM±DDDMM.MM) and degrees-minutes-seconds forms are read by their digit count, as
    the standard lays out. None for anything unreadable, out of range, or 0,0 (an unset GPS)."""
    match = _ISO6709.match(text or "")
    if not match:
        return None
    lat = _iso6709_degrees(match.group(1), degree_digits=2)
    lon = _iso6709_degrees(match.group(2), degree_digits=3)
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return (lat, lon)


def _iso6709_degrees(part: str, *, degree_digits: int) -> float | None:
    sign = -1.0 if part[0] == "-" else 1.0
    whole, _, fraction = part[1:].partition(".")
    fraction_value = float(f"0.{fraction}") if fraction else 0.0
    if len(whole) == degree_digits:
        return sign * (int(whole) + fraction_value)
    if len(whole) == degree_digits + 2:  # degrees and minutes
        minutes = int(whole[-2:]) + fraction_value
        return sign * (int(whole[:-2]) + minutes / 60) if minutes < 60 else None
    if len(whole) == degree_digits + 4:  # degrees, minutes and seconds
        minutes, seconds = int(whole[-4:-2]), int(whole[-2:]) + fraction_value
        if minutes >= 60 or seconds >= 60:
            return None
        return sign * (int(whole[:-4]) + minutes / 60 + seconds / 3600)
    return None


# --- check ---------------------------------------------------------------------------------------------


def check(
    facts: VideoFacts,
    *,
    premises: LatLon | None,
    declared_location: LatLon | None = None,
    declared_end: LatLon | None = None,
    recorded_at: dt.datetime | None = None,
    now: dt.datetime,
) -> list[Problem]:
    """Every reason the video cannot serve as an on-site video of `premises`, in a fixed order; an empty
    list means it can go to the reviewer. The place is the video's own (container metadata) when it has
    one, else the recording page's geolocation at start (`declared_location`) and end (`declared_end`), the
    farther of the two counting; with `premises` None (not in the address register) the place is not checked
    here. The time likewise is `creation_time`, else `recorded_at` (the page's clock). `now` and
    `recorded_at` must be timezone-aware."""
    for name, value in (("now", now), ("recorded_at", recorded_at)):
        if value is not None and timezone.is_naive(value):
            raise ValueError(f"{name} must be timezone-aware")
    problems: list[Problem] = []
    if premises is not None:
        places = [facts.location] if facts.location else [p for p in (declared_location, declared_end) if p]
        farthest = max(places, key=lambda p: distance_m(p, premises)) if places else None
        problems += _check_place(farthest, premises)
    problems += _check_time(facts.created_at or recorded_at, now)
    problems += _check_picture(facts)
    return problems


def _check_place(location: LatLon | None, premises: LatLon) -> list[Problem]:
    if location is None:
        return [Problem(ProblemCode.NO_LOCATION)]
    limit = video_limit("max_distance_m")
    distance = distance_m(location, premises)
    if distance <= limit:
        return []
    return [
        Problem(
            ProblemCode.TOO_FAR,
            {"distance_m": distance, "limit_m": limit},
            value=round(distance, 1),
            unit="m",
        )
    ]


def _check_time(recorded: dt.datetime | None, now: dt.datetime) -> list[Problem]:
    if recorded is None:
        return [Problem(ProblemCode.NO_TIME)]
    shown = timezone.localtime(recorded).strftime("%Y-%m-%d %H:%M")
    if recorded > now + FUTURE_TOLERANCE:
        ahead = (recorded - now).total_seconds() / 60
        return [Problem(ProblemCode.IN_FUTURE, {"shown": shown}, value=round(ahead, 1), unit="minutes")]
    limit = video_limit("max_age_days")
    age_days = (now - recorded).total_seconds() / 86400
    if age_days <= limit:
        return []
    return [
        Problem(
            ProblemCode.TOO_OLD,
            {"shown": shown, "days": int(age_days), "limit_days": limit},
            value=round(age_days, 2),
            unit="days",
        )
    ]


def _check_picture(facts: VideoFacts) -> list[Problem]:
    problems: list[Problem] = []
    params: dict[str, Any]
    seconds = facts.duration_seconds
    min_seconds, max_seconds = video_limit("min_seconds"), video_limit("max_seconds")
    if seconds < min_seconds:
        params = {"duration_seconds": seconds, "limit_seconds": min_seconds}
        problems.append(Problem(ProblemCode.TOO_SHORT, params, value=seconds, unit="s"))
    elif seconds > max_seconds:
        params = {"duration_seconds": seconds, "limit_seconds": max_seconds}
        problems.append(Problem(ProblemCode.TOO_LONG, params, value=seconds, unit="s"))
    min_height = video_limit("min_height")
    if facts.shorter_side < min_height:
        params = {"size": f"{facts.width}×{facts.height}", "min_height": min_height}
        problems.append(Problem(ProblemCode.TOO_SMALL, params, value=facts.shorter_side, unit="px"))
    max_bytes = video_limit("max_bytes")
    if facts.size_bytes > max_bytes:
        params = {"size_bytes": facts.size_bytes, "limit_bytes": max_bytes}
        problems.append(Problem(ProblemCode.TOO_LARGE, params, value=facts.size_bytes, unit="bytes"))
    return problems


def _metres(metres: float) -> str:
    if metres >= 1000:
        return gettext("%(km).1f 公里") % {"km": metres / 1000}
    return gettext("%(m).0f 米") % {"m": metres}


def _seconds(seconds: float) -> str:
    whole = round(seconds)
    if whole >= 60:
        minutes, rest = divmod(whole, 60)
        if rest == 0:
            return gettext("%(minutes)s 分钟") % {"minutes": minutes}
        return gettext("%(minutes)s 分 %(seconds)s 秒") % {"minutes": minutes, "seconds": rest}
    shown = f"{seconds:.0f}" if seconds >= 1 or seconds == 0 else f"{seconds:.1f}"
    return gettext("%(seconds)s 秒") % {"seconds": shown}
