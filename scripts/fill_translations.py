"""Fill the translation catalogues and compile them (no GNU gettext needed at run time).

Source strings are Chinese. Model and choice labels are bilingual ("名称 name") so the admin and the API
read well in either language; the catalogues split them:
- en:      bilingual msgids take their English half; Chinese-only msgids come from EN below;
- zh_Hans: bilingual msgids take their Chinese half, so Chinese pages show Chinese only.
Existing English translations are kept. `make messages` runs xgettext first, then this with --compile.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "onego/locale"
PO = LOCALE / "en/LC_MESSAGES/django.po"
PO_ZH = LOCALE / "zh_Hans/LC_MESSAGES/django.po"

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
    '国家级': 'National',
    '省级': 'Provincial',
    '市级': 'Municipal',
    '县（区）级': 'County / district',
    '镇（街道）级': 'Town / street',
    '村（社区）级': 'Village / community',
    '业务办理项编码（实施编码+2位），主项/子项为实施编码': 'Handling-item code (implementation code + 2 digits); for main and sub-items, the implementation code',
    '例如《食品经营许可证》': 'e.g. Food Business Licence',
    '同一种材料在各事项中使用同一标识，一件事合并时只收一次': 'Use the same key for the same material across items, so a bundle collects it once',
    '一件事整体承诺时限，不得长于各事项中最长的法定时限': "The bundle's promised limit; not longer than the longest statutory limit of its items",
    '办理时限': 'Time limit',
    '法定 %(s)s 个工作日 / 承诺 %(p)s 个工作日': 'Statutory %(s)s working days / promised %(p)s working days',
    '今天申请，预计办结': 'If you apply today, done by',
    '（该年度节假日尚未载入，仅按周末推算）': '(holidays for that year are not loaded yet; weekends only)',
    '到办事现场次数': 'In-person visits',
    '%(n)s 次': '%(n)s',
    '零跑动': 'Zero visits',
    '一件事': 'Bundle',
    '在线申请': 'Apply online',
    '在线申请将在下一版本开放，现可到区政务服务中心综合窗口办理。': 'Online applications open in the next release; for now, apply at the comprehensive window of the district service centre.',
    '打印指南': 'Print this guide',
    '牵头部门：': 'Lead department: ',
    '各项结果同时发放': 'all results issued together',
    '包含事项': 'Items in this bundle',
    '合并申请表': 'One merged form',
    '共 %(n)s 项（各事项合计 %(t)s 项，相同信息只填一次）': '%(n)s fields (%(t)s across the items; the same information is asked once)',
    '%(n)s 个事项共用': 'shared by %(n)s items',
    '合并材料清单': 'One list of materials',
    '材料名称': 'Material',
    '形式': 'Form',
    '说明': 'Notes',
    '免提交': 'Not needed',
    '%(n)s 个事项共用，只交一次': 'shared by %(n)s items, submitted once',
    '搜索事项': 'Search services',
    '例如：食品、诊所、户口': 'e.g. food, clinic, household registration',
    '实施部门': 'Department',
    '全部部门': 'All departments',
    '事项类型': 'Type',
    '全部类型': 'All types',
    '主题': 'Theme',
    '全部主题': 'All themes',
    '全程网办': 'Fully online',
    '搜索': 'Search',
    '承诺 %(n)s 个工作日': 'promised %(n)s working days',
    '事项': 'Items',
    '共 %(n)s 项': '%(n)s in all',
    '分页': 'Pages',
    '上一页': 'Previous',
    '下一页': 'Next',
    '没有找到符合条件的事项，请换个关键词试试。': 'No service matches; try other words.',
    '基本信息': 'Basic information',
    '事项编码': 'Item code',
    '（演示编码）': '(demo code)',
    '基本编码': 'Basic code',
    '实施编码': 'Implementation code',
    '实施主体': 'Implementing body',
    '办件类型': 'Handling form',
    '审批方式': 'Route',
    '审批': 'Approval',
    '告知承诺': 'By commitment',
    '备案': 'Filing',
    '设定依据': 'Legal basis',
    '受理条件': 'Acceptance conditions',
    '特别程序': 'Special procedures',
    '无': 'None',
    '收费': 'Fee',
    '元': 'yuan',
    '不收费': 'Free of charge',
    '是': 'Yes',
    '否': 'No',
    '审批结果': 'Result',
    '办理地点': 'Place',
    '办理时间': 'Hours',
    '咨询电话': 'Enquiries',
    '监督投诉电话': 'Complaints',
    '版本': 'Version',
    '自 %(d)s 起施行': 'in force from %(d)s',
    '申请材料': 'Materials',
    '原件/复印件': 'Original / copy',
    '份数': 'Copies',
    '（非必需）': '(optional)',
    '可用电子证照代替': 'An e-licence stands in',
    '通过共享数据获取': 'Obtained from shared data',
    '适用情形：': 'Applies when: ',
    '申请表': 'Application form',
    '必填': 'required',
    '自动导入': 'Imported automatically',
    '自动填写': 'Filled in for you',
    '办理流程': 'Process',
    '所属一件事': 'Part of these bundles',
}

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def english_half(msgid: str) -> str | None:
    """'名称 name' → 'name'; None when the msgid has no Latin part."""
    if not re.search(r"[A-Za-z]", msgid):
        return None
    last_cjk = max((m.end() for m in CJK.finditer(msgid)), default=0)
    rest = msgid[last_cjk:].strip()
    return rest or None


def chinese_half(msgid: str) -> str | None:
    """'名称 name' → '名称'; None when there is no English half to drop."""
    english = english_half(msgid)
    if not english or not CJK.search(msgid):
        return None
    return msgid[: len(msgid) - len(english)].rstrip() or None


def fill_chinese() -> None:
    source = polib.pofile(str(PO))
    zh = polib.POFile()
    zh.metadata = {**source.metadata, "Language": "zh_Hans"}
    for entry in source:
        text = chinese_half(entry.msgid)
        if text and not entry.msgid_plural:
            zh.append(polib.POEntry(msgid=entry.msgid, msgstr=text, occurrences=entry.occurrences))
    PO_ZH.parent.mkdir(parents=True, exist_ok=True)
    zh.save(str(PO_ZH))
    zh.save_as_mofile(str(PO_ZH.with_suffix(".mo")))


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
        fill_chinese()
    for m in missing:
        print("untranslated:", m)
    return 1 if missing and "--strict" in sys.argv else 0


if __name__ == "__main__":
    raise SystemExit(main())
