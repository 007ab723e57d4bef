"""The shared error summary's parts: one language out of a bilingual message, and the summary's lines."""

from __future__ import annotations

from django import forms
from django.utils import translation

from onego.core.languages import body_in_chosen_language, in_chosen_language
from onego.core.templatetags.onego import summary_items


def test_a_bilingual_message_shows_only_the_half_of_the_chosen_language() -> None:
    message = "请上传「营业执照」 / Upload Business licence"
    with translation.override("zh-hans"):
        assert in_chosen_language(message) == "请上传「营业执照」"
    with translation.override("en"):
        assert in_chosen_language(message) == "Upload Business licence"
        # an English label missing from the catalogue: still the English sentence, not both halves
        assert in_chosen_language("请填写「经营场所」 / 经营场所 is required") == "经营场所 is required"


def test_chinese_words_separated_by_a_slash_are_not_taken_for_two_languages() -> None:
    with translation.override("en"):
        assert in_chosen_language("办结 / 准予 / 不予") == "办结 / 准予 / 不予"
        assert in_chosen_language("Plain English") == "Plain English"
    with translation.override("zh-hans"):
        assert (
            in_chosen_language("不能以 = + - @ 开头 / Must not start with = + - @") == "不能以 = + - @ 开头"
        )


def test_a_message_body_shows_the_lines_of_the_chosen_language_only() -> None:
    # as cases.notifications writes a correction notice: Chinese lines (a listing among them), then English
    body = (
        "办件 X 需一次性补正以下内容，补正期间时限暂停：\n1. floor_plan：图纸不清晰\n"
        "Case X needs the corrections listed above; the time limit is paused."
    )
    with translation.override("zh-hans"):
        assert (
            body_in_chosen_language(body)
            == "办件 X 需一次性补正以下内容，补正期间时限暂停：\n1. floor_plan：图纸不清晰"
        )
    with translation.override("en"):
        assert (
            body_in_chosen_language(body)
            == "Case X needs the corrections listed above; the time limit is paused."
        )
        assert body_in_chosen_language("仅有中文的旧消息") == "仅有中文的旧消息"  # nothing else to show


class _Form(forms.Form):
    name = forms.CharField(label="姓名")
    phone = forms.CharField(label="手机号码")

    def clean(self) -> dict:
        raise forms.ValidationError("姓名与身份证号码不一致 / The name does not match the ID number")


def test_the_summary_links_each_field_error_to_its_control_and_says_each_problem_once() -> None:
    form = _Form({"name": "", "phone": ""})
    assert not form.is_valid()

    with translation.override("zh-hans"):
        items = summary_items(
            {
                "material:plan": "请上传「平面图」 / Upload plan",
                "signature": ["请签名 / Please sign", "请签名 / Please sign"],
            },
            form=form,
            anchors="material:=m-;signature=signature-pad;=f-",
            general_anchor="id_name",
        )

    assert items[0] == {
        "message": "姓名与身份证号码不一致",
        "href": "#id_name",
    }  # the whole form: its first field
    # Django's generic "required" is named by its field, so two of them are two different lines
    assert {"message": "姓名：这个字段是必填项。", "href": "#id_name"} in items
    assert {"message": "手机号码：这个字段是必填项。", "href": "#id_phone"} in items
    assert {"message": "请上传「平面图」", "href": "#m-plan"} in items
    assert [i for i in items if i["message"] == "请签名"] == [{"message": "请签名", "href": "#signature-pad"}]
