"""English is complete for an applicant (issue 15, item 7): every public and applicant page, read in English with
the demo catalogue loaded, shows no Chinese outside an allow-list of proper names.

The visible text of a page is its text nodes outside <script>, <style> and <template>; attribute values are not
read. A Han character left after the allow-lists are taken out fails the test, naming the page and the text
around it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from onego.accounts.models import User
from onego.cases import services
from onego.cases.engine import allowed_actions
from onego.cases.models import Case
from onego.cases.tests import factories as f
from onego.demo import spot_seed

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

#: Chinese that is right on an English page: proper names of people, enterprises and places in the demo data,
#: and the language switch, which names each language in that language.
ALLOWED = [
    "简体中文",  # the language switch: Chinese is offered in Chinese
    "张伟",  # the demo citizen's name
    "广州市白云区云味餐饮有限公司",  # the demo enterprise's registered name
    "王芳",  # the demo citizen's spouse, from the shared marriage record
    "粤健",  # the number of a health certificate begins with the province's code
    "餐饮服务；食品销售（仅销售预包装食品）",  # the demo enterprise's registered business scope, its own record
    "李娜",  # the demo enterprise's user and legal representative
    # issuers of shared records: other registers share only the Chinese name of the authority that issued them
    "广州市白云区疾病预防控制中心",  # the health certificate's issuer
    "广州市白云区民政局",  # the marriage registration's office
    # the food licensees the spot checks draw from (names as registered) and the business type as written on
    # their signed licences (a licence is a legal record and stays Chinese)
    *(name for name, _code in spot_seed.FOOD_HOLDERS),
    "小餐饮",
]


class _VisibleText(HTMLParser):
    """Text nodes outside script, style and template; attribute values are skipped by construction."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def chinese_left(html: str, allowed: list[str]) -> list[str]:
    """The words of visible text (runs without spaces) that still hold a Han character once the allowed strings
    are taken out."""
    text = visible_text(html)
    for name in sorted(allowed, key=len, reverse=True):
        if name in text:  # a whole name only: "人" (a unit) does not take the 人 out of 人才
            before = f"(?<!{HAN.pattern})" if HAN.match(name[0]) else ""
            after = f"(?!{HAN.pattern})" if HAN.match(name[-1]) else ""
            text = re.sub(before + re.escape(name) + after, " ", text)
    return [word for word in text.split() if HAN.search(word)]


@dataclass
class Visit:
    who: str
    url: str
    status: int
    chinese: list[str]


@pytest.fixture
def demo_catalogue(demo, settings, tmp_path):
    """The Baiyun demo (users, departments, catalogue, licence types, policies) as `make run` loads it: the one
    place that says how; re-point it if the demo moves."""
    settings.MEDIA_ROOT = str(tmp_path)
    cache.clear()
    return demo


def english_client(user: User | None = None) -> Client:
    """A browser that chose English with the site's language switch (the language cookie), signed in as `user`."""
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    if user is not None:
        client.force_login(user)
    return client


def accepted_case(applicant: User, item_code: str, form: dict[str, str]) -> Case:
    """A case submitted online by `applicant` (every material is generated or reused: nothing is uploaded) and
    accepted at the window, so that its page shows steps, history and the next step."""
    (case,) = services.submit_application(
        applicant=applicant, item_code=item_code, form_data=form, uploads=[], signature_png=f.PNG
    )
    clerk = User.objects.get(username="clerk")
    (accept,) = [a for a in allowed_actions(case, clerk) if a.key == "accept"]
    return services.act(case.number, actor=clerk, task_id=accept.task.pk, action="accept")


CITIZEN_ITEM = "11440111MB2C00040Y4990300010000"  # 市外迁入户口: nothing to fill in, nothing to upload
ENTERPRISE_ITEM = "11440111MB2C000601499050014000001"  # 政务服务绿色通道
ENTERPRISE_FORM = {
    "service_request": "A quicker way through",
    "handler_name": "Li Na",
    "handler_phone": "13800200001",
}


def public_urls() -> Iterator[str]:
    from onego.catalog.models import Bundle, ItemVersion, VersionStatus
    from onego.policies.models import Policy

    yield reverse("portal:home")
    yield reverse("portal:login")
    yield reverse("portal:signup")
    yield reverse("catalog:guide_list")
    for code in ItemVersion.objects.filter(status=VersionStatus.PUBLISHED).values_list(
        "item__code", flat=True
    ):
        yield reverse("catalog:item_guide", args=[code])
    for code in Bundle.objects.values_list("code", flat=True):
        yield reverse("catalog:bundle_guide", args=[code])
    yield reverse("cases:progress")
    yield reverse("certificates:verify")
    yield reverse("certificates:public_register")
    yield reverse("policies:catalogue")
    yield reverse("policies:publicity")
    for code in Policy.objects.values_list("code", flat=True):
        yield reverse("policies:detail", args=[code])
    yield "/no-such-page/"


