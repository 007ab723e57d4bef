"""Fill English translations in onego/locale/en/LC_MESSAGES/django.po.

Bilingual msgids ("名称 name") take their English half; Chinese-only msgids come from EN below.
Existing translations are kept. Run `make messages` afterwards (or this script does compile with --compile).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "onego/locale/en/LC_MESSAGES/django.po"

EN = {
    "简体中文": "简体中文",
    "办事指南": "Service guides", "进度查询": "Track progress", "证照核验": "Verify a licence",
    "我的办件": "My cases", "我的证照": "My licences", "政策兑现": "Policy benefits",
    "综合受理": "Window intake", "待办任务": "Inbox", "时限预警": "Deadline warnings",
    "差评工单": "Bad-review orders", "双随机抽查": "Random spot checks", "代办项目": "Agency projects",
    "政策管理": "Policies", "兑现批次": "Payout batches", "管理后台": "Administration",
    "节假日日历": "Holiday calendar", "无权访问": "Access denied",
    "您没有访问此页面的权限。": "You do not have permission to view this page.",
    "返回首页": "Back to the home page", "页面不存在": "Page not found",
    "您访问的页面不存在或已被移除。": "The page you asked for does not exist or has been removed.",
    "白云区一网通办": "Baiyun One-Stop Services", "语言": "Language", "切换": "Switch", "退出": "Log out",
    "登录": "Log in", "注册": "Sign up", "主导航": "Main navigation",
    "该功能将在后续版本上线": "This feature arrives in a later release", "建设中": "coming soon",
    "广州市白云区政务服务数据管理局": "Baiyun District Government Service and Data Administration, Guangzhou",
    "开源一站式政务服务平台": "open-source one-stop government service platform",
    "不跑少跑，一次办好": "Fewer trips, done in one go",
    "一网通办 · 一窗通办 · 一事联办：在线或到综合窗口申请一次，签名一次，复用电子证照，随时查看进度。":
        "One network · one window · one bundle: apply once online or at the comprehensive window, sign once, "
        "reuse your e-licences and follow your case at any time.",
    "服务入口": "Services", "建设中，将在后续版本上线": "Coming soon, in a later release",
    "账户已锁定": "Account locked",
    "密码连续输错次数过多，该账户已被暂时锁定。请稍后再试，或联系系统管理员解锁。":
        "Too many wrong passwords: this account is locked for now. Try again later or ask an administrator to unlock it.",
    "用户名": "Username", "密码": "Password", "还没有账号？": "No account yet?", "实名注册": "Sign up with your real name",
    "实名注册（个人）": "Sign up (citizen, real name)", "身份核验方式：": "Identity check: ",
    "本安装未接入省统一身份认证平台，使用本地共享数据人口库核验姓名与身份证号码。":
        "This installation is not connected to the provincial identity platform; name and ID number are checked "
        "against the local registry of persons.",
    "核验并注册": "Verify and sign up",
    "查找事项，了解材料、时限和流程": "Find a service: materials, time limits and process",
    "查看我的申请、补正和结果": "My applications, corrections and results",
    "凭办件编号查询办理进度": "Track a case by its number",
    "核验电子证照的真伪与状态": "Check that an e-licence is genuine and valid",
    "看看企业能享受哪些政策": "See which policies an enterprise can benefit from",
    "姓名": "Full name", "身份证号码": "ID card number", "手机号码": "Mobile phone",
    "请输入 11 位手机号码": "Enter an 11-digit mobile number",
    "用户名为 3–30 位字母、数字或 _ . -": "Usernames are 3–30 letters, digits or _ . -",
    "确认密码": "Confirm password", "两次输入的密码不一致": "The two passwords differ",
    "注册成功，已完成实名核验。": "Signed up; your identity has been verified.",
}

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def english_half(msgid: str) -> str | None:
    """'名称 name' → 'name'; None when the msgid has no Latin part."""
    if not re.search(r"[A-Za-z]", msgid):
        return None
    last_cjk = max((m.end() for m in CJK.finditer(msgid)), default=0)
    rest = msgid[last_cjk:].strip()
    return rest or None


def main() -> int:
    po = polib.pofile(str(PO))
    missing = []
    for entry in po:
        if entry.msgstr and "fuzzy" not in entry.flags:
            continue
        text = EN.get(entry.msgid) or english_half(entry.msgid)
        if text:
            entry.msgstr = text[0].upper() + text[1:]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        else:
            missing.append(entry.msgid)
    po.save()
    if "--compile" in sys.argv:
        po.save_as_mofile(str(PO.with_suffix(".mo")))
    for m in missing:
        print("untranslated:", m)
    return 1 if missing and "--strict" in sys.argv else 0


if __name__ == "__main__":
    raise SystemExit(main())
