"""The stars over stored data: the draft computed from visits, cases, ratings and complaints; the scoring sheet;
the imports (all or nothing); the head's approval, its frozen snapshot, the copies to the home departments and
the certificates; the history per person."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from decimal import Decimal as D

import pytest

from onego.accounts.models import User
from onego.cases.models import Visit, VisitStatus
from onego.core.errors import ApiError
from onego.core.models import AuditEvent, OutboxMessage
from onego.core.tests.pdfs import need
from onego.demo import stars_seed
from onego.ratings.models import Rating, WorkOrder
from onego.staffstars import certificate, importing, selectors, services
from onego.staffstars.models import Complaint, EnteredScore, RoundStatus, StarEntry, StarRound

pytestmark = pytest.mark.django_db


def csv_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def test_the_draft_ranks_the_13_people_of_the_district_centre_and_names_2(stars):
    d = selectors.draft(stars.centre, 2026, 2)

    assert len(d.rows) == 13
    assert d.quota == 2
    assert d.problems == []
    assert [r.person.rank for r in d.rows] == sorted(r.person.rank for r in d.rows)
    assert sum(r.person.is_star for r in d.rows) == 2
    for row in d.rows:
        assert set(row.scores) == {
            "attendance",
            "appearance",
            "work_style",
            "discipline",
            "volume",
            "ratings",
            "complaints",
        }


def test_computed_scores_come_from_the_visits_ratings_and_complaints(stars):
    d = selectors.draft(stars.centre, 2026, 2)
    rows = {r.user.username: r for r in d.rows}
    start, end = selectors.quarter_bounds(2026, 2)

    clerk = rows["clerk"]
    served = Visit.objects.filter(clerk=clerk.user, status=VisitStatus.DONE, day__range=(start, end)).count()
    assert clerk.scores["volume"].detail["units"] == served
    ratings = Rating.objects.filter(staff=clerk.user, rated_on__range=(start, end))
    grades = [r.grade for r in ratings]
    assert clerk.scores["ratings"].detail["count"] == len(grades)
    assert clerk.scores["ratings"].value == ((D(sum(grades)) / len(grades) - 1) / 4 * 100).quantize(D("0.01"))
    # star05 has two upheld 12345 complaints (a third, not upheld, does not count)
    star05 = rows["star05"].scores["complaints"]
    assert star05.detail["hotline"] == 2
    assert star05.value == D(100) - 20 * (2 + star05.detail["bad_reviews"])
    # the closed, verified bad review counts against whoever it rated
    order = _counted_order()
    assert order.rating.staff is not None
    assert rows[order.rating.staff.username].scores["complaints"].detail["bad_reviews"] == 1
    assert rows["star10"].scores["complaints"].detail["hotline"] == 0


def _counted_order() -> WorkOrder:
    """stars_seed's bad review of the quarter ranked, closed and verified true (the demo's own work orders,
    seeded by seed_demo around today's date, are left aside: none of them is closed)."""
    start, end = selectors.quarter_bounds(2026, 2)
    return WorkOrder.objects.select_related("rating__staff").get(
        rating__rated_on__range=(start, end), status="closed", verified=True
    )


def test_a_bad_review_whose_appeal_was_upheld_does_not_count(stars):
    order = _counted_order()
    order.appeal_decision = "upheld"
    order.save()

    d = selectors.draft(stars.centre, 2026, 2)

    assert all(r.scores["complaints"].detail["bad_reviews"] == 0 for r in d.rows)


def _case(number: str, version, visit=None, *, accepted_on=None):
    from django.utils import timezone

    from onego.cases.models import Case

    return Case.objects.create(
        number=number,
        item=version.item,
        item_version=version,
        department=version.item.department,
        applicant=User.objects.get(username="citizen"),
        applicant_kind="person",
        applicant_name="测试",
        applicant_code="440111199001011234",
        id_tail="1234",
        channel="window",
        route="approval",
        submitted_at=timezone.now(),
        accepted_on=accepted_on or (visit.day if visit else None),
        statutory_limit_workdays=20,
        promised_limit_workdays=5,
        visit=visit,
    )


def test_volume_counts_cases_by_item_from_visits_and_accept_tasks(stars):
    """star03 accepts two cases of item A during two visits; star04 one of item B during a visit and, at the
    window without a visit, another of item B (its accept task done by star04); a visit with no case counts
    as the item "visit"."""
    from onego.cases.models import Task, TaskStatus
    from onego.catalog.models import ItemVersion

    start, end = selectors.quarter_bounds(2026, 2)
    a, b = ItemVersion.objects.select_related("item__department").order_by("id")[:2]
    star03, star04 = (User.objects.get(username=u) for u in ("star03", "star04"))
    v3 = list(Visit.objects.filter(clerk=star03, day__range=(start, end)).order_by("id")[:2])
    v4 = Visit.objects.filter(clerk=star04, day__range=(start, end)).order_by("id").first()
    before = selectors.volume_units(stars.centre, start, end)
    _case("T-A-1", a, v3[0])
    _case("T-A-2", a, v3[1])
    _case("T-B-1", b, v4)
    walk_in = _case("T-B-2", b, accepted_on=start)
    Task.objects.create(
        case=walk_in,
        step_key="accept",
        step_kind="accept",
        step_name="受理",
        role="window_clerk",
        department=walk_in.department,
        status=TaskStatus.DONE,
        completed_by=star04,
        action="accept",
    )

    units = selectors.volume_units(stars.centre, start, end)

    assert units[star03.pk] == {str(a.item_id): 2, "visit": before[star03.pk]["visit"] - 2}
    assert units[star04.pk] == {str(b.item_id): 2, "visit": before[star04.pk]["visit"] - 1}
    total = sum(sum(per.values()) for per in units.values())
    assert total == sum(sum(per.values()) for per in before.values()) + 1  # the walk-in case is one more unit