def applicant_urls(case: Case) -> Iterator[str]:
    from onego.catalog.models import Bundle, ItemVersion, VersionStatus
    from onego.certificates import services as certificates
    from onego.certificates.models import Licence

    yield reverse("portal:home")
    yield reverse("portal:messages")
    for code in ItemVersion.objects.filter(status=VersionStatus.PUBLISHED).values_list(
        "item__code", flat=True
    ):
        yield reverse("cases:apply_item", args=[code])
    for code in Bundle.objects.values_list("code", flat=True):
        yield reverse("cases:apply_bundle", args=[code])
    yield reverse("cases:my_cases")
    yield reverse("cases:my_case", args=[case.number])
    yield reverse("cases:receipt", args=[case.number])
    yield reverse("cases:progress") + f"?number={case.number}&code={case.query_code}"
    yield reverse("certificates:my_licences")
    for licence in Licence.objects.filter(holder_code__in=[case.applicant_code]):
        yield certificates.verify_path(licence)  # the link in the licence's QR code: the verification result
    yield reverse("policies:finder")
    yield reverse("policies:offers")


def walk(who: str, client: Client, urls: Iterator[str]) -> list[Visit]:
    allowed = ALLOWED
    visits = []
    for url in dict.fromkeys(urls):
        response = client.get(url)
        html = response.content.decode() if "html" in response.get("Content-Type", "") else ""
        visits.append(Visit(who, url, response.status_code, chinese_left(html, allowed)))
    return visits


def report(visits: list[Visit]) -> str:
    lines = []
    for v in visits:
        if v.chinese:
            lines.append(f"{v.who} {v.url} ({v.status}):")
            lines += [f"    {piece}" for piece in dict.fromkeys(v.chinese)]
    return "\n".join(lines)


def test_chinese_left_finds_han_in_text_but_not_in_attributes_scripts_or_allowed_names():
    html = (
        '<p title="标题">Hello <b>张伟</b></p><script>var a = "脚本";</script><style>/* 样式 */</style>'
        "<p>Done 完成</p>"
    )

    assert chinese_left(html, ["张伟"]) == ["完成"]


def test_every_public_page_read_in_english_shows_no_chinese(demo_catalogue):
    # given a visitor who chose English and is not signed in
    client = english_client()

    # when they open every public page
    visits = walk("visitor", client, public_urls())

    # then each page answers and none shows Chinese
    assert [v for v in visits if v.status >= 500] == []
    left = report(visits)
    assert not left, "Chinese on pages read in English:\n" + left


@pytest.mark.parametrize(
    ("username", "item_code", "form"),
    [("citizen", CITIZEN_ITEM, {}), ("enterprise", ENTERPRISE_ITEM, ENTERPRISE_FORM)],
)
def test_every_applicant_page_read_in_english_shows_no_chinese(demo_catalogue, username, item_code, form):
    # given an applicant with an accepted case, reading in English
    applicant = User.objects.get(username=username)
    case = accepted_case(applicant, item_code, form)
    translation.deactivate()
    client = english_client(applicant)

    # when they open every page an applicant uses
    visits = walk(username, client, applicant_urls(case))

    # then each page answers and none shows Chinese
    assert [v for v in visits if v.status >= 500] == []
    reached = {v.url for v in visits if v.status == 200}
    assert {
        reverse("cases:my_case", args=[case.number]),
        reverse("cases:receipt", args=[case.number]),
    } <= reached
    left = report(visits)
    assert not left, "Chinese on pages read in English:\n" + left


def test_staff_read_the_step_names_of_a_case_in_english(demo_catalogue):
    # given an enterprise's case accepted at the window: it waits for the countersign of two departments
    enterprise = User.objects.get(username="enterprise")
    case = accepted_case(enterprise, ENTERPRISE_ITEM, ENTERPRISE_FORM)
    translation.deactivate()

    # when the clerk reads the case page in English
    page = english_client(User.objects.get(username="clerk")).get(reverse("cases:case", args=[case.number]))
    text = visible_text(page.content.decode())

    # then the steps are named in English, not as the tasks stored them
    assert "Acceptance" in text and "Countersign" in text
    assert "受理" not in text and "会签" not in text


def test_the_error_pages_read_in_english_show_no_chinese(rf):
    from onego.portal import views

    with translation.override("en"):
        request = rf.get("/")
        pages = {
            "400": views.error_400(request, Exception()) if hasattr(views, "error_400") else None,
            "403": views.error_403(request, Exception()),
            "404": views.error_404(request, Exception()),
            "500": views.error_500(request),
        }

    left = {code: chinese_left(r.content.decode(), ALLOWED) for code, r in pages.items() if r is not None}
    assert left == {code: [] for code in left}
