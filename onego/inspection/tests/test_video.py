"""The checks on a premises video: real files made with PyAV (see videos.py), decoded and judged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
from pathlib import Path
from typing import Any

import av
import pytest
from django.utils import translation
from PIL import Image
from pytest_django.fixtures import Settings as SettingsFixture

from onego.inspection import video
from onego.inspection.tests.videos import encoder_available, iso6709, make_video, write_y4m
from onego.inspection.video import VideoFacts, VideoInvalid, check, distance_m, probe

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Guangzhou
# A shop in Baiyun district (registered premises) and points measured from it.
PREMISES = (23.1847, 113.2719)


def in_english(said: video.Problem | VideoInvalid) -> str:
    """What an English reader is told (a problem is written when shown; a refusal from its code and params)."""
    with translation.override("en"):
        return video.describe(said.code, said.params)


NEXT_DOOR = (23.1849, 113.2720)  # about 24 m away
TWO_KM_AWAY = (23.2000, 113.2830)  # 2,040.2 m on the WGS84 ellipsoid (Vincenty), 2.04 km


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("videos")


@pytest.fixture(scope="module")
def good_mp4(videos: Path) -> Path:
    """What a phone camera writes: H.264 MP4 with its recording time and place."""
    return make_video(
        videos / "good.mp4",
        seconds=12,
        creation_time=NOW - dt.timedelta(days=1, minutes=5),
        location=(*NEXT_DOOR, 12.0),
        audio=True,
    )


@pytest.fixture(scope="module")
def browser_webm(videos: Path) -> Path:
    """What Chrome's MediaRecorder writes: VP8 + Opus WebM, no duration in the header, one keyframe, no
    time or place in the file."""
    return make_video(
        videos / "browser.webm",
        container="webm",
        seconds=12,
        duration_header=False,
        keyframe_every_s=None,
        audio=True,
    )


def codes(problems: list[video.Problem]) -> list[str]:
    return [p.code for p in problems]


# --- probe: facts read back from real files ------------------------------------------------------------


def test_a_good_phone_video_passes_and_its_facts_are_read_back(good_mp4: Path) -> None:
    # when
    facts = probe(good_mp4)
    # then
    assert facts.container == "mov,mp4,m4a,3gp,3g2,mj2"
    assert facts.codec == ("h264" if encoder_available("libx264") else "mpeg4")
    assert facts.duration_seconds == pytest.approx(12, abs=0.5)
    assert facts.duration_from_header
    assert (facts.width, facts.height, facts.rotation) == (640, 480, 0)
    assert facts.frame_count == 120
    assert facts.frame_rate == pytest.approx(10)
    assert facts.size_bytes == good_mp4.stat().st_size
    assert facts.created_at == NOW - dt.timedelta(days=1, minutes=5)
    assert facts.created_at is not None and facts.created_at.tzinfo is not None
    assert facts.location == pytest.approx(NEXT_DOOR)  # MP4 ©xyz location metadata round-trips
    assert facts.location_text is not None and facts.location_text.startswith("+23.1849+113.2720")
    assert check(facts, premises=PREMISES, now=NOW) == []


def test_a_file_object_is_probed_like_a_path(good_mp4: Path) -> None:
    facts = probe(io.BytesIO(good_mp4.read_bytes()))
    assert (facts.frame_count, facts.location) == (120, pytest.approx(NEXT_DOOR))


def test_a_browser_webm_without_duration_header_gets_its_duration_by_decoding(browser_webm: Path) -> None:
    # given: the header really has no duration
    with av.open(str(browser_webm)) as container:
        assert container.duration is None and container.streams.video[0].duration is None
    # when
    facts = probe(browser_webm)
    # then
    assert (facts.container, facts.codec) == ("matroska,webm", "vp8")
    assert facts.duration_seconds == pytest.approx(12, abs=0.5)
    assert not facts.duration_from_header
    assert facts.frame_count == 120
    assert facts.created_at is None and facts.location is None


def test_a_browser_webm_is_judged_by_the_place_and_time_the_recording_page_reported(
    browser_webm: Path,
) -> None:
    facts = probe(browser_webm)

    assert (
        check(
            facts,
            premises=PREMISES,
            declared_location=NEXT_DOOR,
            recorded_at=NOW - dt.timedelta(minutes=3),
            now=NOW,
        )
        == []
    )
    without_page_data = check(facts, premises=PREMISES, now=NOW)
    assert codes(without_page_data) == ["no_location", "no_time"]
    assert "重新拍摄" in without_page_data[0].message and "record again" in in_english(without_page_data[0])


def test_a_vp9_webm_decodes(videos: Path) -> None:
    facts = probe(make_video(videos / "vp9.webm", container="webm", codec="libvpx-vp9", seconds=11))
    assert (facts.codec, facts.frame_count) == ("vp9", 110)
    assert facts.duration_seconds == pytest.approx(11, abs=0.5)


def test_thumbnails_are_small_jpegs_spread_over_the_video_at_increasing_times(good_mp4: Path) -> None:
    thumbs = probe(good_mp4).thumbnails

    assert len(thumbs) == 6
    times = [t.at_seconds for t in thumbs]
    assert times == sorted(set(times))
    assert times[0] < 12 * 0.25 and times[-1] > 12 * 0.75
    for thumb in thumbs:
        assert thumb.jpeg[:3] == b"\xff\xd8\xff"
        with Image.open(io.BytesIO(thumb.jpeg)) as image:
            assert image.format == "JPEG"
            assert image.size == (thumb.width, thumb.height) == (320, 240)
    assert len({t.jpeg for t in thumbs}) == 6  # the picture moves: no two stills alike


def test_thumbnails_are_spread_even_when_the_only_keyframe_is_the_first(browser_webm: Path) -> None:
    times = [t.at_seconds for t in probe(browser_webm).thumbnails]
    assert times == pytest.approx([1, 3, 5, 7, 9, 11], abs=0.15)


def test_a_portrait_phone_video_gets_upright_thumbnails(videos: Path) -> None:
    # given: coded 640×480 with the display turned 90° counter-clockwise, as a phone held upright writes
    facts = probe(make_video(videos / "portrait.mp4", seconds=3, rotation=90), thumbnails=1)
    # then
    assert (facts.width, facts.height, facts.rotation) == (640, 480, 90)
    thumb = facts.thumbnails[0]
    assert (thumb.width, thumb.height) == (320, 427)
    # the coloured bar along the bottom of the coded picture is turned to the right-hand side
    with Image.open(io.BytesIO(thumb.jpeg)) as image:
        right, bottom = (
            image.convert("RGB").getpixel((thumb.width - 3, thumb.height // 2)),
            image.convert("RGB").getpixel((thumb.width // 2, thumb.height - 3)),
        )
    assert isinstance(right, tuple) and isinstance(bottom, tuple)
    assert abs(right[2] - 128) < 12 and right[1] - right[0] > 40
    assert not (abs(bottom[2] - 128) < 12 and bottom[1] - bottom[0] > 40)


# --- probe: files that are not videos ------------------------------------------------------------------


def test_random_bytes_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    junk = tmp_path / "video.mp4"
    junk.write_bytes(os.urandom(200_000))

    with pytest.raises(VideoInvalid) as refused:
        probe(junk)

    assert refused.value.code == "video_undecodable"
    assert "视频无法解码" in refused.value.message and "The video cannot be decoded" in in_english(
        refused.value
    )
    assert "重新上传" in refused.value.message


def test_an_mp4_cut_off_in_the_middle_is_refused(good_mp4: Path, tmp_path: Path) -> None:
    # the index (moov) is written last, so half a file has none
    half = tmp_path / "half.mp4"
    half.write_bytes(good_mp4.read_bytes()[: good_mp4.stat().st_size // 2])

    with pytest.raises(VideoInvalid) as refused:
        probe(half)

    assert refused.value.code == "video_undecodable"
    assert "视频无法解码" in refused.value.message


def test_a_fast_start_mp4_cut_off_in_the_middle_is_refused(videos: Path, tmp_path: Path) -> None:
    # given: index first (faststart, as uploads for streaming are), then half of the pictures
    whole = tmp_path / "whole.mp4"
    with (
        av.open(str(make_video(videos / "faststart-src.mp4", seconds=12))) as source,
        av.open(str(whole), "w", options={"movflags": "+faststart"}) as out,
    ):
        copy = out.add_stream_from_template(source.streams.video[0])
        for packet in source.demux(source.streams.video[0]):
            if packet.dts is not None:
                packet.stream = copy
                out.mux(packet)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])

    with pytest.raises(VideoInvalid) as refused:
        probe(cut)

    assert refused.value.code == "video_incomplete"
    assert "视频不完整：文件应有 12 秒，但只能解码出 6 秒的画面" in refused.value.message
    assert "The upload may have been cut off" in in_english(refused.value)


def test_an_image_renamed_mp4_is_not_a_video(tmp_path: Path) -> None:
    fake = tmp_path / "premises.mp4"
    Image.new("RGB", (640, 480), (200, 100, 50)).save(fake, format="JPEG")

    with pytest.raises(VideoInvalid) as refused:
        probe(fake)

    assert refused.value.code == "video_not_a_video"
    assert "不是视频" in refused.value.message and "not a video" in in_english(refused.value)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.webm"
    empty.write_bytes(b"")
    with pytest.raises(VideoInvalid, match="空的"):
        probe(empty)


def test_a_file_over_the_size_limit_is_refused_before_decoding(
    good_mp4: Path, settings: SettingsFixture
) -> None:
    settings.ONEGO_VIDEO = {**settings.ONEGO_VIDEO, "max_bytes": 100_000}

    with pytest.raises(VideoInvalid) as refused:
        probe(good_mp4)

    assert (refused.value.code, refused.value.status) == ("video_too_large", 413)


# --- check: what the applicant must re-record ---------------------------------------------------------


def test_a_video_recorded_two_km_away_is_too_far(videos: Path) -> None:
    facts = probe(
        make_video(videos / "far.mp4", creation_time=NOW - dt.timedelta(hours=2), location=TWO_KM_AWAY),
        thumbnails=0,
    )

    problems = check(facts, premises=PREMISES, now=NOW)

    assert codes(problems) == ["too_far"]
    assert problems[0].value == pytest.approx(2040, rel=0.01) and problems[0].unit == "m"
    assert "约 2.0 公里，超过 100 米" in problems[0].message
    assert "请在经营场所现场重新拍摄" in problems[0].message
    assert "about 2.0 km from the registered premises" in in_english(problems[0])


def test_the_location_in_the_file_wins_over_the_one_the_page_reported(good_mp4: Path) -> None:
    facts = probe(good_mp4, thumbnails=0)
    assert check(facts, premises=PREMISES, declared_location=TWO_KM_AWAY, now=NOW) == []


def test_a_declared_location_a_few_hundred_metres_away_is_said_in_metres() -> None:
    facts = _facts()
    problems = check(
        facts, premises=PREMISES, declared_location=(23.1877, 113.2719), recorded_at=NOW, now=NOW
    )
    assert codes(problems) == ["too_far"]
    assert "约 334 米" in problems[0].message and "about 334 m" in in_english(problems[0])


def test_a_video_recorded_sixty_days_ago_is_too_old(videos: Path) -> None:
    facts = probe(
        make_video(videos / "old.mp4", creation_time=NOW - dt.timedelta(days=60), location=NEXT_DOOR),
        thumbnails=0,
    )

    problems = check(facts, premises=PREMISES, now=NOW)

    assert codes(problems) == ["too_old"]
    assert problems[0].value == pytest.approx(60)
    assert "距今 60 天，超过 7 天" in problems[0].message
    assert "2026-01-01 10:00" in problems[0].message  # shown in Asia/Shanghai
    assert "60 days ago" in in_english(problems[0])


@pytest.mark.parametrize(
    ("ahead", "expected"), [(dt.timedelta(minutes=9), []), (dt.timedelta(hours=3), ["in_future"])]
)
def test_a_recording_time_ahead_of_now_is_a_wrong_phone_clock_beyond_ten_minutes(
    ahead: dt.timedelta, expected: list[str]
) -> None:
    problems = check(
        _facts(), premises=PREMISES, declared_location=NEXT_DOOR, recorded_at=NOW + ahead, now=NOW
    )
    assert codes(problems) == expected


def test_a_camera_clock_that_was_never_set_counts_as_no_time(videos: Path) -> None:
    facts = probe(
        make_video(
            videos / "1970.mp4",
            seconds=10,
            creation_time=dt.datetime(1970, 1, 1, tzinfo=UTC),
            location=NEXT_DOOR,
        ),
        thumbnails=0,
    )
    assert facts.created_at is None
    assert codes(check(facts, premises=PREMISES, now=NOW)) == ["no_time"]


def test_a_too_short_video_must_be_recorded_again_for_longer(videos: Path) -> None:
    facts = probe(
        make_video(videos / "short.mp4", seconds=4, creation_time=NOW, location=NEXT_DOOR), thumbnails=0
    )

    problems = check(facts, premises=PREMISES, now=NOW)

    assert codes(problems) == ["too_short"]
    assert problems[0].value == pytest.approx(4, abs=0.5)
    assert "视频时长 4 秒，短于 10 秒" in problems[0].message and "at least 10 s" in in_english(problems[0])


def test_a_too_long_video_is_judged_against_the_limit_in_settings(
    good_mp4: Path, settings: SettingsFixture
) -> None:
    settings.ONEGO_VIDEO = {**settings.ONEGO_VIDEO, "max_seconds": 10}

    problems = check(probe(good_mp4, thumbnails=0), premises=PREMISES, now=NOW)

    assert codes(problems) == ["too_long"]
    assert "超过 10 秒" in problems[0].message


def test_a_low_resolution_video_is_too_small(videos: Path) -> None:
    facts = probe(
        make_video(
            videos / "small.mp4", seconds=10, width=320, height=240, creation_time=NOW, location=NEXT_DOOR
        ),
        thumbnails=0,
    )

    problems = check(facts, premises=PREMISES, now=NOW)

    assert codes(problems) == ["too_small"]
    assert problems[0].value == 240
    assert "320×240，低于 480p" in problems[0].message and "720p" in problems[0].message


def test_every_problem_is_listed_at_once() -> None:
    facts = _facts(duration_seconds=3, width=320, height=240)
    problems = check(
        facts,
        premises=PREMISES,
        declared_location=TWO_KM_AWAY,
        recorded_at=NOW - dt.timedelta(days=30),
        now=NOW,
    )
    assert codes(problems) == ["too_far", "too_old", "too_short", "too_small"]


def test_check_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="aware"):
        check(_facts(), premises=PREMISES, now=dt.datetime(2026, 3, 2, 10, 0))


# --- pieces --------------------------------------------------------------------------------------------


def test_haversine_distance_matches_the_ellipsoid_within_one_percent() -> None:
    # references: Vincenty on WGS84
    assert distance_m(PREMISES, TWO_KM_AWAY) == pytest.approx(2040.2, rel=0.01)
    assert distance_m(PREMISES, (23.1847, 113.2914)) == pytest.approx(1996.5, rel=0.01)
    assert distance_m(PREMISES, PREMISES) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+23.1847+113.2719+012.000/", (23.1847, 113.2719)),
        ("+23.1847+113.2719/", (23.1847, 113.2719)),
        ("-33.8688+151.2093+000.000/", (-33.8688, 151.2093)),
        ("+40.7128-074.0060/", (40.7128, -74.0060)),
        ("+2311.082+11316.314/", (23 + 11.082 / 60, 113 + 16.314 / 60)),  # degrees and minutes
        ("+231104.92+1131618.84+12CRSWGS_84/", (23 + 11 / 60 + 4.92 / 3600, 113 + 16 / 60 + 18.84 / 3600)),
        (iso6709(23.1847, 113.2719, 12.0), (23.1847, 113.2719)),
        ("+00.0000+000.0000/", None),  # an unset GPS
        ("+95.0000+113.2719/", None),
        ("23.1847,113.2719", None),
        ("", None),
    ],
)
def test_iso6709_points_are_read(text: str, expected: tuple[float, float] | None) -> None:
    parsed = video.parse_iso6709(text)
    assert parsed == (pytest.approx(expected) if expected else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-02T03:04:05.000000Z", dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2026-01-02 03:04:05", dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2026-01-02T11:04:05+0800", dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("yesterday", None),
    ],
)
def test_metadata_timestamps_become_aware_utc(text: str, expected: dt.datetime | None) -> None:
    assert video.parse_timestamp(text) == expected


def test_the_y4m_for_chromiums_fake_camera_is_read_back_as_moving_yuv420(tmp_path: Path) -> None:
    path = write_y4m(tmp_path / "clip.y4m", seconds=2, width=320, height=240, fps=10)

    header = b"YUV4MPEG2 W320 H240 F10:1 Ip A1:1 C420jpeg\n"
    assert path.read_bytes().startswith(header + b"FRAME\n")
    assert path.stat().st_size == len(header) + 20 * (len(b"FRAME\n") + 320 * 240 * 3 // 2)
    with av.open(str(path)) as container:
        decoded = [frame.to_image() for frame in container.decode(video=0)]
    assert container.format.name == "yuv4mpegpipe"
    assert len(decoded) == 20 and decoded[0].size == (320, 240)
    assert decoded[0].tobytes() != decoded[10].tobytes()


_FINE = VideoFacts(
    container="matroska,webm",
    codec="vp8",
    duration_seconds=12.0,
    duration_from_header=False,
    width=640,
    height=480,
    rotation=0,
    frame_rate=10.0,
    frame_count=120,
    size_bytes=400_000,
    created_at=None,
    location=None,
    location_text=None,
    thumbnails=(),
)


def _facts(**changes: Any) -> VideoFacts:
    """Facts of a fine 12-second 640×480 video without time or place, for check-only tests."""
    return dataclasses.replace(_FINE, **changes)