def test_a_missing_entered_score_is_flagged_and_blocks_approval(demo, frozen):
    world = stars_seed.seed_stars(2026, 2, complete=False)
    head = User.objects.get(username="centre_head")

    d = selectors.draft(world.centre, 2026, 2)
    missing = [r for r in d.rows if r.person.missing]
    assert "missing" in d.problems
    assert len(missing) == 1 and missing[0].person.missing == ["discipline"]
    assert missing[0].scores["discipline"].source == "missing"

    with pytest.raises(ApiError) as refused:
        services.approve(head, world.centre, 2026, 2)
    assert refused.value.code == "scores_missing"
    assert StarRound.objects.get(centre=world.centre, year=2026, quarter=2).status == RoundStatus.DRAFT
    assert not StarEntry.objects.exists()

    services.save_sheet(head, world.centre, 2026, 2, {missing[0].user.pk: {"discipline": D("88.5")}})
    assert services.approve(head, world.centre, 2026, 2).status == RoundStatus.APPROVED


def test_approval_freezes_the_scores_names_the_stars_and_copies_their_departments(stars):
    head = User.objects.get(username="centre_head")
    before = selectors.draft(stars.centre, 2026, 2)

    star_round = services.approve(head, stars.centre, 2026, 2)

    entries = list(StarEntry.objects.filter(round=star_round).order_by("rank", "id"))
    assert len(entries) == 13
    assert [e.staff_id for e in entries if e.is_star] == [r.user.pk for r in before.rows if r.person.is_star]
    assert entries[0].total == before.rows[0].person.total
    assert entries[0].scores["volume"]["source"] == "computed"
    assert AuditEvent.objects.filter(action="stars.approved", object_id=str(star_round.pk)).count() == 1
    # a copy to every head of each star's home department, linking the certificate
    for entry in (e for e in entries if e.is_star):
        assert entry.department_id is not None
        heads = User.objects.filter(department_id=entry.department_id, groups__name="department_head")
        for h in heads:
            message = OutboxMessage.objects.get(recipient=h, link=f"/stars/certificates/{entry.pk}.pdf")
            assert entry.staff_name in message.body
            assert "本年度第 1 次获评" in message.body
    # frozen: later data does not move an approved ranking, and nothing more may be entered
    EnteredScore.objects.filter(round=star_round).update(score=0)
    assert selectors.draft(stars.centre, 2026, 2).rows[0].person.total == entries[0].total
    with pytest.raises(ApiError) as refused:
        services.save_sheet(head, stars.centre, 2026, 2, {entries[0].staff_id: {"attendance": D(1)}})
    assert refused.value.code == "approved"


def test_only_the_head_of_the_centres_department_enters_and_approves(stars):
    for username in ("supervisor", "head", "clerk", "policy_head"):
        user = User.objects.get(username=username)
        with pytest.raises(ApiError) as refused:
            services.approve(user, stars.centre, 2026, 2)
        assert refused.value.code == "forbidden"
    assert not StarEntry.objects.exists()


def test_the_certificate_names_the_star_the_centre_and_the_quarter(stars, tmp_path):
    head = User.objects.get(username="centre_head")
    star_round = services.approve(head, stars.centre, 2026, 2)
    entry = StarEntry.objects.filter(round=star_round, is_star=True).order_by("rank").first()
    assert entry is not None

    pdf = certificate.certificate_pdf(entry)

    path = tmp_path / "star.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        [need("pdftotext"), str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    compact = "".join(text.split())
    assert "荣誉证书" in compact
    assert "政务服务之星" in compact
    assert entry.staff_name in compact
    assert "白云区政务服务中心" in compact
    assert "2026年第2季度" in compact
    assert "本年度第1次获评" in compact
    assert "2026年7月15日" in compact


def test_a_second_star_in_the_year_is_counted(stars):
    head = User.objects.get(username="centre_head")
    services.approve(head, stars.centre, 2026, 2)
    first = StarEntry.objects.filter(is_star=True).order_by("rank").first()
    assert first is not None
    # the next quarter: the same person named again
    stars_seed.seed_stars(2026, 3)
    services.approve(head, stars.centre, 2026, 3)

    assert selectors.stars_of_year(first.staff_id, 2026, 2) == 1
    named_again = StarEntry.objects.filter(round__quarter=3, staff_id=first.staff_id, is_star=True).exists()
    assert selectors.stars_of_year(first.staff_id, 2026, 3) == (2 if named_again else 1)
    assert selectors.stars_of_year(first.staff_id, 2027, 4) == 0


