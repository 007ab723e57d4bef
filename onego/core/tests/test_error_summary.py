"""The shared error summary's lines, and data texts read in the chosen language."""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy

from onego.core.languages import in_language
from onego.core.templatetags.onego import summary_items


def test_a_data_text_is_read_in_the_chosen_language_with_the_chinese_standing_in_for_a_missing_english() -> (
    None
):
    with translation.override("zh-hans"):
        assert in_language("营业执照", "Business licence") == "营业执照"
    with translation.override("en"):
        assert in_language("营业执照", "Business licence") == "Business licence"
        assert in_language("营业执照", "") == "营业执照"


class _Form(forms.Form):
    name = forms.CharField(label=gettext_lazy("姓名"))
    phone = forms.CharField(label=gettext_lazy("手机号码"))

    def clean(self) -> dict:
        raise forms.ValidationError(gettext_lazy("姓名与身份证号码不匹配"))


def test_the_summary_links_each_field_error_to_its_control_and_says_each_problem_once() -> None:
    form = _Form({"name": "", "phone": ""})
    assert not form.is_valid()

    with translation.override("zh-hans"):
        items = summary_items(
            {
                "material:plan": "请上传「平面图」",
                "signature": ["请签名", "请签名"],
            },
            form=form,
            anchors="material:=m-;signature=signature-pad;=f-",
            general_anchor="id_name",
        )

    assert items[0] == {
        "message": "姓名与身份证号码不匹配",
        "href": "#id_name",
    }  # the whole form: its first field
    # Django's generic "required" is named by its field, so two of them are two different lines
    assert {"message": "姓名：这个字段是必填项。", "href": "#id_name"} in items
    assert {"message": "手机号码：这个字段是必填项。", "href": "#id_phone"} in items
    assert {"message": "请上传「平面图」", "href": "#m-plan"} in items
    assert [i for i in items if i["message"] == "请签名"] == [{"message": "请签名", "href": "#signature-pad"}]


def test_in_english_the_summary_names_each_field_by_its_english_label() -> None:
    form = _Form({"name": "", "phone": ""})
    assert not form.is_valid()

    with translation.override("en"):
        items = summary_items(form=form, general_anchor="id_name")

    assert items[0] == {"message": "The name does not match the ID card number", "href": "#id_name"}
    assert {"message": "Full name: This field is required.", "href": "#id_name"} in items
    assert {"message": "Mobile phone: This field is required.", "href": "#id_phone"} in items