def test_the_scoring_sheet_imports_all_or_nothing(stars):
    head = User.objects.get(username="centre_head")
    star_round = StarRound.objects.get(centre=stars.centre, year=2026, quarter=2)
    before = sorted(EnteredScore.objects.filter(round=star_round).values_list("staff", "dimension", "score"))
    bad = csv_file(
        "登录名,姓名,考勤,仪容仪表,工作作风,工作纪律\n"
        "star01,陈思远,95,90,88,92\n"
        "nobody,某人,90,90,90,90\n"
        "star02,李嘉欣,101,90,abc,92.555\n"
        "star01,陈思远,90,90,90,90\n"
    )

    report = services.import_scores(head, stars.centre, 2026, 2, bad)

    assert not report.ok
    assert [str(e) for e in report.errors] == [
        "第 3 行「登录名」列：不是本中心的窗口人员",
        "第 4 行「考勤」列：应为 0–100 的数字",
        "第 4 行「工作作风」列：应为 0–100 的数字",
        "第 4 行「工作纪律」列：最多两位小数",
        "第 5 行：与第 2 行重复",
    ]
    after = sorted(EnteredScore.objects.filter(round=star_round).values_list("staff", "dimension", "score"))
    assert after == before

    good = csv_file("登录名,考勤,工作纪律\nstar01,95,92.5\nstar02,,60\n")
    report = services.import_scores(head, stars.centre, 2026, 2, good)

    assert report.ok and report.rows == 2
    star01 = EnteredScore.objects.get(round=star_round, staff__username="star01", dimension="discipline")
    assert (star01.score, star01.source) == (D("92.50"), "import")
    star02 = EnteredScore.objects.get(round=star_round, staff__username="star02", dimension="discipline")
    assert star02.score == D(60)


def test_the_score_template_round_trips(stars):
    staff = list(selectors.centre_staff(stars.centre))
    data = importing.score_template(staff, {(staff[0].pk, "attendance"): D("97.5")})

    report, rows = importing.read_scores(io.BytesIO(data), staff)

    assert report.ok
    assert rows[0].staff == staff[0] and rows[0].scores["attendance"] == D("97.50")


def test_the_12345_import_is_all_or_nothing_and_updates_a_known_reference(stars):
    head = User.objects.get(username="centre_head")
    count = Complaint.objects.count()
    bad = csv_file(
        "工单编号,受理日期,被投诉人员登录名,被投诉人员姓名,投诉内容,是否属实\n"
        "GZ12345-1,2026-05-06,star03,王志强,态度差,是\n"
        "GZ12345-2,2026-13-01,star03,王志强,态度差,也许\n"
        "GZ12345-3,2026-05-07,th01,何建华,,否\n"
    )

    report = services.import_complaints(head, stars.centre, bad)

    assert [str(e) for e in report.errors] == [
        "第 3 行「受理日期」列：不是有效的日期（YYYY-MM-DD）",
        "第 3 行「是否属实」列：应为「是」或「否」",
        "第 4 行「被投诉人员登录名」列：不是本中心的窗口人员",
    ]
    assert Complaint.objects.count() == count

    good = csv_file(
        "工单编号,受理日期,被投诉人员登录名,投诉内容,是否属实\nGZ12345-1,2026-05-06,star03,态度差,是\n"
    )
    assert services.import_complaints(head, stars.centre, good).written == 1
    d = selectors.draft(stars.centre, 2026, 2)
    row = next(r for r in d.rows if r.user.username == "star03")
    assert row.scores["complaints"].detail["hotline"] == 1

    corrected = csv_file(
        "工单编号,受理日期,被投诉人员登录名,投诉内容,是否属实\nGZ12345-1,2026-05-06,star03,态度差,否\n"
    )
    services.import_complaints(head, stars.centre, corrected)
    assert Complaint.objects.get(reference="GZ12345-1").upheld is False
    assert Complaint.objects.count() == count + 1


def test_ratings_below_the_minimum_take_the_centres_average(stars):
    d = selectors.draft(stars.centre, 2026, 2)
    few = [r for r in d.rows if r.scores["ratings"].detail["too_few"]]
    enough = [r.scores["ratings"].value or D(0) for r in d.rows if not r.scores["ratings"].detail["too_few"]]
    assert enough
    average = (sum(enough, D(0)) / D(len(enough))).quantize(D("0.01"))
    for row in few:
        assert row.scores["ratings"].value == average


def test_quarter_bounds_and_parsing():
    assert selectors.quarter_bounds(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert selectors.quarter_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert selectors.previous_quarter(dt.date(2027, 2, 10)) == (2026, 4)
    assert selectors.parse_quarter("2026q3") == (2026, 3)
    for bad in ("2026Q5", "26Q1", "2026-Q1", "abcdQ1", "1999Q1"):
        assert selectors.parse_quarter(bad) is None
