"""Fill the translation catalogues and compile them (no GNU gettext needed at run time).

Source strings are Chinese. Model and choice labels are bilingual ("名称 name") so the admin and the API
read well in either language; the catalogues split them:
- en:      bilingual msgids take their English half; Chinese-only msgids come from EN below;
- zh_Hans: bilingual msgids take their Chinese half, so Chinese pages show Chinese only.
EN and the English halves are applied afresh on every run; other existing English translations are kept.
`make messages` runs xgettext first, then this with --compile.
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
    "该功能将在后续版本上线": "This feature arrives in a later release", "建设中": "Coming soon",
    "广州市白云区政务服务数据管理局": "Baiyun District Government Service and Data Administration, Guangzhou",
    "开源一站式政务服务平台": "Open-source one-stop government service platform",
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
    '例如《食品经营许可证》': 'E.g. Food Business Licence',
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
    '各项结果同时发放': 'All results issued together',
    '包含事项': 'Items in this bundle',
    '合并申请表': 'One merged form',
    '共 %(n)s 项（各事项合计 %(t)s 项，相同信息只填一次）': '%(n)s fields (%(t)s across the items; the same information is asked once)',
    '%(n)s 个事项共用': 'Shared by %(n)s items',
    '合并材料清单': 'One list of materials',
    '材料名称': 'Material',
    '形式': 'Form',
    '说明': 'Notes',
    '免提交': 'Not needed',
    '%(n)s 个事项共用，只交一次': 'Shared by %(n)s items, submitted once',
    '搜索事项': 'Search services',
    '例如：食品、诊所、户口': 'E.g. food, clinic, household registration',
    '实施部门': 'Department',
    '全部部门': 'All departments',
    '事项类型': 'Type',
    '全部类型': 'All types',
    '主题': 'Theme',
    '全部主题': 'All themes',
    '全程网办': 'Fully online',
    '搜索': 'Search',
    '承诺 %(n)s 个工作日': 'Promised %(n)s working days',
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
    '元': 'Yuan',
    '不收费': 'Free of charge',
    '是': 'Yes',
    '否': 'No',
    '审批结果': 'Result',
    '办理地点': 'Place',
    '办理时间': 'Hours',
    '咨询电话': 'Enquiries',
    '监督投诉电话': 'Complaints',
    '版本': 'Version',
    '自 %(d)s 起施行': 'In force from %(d)s',
    '申请材料': 'Materials',
    '原件/复印件': 'Original / copy',
    '份数': 'Copies',
    '（非必需）': '(optional)',
    '可用电子证照代替': 'An e-licence stands in',
    '通过共享数据获取': 'Obtained from shared data',
    '适用情形：': 'Applies when: ',
    '申请表': 'Application form',
    '必填': 'Required',
    '自动导入': 'Imported automatically',
    '自动填写': 'Filled in for you',
    '办理流程': 'Process',
    '所属一件事': 'Part of these bundles',
    # Cases: applicant pages
    '待受理': 'Awaiting acceptance',
    '请补正': 'Correction needed',
    '办理中': 'In progress',
    '已办结：准予': 'Closed: approved',
    '不予许可': 'Refused',
    '不予受理': 'Not accepted',
    '已撤回': 'Withdrawn',
    '已终止': 'Terminated',
    '已办结': 'Closed',
    '已从登记信息导入': 'Imported from registration data',
    '请选择': 'Please choose',
    '开始': 'Started',
    '已作废': 'Voided',
    '完成': 'Completed',
    '暂无办理环节': 'No steps yet',
    '申请已提交': 'Application submitted',
    '申请步骤': 'Application steps',
    '填写': 'Fill in',
    '预览': 'Preview',
    '提交': 'Submit',
    '一件事编号': 'Bundle number',
    '请记下办件编号，可凭编号和证件号码后四位在“进度查询”中查看办理进度。':
        'Note down the case numbers: with a number and the last four characters of your ID number you can follow '
        'the case under “Track progress”.',
    '办件编号': 'Case number',
    '承诺办结': 'Promised by',
    '受理后计算': 'Set on acceptance',
    '查看我的办件': 'See my cases',
    '一件事一次办：一张表单、一次签名，同时申请以下 %(n)s 个事项。':
        'One bundle, one application: one form and one signature apply for these %(n)s items at once.',
    '申请尚未提交，请修改以下内容：': 'The application has not been submitted yet. Please correct the following:',
    '申请信息': 'Application details',
    '标有“已从登记信息导入”的内容来自共享数据，不能修改；如有误请先办理变更登记。':
        'Entries marked “Imported from registration data” come from shared data and cannot be changed here; '
        'if one is wrong, first apply to change the registration.',
    '支持 PDF、JPG、PNG 文件，系统按文件内容识别类型。':
        'PDF, JPG and PNG files are accepted; the type is recognised from the file content.',
    '由电子证照或共享数据代替，无需上传。': 'Covered by an e-licence or shared data; no upload needed.',
    '仅在以下情形需要：%(c)s': 'Needed only when: %(c)s',
    '非必需材料': 'Optional material',
    '重新选择文件（可选）': 'Choose another file (optional)',
    '选择文件': 'Choose a file',
    '已上传': 'Uploaded',
    '审批（一般程序）': 'Approval (standard procedure)',
    '告知承诺（承诺符合条件，当场或快速办结）':
        'Approval by commitment (you declare that you meet the conditions; decided on the spot or quickly)',
    '告知承诺书': 'Letter of commitment',
    '本人（本单位）自愿选择告知承诺方式申请办理：':
        'I (or my organisation) voluntarily choose approval by commitment to apply for: ',
    '现郑重承诺：': ' I hereby solemnly declare that I (we):',
    '已经知晓行政机关告知的全部许可条件、所需材料和相关要求；':
        'know all the licensing conditions, required materials and related requirements notified by the '
        'administrative authority;',
    '本单位符合上述许可条件，所填写的信息和提交的材料真实、准确、完整；':
        'meet the above licensing conditions, and the information filled in and the materials submitted are '
        'true, accurate and complete;',
    '愿意接受行政机关的事中事后核查，按要求上传经营场所现场视频；':
        'accept in-process and post-approval checks by the administrative authority and will upload an on-site '
        'video of the business premises as required;',
    '如有虚假承诺或违反承诺，愿意承担撤销许可、信用惩戒等法律责任。':
        'accept legal liability, including revocation of the licence and credit penalties, for any false or '
        'broken commitment.',
    '我已阅读并签署告知承诺书（选择告知承诺方式时必须勾选）':
        'I have read and sign the letter of commitment (required when choosing approval by commitment)',
    '签名': 'Signature',
    '请在框内手写签名（手指或鼠标）。一次签名将用于本次申请生成的全部表单。':
        'Sign by hand in the box (finger or mouse). One signature is used for all the forms this application '
        'produces.',
    '签名区域': 'Signature area',
    '清除': 'Clear',
    '已签名': 'Signed',
    '尚未签名': 'Not signed yet',
    '签名需要启用浏览器的 JavaScript；也可前往政务服务中心窗口办理。':
        'Signing needs JavaScript enabled in your browser; you can also apply at a window of the government '
        'service centre.',
    '下一步：预览': 'Next: preview',
    '预览申请': 'Preview the application',
    '请核对以下内容。确认无误后点击“确认提交”；需要修改请点击“返回修改”，已上传的文件会保留。':
        'Check the details below. If they are correct, click “Confirm and submit”; to change something, click '
        '“Back to edit” (uploaded files are kept).',
    '申请事项': 'Items applied for',
    '由电子证照或共享数据代替': 'Covered by an e-licence or shared data',
    '未上传': 'Not uploaded',
    '审批方式与签名': 'Route and signature',
    '已签署告知承诺书': 'Letter of commitment signed',
    '您的签名': 'Your signature',
    '返回修改': 'Back to edit',
    '确认提交': 'Confirm and submit',
    '办件': 'Case',
    '状态': 'Status',
    '提交时间': 'Submitted',
    '预计办结': 'Expected completion',
    '办理部门': 'Department',
    '需要我做': 'Your next step',
    '办理结果': 'Result',
    '补正告知': 'Correction notice',
    '窗口于 %(d)s 一次性告知需要补正以下内容，请全部补正后提交。补正期间办理时限暂停计算。':
        'On %(d)s the window sent a one-time notice asking you to correct the items below. Correct all of them, '
        'then submit. The time limit is paused until the correction is made.',
    '类别': 'Type',
    '项目': 'Item',
    '原因': 'Reason',
    '提交补正': 'Submit correction',
    '办理环节': 'Steps',
    '办理记录': 'History',
    '暂无记录': 'No records yet',
    '已提交材料': 'Submitted materials',
    '第 %(r)s 次补正': 'correction round %(r)s',
    '撤回申请': 'Withdraw the application',
    '作出决定前可以撤回申请。撤回后本办件终止，如需办理须重新申请；一件事中一个事项撤回，其他事项一并终止。':
        'You can withdraw the application until a decision is made. Withdrawing terminates this case; to go '
        'ahead later you must apply again. Withdrawing one item of a bundle terminates the other items too.',
    '确定撤回该申请吗？撤回后不能恢复。': 'Withdraw this application? This cannot be undone.',
    '撤回原因（可选）': 'Reason for withdrawal (optional)',
    '我确认撤回该申请': 'I confirm that I withdraw this application',
    '您还没有办件。可在“办事指南”中选择事项在线申请。':
        'You have no cases yet. Choose a service under “Service guides” to apply online.',
    '去办事指南': 'Go to the service guides',
    '第 %(n)s / %(total)s 页': 'Page %(n)s of %(total)s',
    '办件进度查询': 'Track a case',
    '证件号码后四位': 'Last four characters of the ID number',
    '个人填身份证号码后四位，企业填统一社会信用代码后四位':
        'Individuals: the last four characters of the ID card number; enterprises: the last four of the unified '
        'social credit code',
    '查询': 'Look up',
    '未找到该办件。请核对办件编号和证件号码后四位。':
        'No case found. Check the case number and the last four characters of the ID number.',
    '查询过于频繁': 'Too many look-ups',
    '同一网络每分钟最多查询 %(n)s 次，请稍后再试。':
        'At most %(n)s look-ups a minute are allowed from one network; please try again later.',
    '返回进度查询': 'Back to progress tracking',
    '请在补正页面提交补正材料': 'Submit the corrections on the case page',
    '去补正': 'Make corrections',
    '无需操作，等待窗口受理': 'Nothing to do; waiting for the window to accept the case',
    '无需操作，部门正在办理': 'Nothing to do; the department is handling the case',
    '无需操作': 'Nothing to do',
    '结果将在电子证照上线后提供下载': 'The result can be downloaded once e-licences go live',
    '其他': 'Other',
    '该办件无需补正。': 'This case needs no correction.',
    '补正材料已提交，等待窗口重新受理。': 'Corrections submitted; waiting for the window to accept the case again.',
    '请勾选确认后再撤回申请。': 'Tick the confirmation box before withdrawing the application.',
    '申请已撤回。': 'The application has been withdrawn.',
    '也可到区政务服务中心综合窗口办理。':
        'You can also apply at the comprehensive window of the district government service centre.',
    # Cases: staff pages
    '全区各部门办理中的黄色预警和红色超期办件。':
        'Open cases that are due soon (yellow) or overdue (red), in every department of the district.',
    '本部门办理中的黄色预警和红色超期办件。': 'Open cases of your department that are due soon (yellow) or overdue (red).',
    '黄色预警': 'Due soon',
    '红色超期': 'Overdue',
    '黄': 'Due soon',
    '红': 'Overdue',
    '黄 %(y)s · 红 %(r)s': 'due soon %(y)s · overdue %(r)s',
    '没有黄色预警或红色超期的办件。': 'No case is due soon or overdue.',
    '待办': 'Inbox',
    '共': 'Total',
    '件': 'cases',
    '全部': 'All',
    '排序': 'Sort',
    '按期限（最早到期在前）': 'By due date (earliest first)',
    '按提交时间（最新在前）': 'By submission time (newest first)',
    '筛选': 'Filter',
    '没有待办任务。': 'Your inbox is empty.',
    '当前环节': 'Current step',
    '未能办理': 'Action failed',
    '办理': 'Actions',
    '已办理：%(number)s': 'Done: %(number)s',
    '办理意见（可选）': 'Comments (optional)',
    '一次性告知：请勾选全部需要补正的材料和内容，并分别写明理由。同一理由不能再次要求补正。':
        'One-time notice: tick every material and entry that needs correcting, with a reason for each. The same '
        'reason cannot be used to ask for a correction again.',
    '材料': 'Materials',
    '%(n)s：补正理由': '%(n)s: reason for correction',
    '补正理由': 'Reason for correction',
    '表单内容': 'Form entries',
    '说明（可选）': 'Notes (optional)',
    '发出补正告知': 'Send the correction notice',
    '记录到场': 'Record a visit',
    '申请人已到场 %(n)s 次': 'Visits by the applicant so far: %(n)s',
    '当前没有需要您办理的操作。': 'There is nothing for you to do on this case now.',
    '申请人': 'Applicant',
    '渠道': 'Channel',
    '第 %(n)s 次补正': 'correction round %(n)s',
    '新窗口打开': 'Open in a new window',
    '预览图片': 'Preview image',
    '预览 PDF': 'Preview PDF',
    '由电子证照或共享数据代替，申请人无需提交': 'Covered by an e-licence or shared data; the applicant need not submit it',
    '未提交': 'Not submitted',
    '申请人签名': "Applicant's signature",
    '无签名': 'No signature',
    '时限': 'Time limits',
    '承诺办结日期': 'Promised completion date',
    '%(n)s 个工作日': '%(n)s working days',
    '法定办结日期': 'Statutory completion date',
    '本环节截止': 'This step due',
    '预警': 'Warning',
    '正常': 'On time',
    '计时': 'Clock',
    '暂停中（%(r)s，自 %(d)s）': 'Paused (%(r)s, since %(d)s)',
    '正常计时': 'Running',
    '到场次数': 'Visits',
    '任务': 'Tasks',
    '环节': 'Step',
    '部门': 'Department',
    '期限': 'Due',
    '已补正': 'corrected',
    '办理过程': 'Timeline',
    '系统': 'System',
    '已记录申请人到场': "Applicant's visit recorded",
    # Cases: window intake
    '更换申请人': 'Change applicant',
    '（不选）': '(none)',
    '或单个事项': 'Or a single item',
    '选择一件事时按一件事办理；否则按所选事项办理。':
        'When a bundle is chosen the application is for the bundle; otherwise it is for the chosen item.',
    '填写申请表': 'Fill in the application form',
    '查找申请人': 'Find the applicant',
    '身份证号码或统一社会信用代码': 'ID card number or unified social credit code',
    '查找': 'Find',
    '登记新申请人（个人）': 'Register a new applicant (individual)',
    '通过身份核验后为申请人开通账号；申请人日后可凭身份证号码找回并重设密码。':
        'Once the identity check passes, an account is opened for the applicant, who can later recover it and '
        'reset the password with the ID card number.',
    '手机号码（可选）': 'Mobile phone (optional)',
    '核验并登记': 'Verify and register',
    '已提交': 'Submitted',
    '请将办件编号告知申请人，可凭编号和证件号码后四位查询进度。':
        'Give the case numbers to the applicant, who can track progress with a number and the last four '
        'characters of the ID number.',
    '受理下一位': 'Next applicant',
    '代申请人填写': 'Fill in for the applicant',
    '尚未提交，请修改以下内容：': 'Not submitted yet. Please correct the following:',
    '扫描材料': 'Scanned materials',
    '高拍仪扫描后选择文件：PDF、JPG 或 PNG，按内容识别类型。':
        'Scan with the document camera, then choose the file: PDF, JPG or PNG; the type is recognised from the '
        'content.',
    '由电子证照或共享数据代替。': 'Covered by an e-licence or shared data.',
    '申请人已阅读并签署告知承诺书（选择告知承诺时必须勾选）':
        'The applicant has read and signed the letter of commitment (required when choosing approval by commitment)',
    '请申请人在签名板或屏幕上签名，一次签名用于本次申请的全部表单。':
        'Ask the applicant to sign on the signature pad or the screen; one signature is used for all the forms of '
        'this application.',
    '提交申请': 'Submit the application',
    '该身份证号码已有账号，已直接选用。': 'This ID number already has an account; it has been selected.',
    '已通过身份核验并为申请人开通账号（用户名 %(username)s）。申请人日后可凭身份证号码找回并重设密码。':
        'Identity verified and an account opened for the applicant (username %(username)s). The applicant can '
        'later recover it and reset the password with the ID card number.',
    '查看申请文书（申请表、告知承诺书），每份都有您的同一签名':
        'View the application documents (application form, letter of commitment), each bearing your signature',
    '查看申请文书（申请表、告知承诺书）': 'View the application documents (application form, letter of commitment)',
    '申请文书': 'Application documents',
    '打印': 'Print',
    '提交材料': 'Materials submitted',
    '本人（本单位）对所填信息和所交材料的真实性负责。':
        'I (my organisation) take responsibility for the truth of the information and materials submitted.',
    '申请人签名：': "Applicant's signature: ",
    '本人（本单位）自愿选择告知承诺方式申请办理，已经知晓行政机关告知的全部许可条件、所需材料和相关要求；符合上述条件，所填写的信息和提交的材料真实、准确、完整；愿意接受事中事后核查；如有虚假承诺或违反承诺，愿意承担撤销许可、信用惩戒等法律责任。':
        'I (my organisation) voluntarily choose approval by commitment. I know all the licensing conditions, '
        'required materials and related requirements notified by the administrative authority; I meet those '
        'conditions, and the information filled in and the materials submitted are true, accurate and complete; '
        'I accept in-process and post-approval checks; for any false or broken commitment I accept legal '
        'liability, including revocation of the licence and credit penalties.',
    '承诺人签名：': 'Signature of the committing party: ',
    '承诺人签名': 'Signature of the committing party',
    '终止办理': 'Terminate the case',
    '终止理由（将告知申请人）': 'Reason for termination (the applicant will be told)',
    '确认终止': 'Confirm termination',
    '已终止办理：%(number)s': 'Terminated: %(number)s',
    # Mixed msgids that english_half cannot split
    '审批 approval / 告知承诺 commitment / 备案 filing': 'Approval / commitment / filing',
    'registry.entity.<字段> 或 profile.<字段>': 'registry.entity.<field> or profile.<field>',
    '仅在条件成立时需要，例如 {"field": "business_type", "op": "eq", "value": "catering"}':
        'Needed only when the condition holds, e.g. {"field": "business_type", "op": "eq", "value": "catering"}',
    '已受理': 'Accepted',
    '一次性告知补正': 'One-time correction notice',
    '已提交补正材料': 'Correction submitted',
    '申请人撤回申请': 'Withdrawn by the applicant',
    '因同一件事的其他事项办结而终止': 'Terminated with the other items of the bundle',
    '部门会签意见': 'A department countersigned',
    '会签完成': 'Countersign complete',
    '会签不同意': 'Countersign refused',
    '审批通过': 'Approved',
    '发放结果': 'Result issued',
    '到窗口办理': 'Visit at the window',
    '办理环节更新': 'Step updated',
    '受理': 'Accepted',
    '发出一次性告知补正': 'One-time correction notice sent',
    '申请人提交补正': 'Applicant submitted the correction',
    '会签：本部门同意': 'Countersign: this department agrees',
    '会签完成，全部同意': 'Countersign complete: all agree',
    '会签：不同意，其余会签作废': 'Countersign: refused; the other branches are voided',
    '准予许可': 'Approved',
    '审查通过': 'Review passed',
    '发证办结': 'Issued and completed',
    '记录申请人到场': "Applicant's visit recorded",
    '时限预警颜色变化': 'Deadline colour changed',
    '结束于': 'Ended on',
    '消息': 'Messages',
    '我的消息': 'My messages',
    '新': 'new',
    '查看': 'Open',
    '暂无消息。办件受理、补正、办结时会在这里通知您。': 'No messages yet. You are told here when a case is accepted, needs correction or is decided.',
    # e-licences (issue 5)
    "使用您的电子证照代替此材料：": "Use your e-licence instead of this material:",
    "有效期至 %(d)s": "valid until %(d)s", "长期有效": "no expiry",
    "不使用电子证照，改为上传": "Do not use an e-licence; upload the material instead", "上传": "Upload",
    "电子证照": "E-licence", "电子证照核验有效": "E-licence verified: valid",
    "电子证照已撤销": "E-licence revoked", "电子证照已过期": "E-licence expired",
    "电子证照核验无效": "E-licence invalid",
    "申请人以电子证照代替此材料（免提交）": "The applicant used an e-licence instead of this material",
    "证照": "Licence", "持证主体": "Holder", "颁证单位": "Issuer", "有效期": "Validity", "长期": "no expiry",
    "查看即记入用证记录，持证人可见。": "Viewing it is logged as a use of the licence, which its holder can see.",
    "证照编号": "Licence number", "状态说明": "Status note", "查看证照（PDF）": "View licence (PDF)",
    "下载 PDF": "Download PDF", "下载签名数据（JSON）": "Download signed data (JSON)", "核验": "Verify",
    "用证记录": "Uses of this licence", "时间": "Time", "用证部门": "Department", "事由": "Reason",
    "尚无其他部门使用此证照。": "No other department has used this licence yet.",
    "您还没有电子证照。办件办结后颁发的证照会列在这里。":
        "You have no e-licences yet. Licences issued when your cases are approved are listed here.",
    "电子证照核验": "E-licence verification",
    "核验过于频繁：每分钟最多 %(n)s 次，请一分钟后再试。":
        "Too many checks: at most %(n)s a minute. Please try again in a minute.",
    "二维码内容、证照签名数据（JSON）或证照标识": "QR code text, signed licence data (JSON) or licence identifier",
    "用扫码工具读取证照上的二维码后粘贴到此处。核验使用公开的 SM2 公钥，结果只显示脱敏信息。":
        "Scan the QR code on the licence with any scanner and paste the text here. The check uses the published "
        "SM2 public keys; the result shows masked data only.",
    "或上传电子证照 PDF 文件": "Or upload the e-licence PDF",
    "本平台签发的 PDF 内附签名数据；上传后只在服务器上核验，不会保存。":
        "PDFs issued here carry their signed data; the upload is checked on the server and not kept.",
    "上传并核验": "Upload and verify", "证照类型": "Licence type", "证照标识": "Identifier",
    # remote inspection (issue 6)
    "打开远程视频核查（现场视频与核查项目）": "Open the remote video inspection (videos and checklist)",
    "远程视频核查": "Remote video inspection",
    "经营场所地址不在标准地址库中：系统未能自动核对拍摄地点，请人工核对视频中的门牌和周边环境。":
        "The premises address is not in the standard address register, so the recording place could not be "
        "checked automatically: check the street number and surroundings in the video.",
    "现场视频": "On-site videos", "定位精度 %(a)s 米": "position accurate to %(a)s m",
    "申请人尚未上传此段视频。": "The applicant has not uploaded this video yet.", "核查项目": "Checklist",
    "已判定 %(j)s / %(t)s 项": "%(j)s of %(t)s items judged",
    "回到办件页面作出核查结论": "Back to the case page to conclude the inspection",
    "全部项目判定后，系统按判定规则给出结果。": "Once every item is judged, the pass rule gives the result.",
    "部分判定未保存，请检查标红的项目。": "Some verdicts were not saved; check the items marked in red.",
    "符合": "Compliant", "不符合": "Not compliant", "说明（不符合时写明问题）": "Note (say what is wrong when not compliant)",
    "记录当前视频时间点": "Mark the current video moment", "视频 %(n)s 第 %(t)s 秒": "video %(n)s at %(t)s s",
    "保存核查结论": "Save the verdicts",
    "系统生成": "Generated", "现场录制": "Recorded on site", "提交后录制": "recorded after applying",
    "提交后由系统按您填写的信息生成，并加盖您的签名，无需上传。":
        "Generated from your application after you submit it and signed with your signature; nothing to upload.",
    "提交申请后，请在经营场所用手机打开“录制现场视频”页面录制，无需现在上传。":
        "After you submit, open the “Record on-site videos” page on your phone at the premises; nothing to upload now.",
    "开始录制": "Start recording", "重新录制": "Record again", "请在经营场所现场录制视频，供远程核查": "Record videos on your premises for the remote inspection",
    "录制现场视频": "Record on-site videos", "现场视频录制": "On-site video recording",
    "请在经营场所现场用手机录制，允许浏览器使用摄像头和精确定位。每段视频 %(min)s–%(max)s 秒，拍摄地点须在登记的经营场所 %(d)s 米范围内。按下面的顺序拍摄，镜头缓慢移动，光线充足。":
        "Record on the premises with your phone and let the browser use the camera and your precise location. "
        "Each video lasts %(min)s–%(max)s seconds and must be recorded within %(d)s m of the registered premises. "
        "Film in the order below, move the camera slowly, in good light.",
    "也可以上传用手机相机拍摄、带定位信息的视频文件。视频上传后由系统自动检查，不合格的会告诉您需要重新拍摄什么。":
        "You may instead upload a video taken with the phone's camera that carries its location. Every video is "
        "checked automatically; if one fails you are told what to record again.",
    "此办件当前不接收现场视频。": "This case does not take videos now.", "视频 %(n)s": "Video %(n)s",
    "尚未录制": "Not recorded yet", "合格": "Accepted", "秒": "s", "需重新录制": "Record again",
    "停止并上传": "Stop and upload", "或上传手机视频": "Or upload a phone video", "返回办件详情": "Back to the case",
    "承诺核查": "Commitment checks",
    "以告知承诺方式取得许可的，应在规定期限内核查承诺是否属实。认定虚假承诺的，许可即被撤销、记入信用记录并在许可公开中公示。":
        "A licence granted on commitment is checked within the set time. A false commitment revokes the licence at "
        "once, is written to the credit record and is shown on the public permit register.",
    "核查期限": "Due by", "结论": "Result", "承诺属实": "Commitment kept",
    "虚假承诺": "False commitment", "核查情况（认定虚假承诺时必填）": "What the check found (required for a false commitment)",
    "核查情况": "What the check found", "记录结论": "Record the result", "暂无承诺核查任务。": "No checks to do.",
    "远程审批数据": "Remote approval figures", "食品经营许可远程审批数据": "Food licence remote approval: figures",
    "申请件数": "Applications", "办结 / 准予 / 不予": "Closed / approved / refused",
    "准予许可用时中位数（工作日）": "Median working days to approval", "第 90 百分位用时（工作日）": "90th percentile of working days to approval",
    "法定时限（工作日）": "Statutory limit (working days)", "减少跑动（次）": "Trips saved",
    "每件准予许可的申请减少 2 次跑动：申请人到窗口 1 次，核查人员到现场 1 次。":
        "Each approved application saves 2 trips: the applicant's visit to the window and the inspector's field trip.",
    "按主体业态": "By business type",
    "许可公开": "Permits granted", "行政许可公开": "Permits granted (public disclosure)",
    "依法公开企业取得的行政许可。只公开企业名称、证照编号、业态、日期和状态，不公开个人信息。":
        "Permits granted to enterprises, disclosed by law: name, number, business type, dates and status only; no "
        "personal data.",
    "企业名称或证照编号": "Enterprise name or licence number", "企业名称": "Enterprise",
    "主体业态": "Business type", "发证日期": "Issued on",
    "颁发的证照": "Licences issued", "证照编号、标识或持证主体": "Licence number, identifier or holder",
    "撤销证照": "Revoke the licence", "撤销理由（必填，将在核验时显示）": "Reason (required; shown on verification)",
    "确认撤销": "Revoke", "共 %(n)s 张": "%(n)s licences", "没有符合条件的证照。": "No licence matches.",
    "有效": "Valid", "已撤销": "Revoked", "已过期": "Expired", "无效": "Invalid",
    "申请人名下未登记此类电子证照：请通过电子证照库或颁证部门核实；无法核实的，可一次性告知补正。":
        "No e-licence of this kind is registered for the applicant: check with the e-licence library or the "
        "issuer; if it cannot be confirmed, include it in the one-time correction notice.",
    "由共享数据代替，申请人无需提交": "Replaced by shared data; the applicant need not submit it",
    "持证主体代码": "Holder code", "颁证日期": "Issue date", "签名公钥列表（PEM）": "Signing public keys (PEM)",
    # --- navigation: the policy catalogue for everyone ---
    "惠企政策": "Business support",
    "请点击按钮生成银行文件。": "Press the button to make the bank file.",
    # --- policies: public and enterprise pages (catalogue, detail, finder, offers, publicity) ---
    "我能享受什么": "What can I get?",
    "根据共享数据（%(y)s 年度等），对%(name)s逐项比对每一项已发布的惠企政策，比对日期 %(d)s。结果仅供参考，以部门审核为准。":
        "Every published policy checked for %(name)s against shared data (%(y)s figures and others) on %(d)s. "
        "For guidance only: the department's review decides.",
    "您有 %(n)s 条免申即享兑现通知待确认": "You have %(n)s benefit offer(s) to confirm",
    "去确认兑现": "Confirm now", "可享受": "You qualify", "合计约 %(total)s 元": "About %(total)s yuan in all",
    "发布部门": "Issued by", "已推送兑现通知，去确认": "Offer sent: confirm it",
    "免申即享：无需申请，部门比对后将向您推送兑现通知。":
        "Paid without applying: no application; you will receive an offer after the department's matching run.",
    "暂无可享受的政策。": "No policy you qualify for yet.", "待核实": "To be checked",
    "缺少部分数据，系统无法判断，不代表不符合。":
        "Some data is missing, so the system cannot decide; this does not mean you do not qualify.",
    "缺少数据：": "Missing data: ", "无法判断：": "Cannot be decided: ",
    "可直接在线申请，由工作人员根据您提交的材料核实。":
        "You can apply online; staff will check against the documents you submit.",
    "请联系%(d)s核实或补充数据，数据更新后将重新比对。":
        "Contact %(d)s to check or complete the data; the policy is matched again once the data is updated.",
    "没有待核实的政策。": "No policy to be checked.", "暂不符合": "Not eligible for now", "未满足：": "Not met: ",
    "无。": "None.", "免申即享兑现通知": "Benefit offers (no application needed)",
    "经部门数据比对，%(name)s符合以下政策的条件，无需申请、无需提交材料。确认收款账户后即进入审核、公示和拨付。":
        "The departments' data shows that %(name)s qualifies for the policies below: no application and no "
        "documents. Once you confirm the account to pay, review, publicity and payment follow.",
    "暂无兑现通知。部门比对后，符合条件的政策会通知您。":
        "No offers yet. You are told when a matching run finds a policy you qualify for.",
    "看看我能享受什么": "See what I can get",
    "兑现期间 %(p)s · 比对日期 %(d)s · 规则第 %(n)s 版": "Period %(p)s · matched on %(d)s · rules version %(n)s",
    "为什么符合": "Why you qualify", "金额计算": "How the amount is worked out", "收款账户": "Account to pay",
    "已按上次填写的账户预填，可修改。": "Filled in from the account you gave last time; you may change it.",
    "开户名": "Account name", "开户银行": "Bank", "银行账号": "Account number", "确认兑现": "Confirm",
    "确认即表示本单位申请兑现该政策，并承诺所填账户为本单位对公账户。":
        "By confirming, your enterprise asks for this benefit and declares the account is its own business account.",
    "不需要此项扶持？": "Don't want this benefit?", "原因（选填）": "Reason (optional)", "放弃兑现": "Decline",
    "已于 %(d)s 确认兑现。": "Confirmed on %(d)s.",
    "收款账户：%(b)s（尾号 %(tail)s）": "Account: %(b)s (ending %(tail)s)", "已于 %(d)s 放弃。": "Declined on %(d)s.",
    "此页面供企业用户使用：以企业身份登录后，可查看本企业能享受的政策和免申即享兑现通知。":
        "This page is for enterprise users: sign in as an enterprise to see the policies it qualifies for and "
        "its benefit offers.",
    "浏览惠企政策库": "Browse the policy catalogue", "公示名单": "Publicity list",
    "查看判断依据": "Show the reasons", "规则第 %(n)s 版（自 %(d)s 起施行）": "Rules version %(n)s (in force from %(d)s)",
    "惠企政策库": "Business support policies",
    "白云区各部门发布的惠企政策，已按政策文件、发布部门、适用范围、申报条件、资金标准等要素逐项梳理。“免申即享”的政策由系统根据共享数据主动比对，符合条件的企业无需申请。":
        "The business support policies of Baiyun's departments, each set out by its elements: source document, "
        "issuing department, scope, conditions, fund standard and more. Policies \"paid without applying\" are "
        "matched against shared data; qualifying enterprises need not apply.",
    "企业用户登录后，可查看本企业能享受哪些政策、可获多少金额。":
        "Sign in as an enterprise to see which policies it qualifies for and how much it can get.",
    "共 %(n)s 项政策": "%(n)s policies", "面向个人": "For individuals",
    "办理时限 %(n)s 个工作日": "Time limit %(n)s working days", "资金标准": "Fund standard", "标签": "Tags",
    "没有符合条件的政策，请减少筛选条件后再试。": "No policy matches; try fewer filters.",
    "免申即享，无需申请": "Paid without applying: no application needed",
    "本政策无需申请。系统根据共享数据主动比对，符合条件的企业会收到兑现通知，登录后确认收款账户即可，不需要填表或提交材料。":
        "No application is needed. The system matches enterprises against shared data; a qualifying enterprise "
        "receives an offer and only confirms the account to pay after signing in, with no form and no documents.",
    "我的兑现通知": "My benefit offers", "依申请办理": "On application",
    "本政策须由申请人提出申请，经部门审核、公示后兑现。":
        "This policy is applied for; it is paid after the departments' review and publicity.",
    "查看办事指南": "Read the service guide",
    "本政策暂未开通网上申请，请向发布部门咨询办理方式。":
        "Online application is not open for this policy yet; ask the issuing department how to apply.",
    "政策要素": "Policy elements", "政策编码": "Policy code", "政策文件": "Source document", "适用范围": "Scope",
    "政策依据": "Legal basis", "申报条件": "Conditions", "申报材料": "Materials",
    "无需提交材料": "No documents to submit", "资金来源": "Fund", "现行比对规则": "Rules in force",
    "第 %(n)s 版，自 %(d)s 起施行": "Version %(n)s, in force from %(d)s", "，%(d)s 起废止": ", repealed from %(d)s",
    "条件": "Conditions", "现行参数": "Parameters in force", "参数": "Parameter", "取值": "Value",
    "施行日期": "In force from", "依据": "Legal reference", "本政策暂无生效的比对规则。": "This policy has no rules in force.",
    "政策名称": "Policy name", "清除条件": "Clear filters", "按标签筛选": "Filter by tags",
    "同一类标签选多个时，符合其中任意一个即可；不同类的标签须同时符合。":
        "Within one group, a policy needs any of the tags you tick; across groups, it needs all the groups.",
    "政策兑现公示": "Policy benefits: public notice",
    "以下企业拟获得政策兑现资金，现予公示。公示期内，任何单位和个人均可对公示内容提出异议，请写明事实和理由并留下联系方式，发布部门将核实处理。":
        "The enterprises below are to receive policy funds and are listed for public notice. While the notice "
        "runs, anyone may object: state the facts and reasons and leave a way to reach you; the issuing "
        "department will look into it.",
    "企业名称、统一社会信用代码或政策名称": "Enterprise name, credit code or policy name",
    "%(d)s 公示中 %(n)s 条": "%(n)s entries on notice on %(d)s", "政策": "Policy",
    "统一社会信用代码": "Unified social credit code", "兑现期间": "Period", "公示期": "Notice period",
    "对此条提出异议": "Object to this entry", "姓名或单位": "Name or organisation", "联系方式": "Contact",
    "异议内容": "Objection", "提交异议": "Submit the objection",
    "您的联系方式只用于核实异议，不会公开。": "Your contact details are used only to look into the objection and are not published.",
    "目前没有正在公示的政策兑现名单。": "No policy benefits are on public notice now.",
    "政策不存在": "No such policy",
    "提交过于频繁：每分钟最多 %(n)s 次，请一分钟后再试。": "Too many submissions: %(n)s a minute at most; try again in a minute.",
    "内容过长（不超过 %(n)s 个字）": "Too long (%(n)s characters at most)",
    "异议未提交，请修改标出的内容。": "The objection was not submitted; correct the marked fields.",
    "异议已提交，发布部门将核实处理并与您联系。": "Objection submitted. The issuing department will look into it and contact you.",
    "未能确认，请修改标出的内容。": "Not confirmed; correct the marked fields.",
    "已确认兑现，办件编号 %(number)s。办理进度可在“我的办件”中查看。":
        "Confirmed. Case number %(number)s; follow its progress under “My cases”.",
    "已放弃该项政策兑现。": "You declined this benefit.",
    "已确认兑现": "Confirmed", "您已放弃本期兑现。": "You declined it for this period.",
    "按所选标签筛选": "Filter by the ticked tags",
    "请填写本单位的对公账户，下次将自动预填。": "Give your enterprise's business account; it is filled in for you next time.",
    # --- policies: the policy officer's pages (政策管理, runs, policy cases, 兑现批次) and the policy admin ---
    "政策兑现核定与公示": "Policy benefit: assessment and publicity", "比对政策": "Policy to match",
    "全部已发布的企业类政策": "Every published policy for enterprises", "评估日期": "Evaluation date",
    "数据期间": "Facts period",
    "读取该年（或月）及以前最近一期的企业数据，如 2025 或 2025-06":
        "Reads each enterprise's latest figures up to this year (or month), e.g. 2025 or 2025-06",
    "向符合条件的企业推送兑现通知（免申即享）": "Send offers to the eligible enterprises (paid without applying)",
    "数据期间应为年份（如 2025）或月份（如 2025-06）": "The facts period is a year (2025) or a month (2025-06)",
    "只有已发布的企业类政策可以比对": "Only a published policy for enterprises can be matched",
    "处理结论": "Decision", "异议不成立": "Objection dismissed", "异议成立（退回重新审核）": "Objection upheld (review again)",
    "处理意见": "Reply",
    "兑现期间应为年份（如 2026）或月份（如 2026-06）": "The period is a year (2026) or a month (2026-06)",
    "银行对账文件（CSV）": "Bank reconciliation file (CSV)", "对账文件过大（上限 5 MB）": "The file is larger than 5 MB",
    "UTF-8 或 GB18030 编码的 CSV，不超过 5 MB": "CSV in UTF-8 or GB18030, at most 5 MB",
    "拨付批次": "Payout batch",
    "文件未导入，所有付款状态保持不变。请修正以上各行后重新导入。":
        "Nothing was imported and no payment changed. Correct the rows above and import the file again.",
    "笔数 / 金额合计（元）": "Payments / total (yuan)", "资金余额（元）": "Fund balance (yuan)", "预算": "Budget",
    "创建": "Created", "生成银行文件": "Bank file made", "对账完成": "Reconciled", "对账结果": "Reconciliation",
    "到账": "Paid", "失败": "Failed",
    "审批时校验资金余额，余额不足的不能审批。":
        "Approval checks the fund's balance; a batch larger than the balance cannot be approved.",
    "下载银行文件": "Download the bank file",
    "首次下载后，本批次付款状态变为“已发送银行”。": "The first download marks the batch's payments as sent to the bank.",
    "可重新下载同一文件。": "The same file can be downloaded again.", "导入对账文件": "Import the reconciliation file",
    "本批次已办结。": "This batch is complete.",
    "银行文件由工作人员交银行（人工报送或银企直连通道），本系统不直接连接银行；银行返回的对账文件在此导入。":
        "Staff hand the bank file to the bank (by hand or over the bank's host-to-host channel); this system does "
        "not connect to any bank. Import the bank's reconciliation file here.",
    "文件格式": "File layouts", "付款明细": "Payments", "付款参考号": "Payment reference", "企业": "Enterprise",
    "收款账号": "Account number", "金额（元）": "Amount (yuan)", "银行流水号": "Bank reference",
    "失败原因": "Failure reason", "银行文件（导出）": "Bank file (export)",
    "CSV，UTF-8 编码带 BOM（Excel 可直接打开），首行为表头，逗号分隔，含逗号或引号的字段加引号。":
        "CSV in UTF-8 with a BOM (Excel opens it), one header row, comma-separated; fields holding a comma or a "
        "quote are quoted.",
    "OG 加 10 位付款编号，银行原样返回": "OG and the 10-digit payment id; the bank returns it unchanged",
    "收款账户名称": "Name of the account paid", "仅数字": "Digits only", "收款账户的开户银行": "Bank of the account paid",
    "以元为单位，保留两位小数，如 100000.00；合计与批次金额核对":
        "Yuan with exactly two decimals, e.g. 100000.00; the sum is checked against the batch",
    "政策名称加兑现期间": "Policy name and period", "收款企业的统一社会信用代码": "Credit code of the enterprise paid",
    "对账文件（导入）": "Reconciliation file (import)",
    "CSV，UTF-8（可带 BOM）或 GB18030 编码，首行为表头，每笔付款一行，不超过 5 MB。导入前逐行校验：参考号不在本批次、结果或日期无法识别、缺少流水号或失败原因的，列出行号和列名，整个文件不导入。":
        "CSV in UTF-8 (with or without a BOM) or GB18030, a header row, then one row per payment, at most 5 MB. "
        "Every row is checked first: a reference not in this batch, an unknown result or date, a missing bank "
        "reference or failure reason is listed with its row and column, and nothing in the file is imported.",
    "银行文件中的付款参考号": "The payment reference from the bank file",
    "成功（或 success、paid）或失败（或 failed）": "成功 (or success, paid) or 失败 (or failed)",
    "成功的付款必填": "Required for a paid row", "成功的付款必填，格式 YYYY-MM-DD": "Required for a paid row, YYYY-MM-DD",
    "失败的付款必填；失败的款项可放入下一批次重新拨付":
        "Required for a failed row; a failed payment can go into a later batch",
    "政策的标准要素、条件和金额在管理后台维护，保存时即校验。已被比对使用的版本不再修改：修改即新增版本，已存结果仍指向原版本。":
        "Policies' standard elements, criteria and amounts are kept in the administration and checked when saved. "
        "A version used by a run never changes: a change is a new version, and stored results keep naming the old.",
    "在管理后台编辑政策": "Edit policies in the administration", "发起主动比对（免申即享）": "Start a matching run",
    "对全部企业的数据逐一比对政策条件，在后台运行，本页可看进度。符合、不符合、待人工核实的结果均保存其条件、数据、规则版本和参数取值。":
        "Checks every enterprise's data against the policies' conditions in the background, with progress shown "
        "here. Each result keeps its conditions, data, rule version and parameter values.",
    "开始比对": "Start matching", "政策列表": "Policies", "兑现方式": "Mode", "现行版本": "Version in force",
    "施行": "from", "无现行版本": "No version in force", "尚无政策。": "No policies yet.",
    "最近的比对批次": "Recent matching runs", "批次": "Run", "进度": "Progress", "发起人": "Started by",
    "待人工核实": "To be checked", "测算金额（元）": "Amount (yuan)", "数据": "facts", "全部政策": "All policies",
    "尚未发起比对。": "No run yet.",
    "按政策和兑现期间生成拨付批次，审批时校验资金余额，导出银行文件交银行，再导入银行对账文件确认到账或失败。同一企业同一政策同一期间只拨付一次。":
        "Make a payout batch per policy and period, approve it against the fund's balance, hand the bank file to "
        "the bank and import its reconciliation to mark each payment paid or failed. An enterprise is paid once "
        "per policy and period.",
    "待拨付": "Waiting for a batch", "笔数": "Payments", "未设置资金来源": "No fund set", "其中重拨": "retries",
    "生成批次": "Make a batch", "没有待拨付的款项。": "No payments are waiting.", "批次号": "Batch number",
    "资金来源及余额（元）": "Fund and balance (yuan)", "余额": "Balance", "尚无拨付批次。": "No batches yet.",
    "兑现统计": "Totals", "年度": "Year", "全部年度": "All years", "按政策": "By policy",
    "已到账（元）": "Paid (yuan)", "在途（元）": "Under way (yuan)", "按部门": "By department",
    "拨付部门": "Paying department", "按企业（前 50 家）": "By enterprise (top 50)",
    "“在途”为已核定、尚未到账的金额；拨付失败的不计入。":
        "\"Under way\" is approved and not yet paid; failed payments are not counted.",
    "返回办件页面（办理、会签、审批）": "Back to the case page (actions, countersign, approval)",
    "核定结果": "Assessment", "结果": "Outcome", "核定金额（元）": "Amount assessed (yuan)", "金额待定": "Amount not settled",
    "规则版本": "Rule version", "依据来源": "Based on", "免申即享比对": "Matching run",
    "受理时按现有数据核定": "Assessed from the data at publicity",
    "数据缺失，须人工核实后方可公示和拨付。": "Data is missing: a person must check it before publicity and payment.",
    "条件逐项结果": "Each condition", "没有保存逐项结果。": "No condition outcomes were stored.",
    "需补充的数据": "Data to supply", "读取的数据": "Data read", "参数取值": "Parameter values", "公示": "Publicity",
    "公示中": "On public notice", "公示期已过": "Publicity over", "尚未进入公示。": "Not on public notice yet.",
    "拨付": "Payment", "公示异议": "Objections", "提交处理意见": "Send the reply", "没有异议。": "No objections.",
    "异议成立的，在办件页面选择“异议成立，重新审核”退回；全部异议处理完毕且公示期满后，方可在办件页面确认“公示无异议”。":
        "If an objection is upheld, choose \"Objection upheld: review again\" on the case page; once every "
        "objection is answered and the publicity has run, confirm \"No objection\" there.",
    "该办件尚未核定：依申请的政策在进入公示环节时按企业数据核定资格和金额，届时本页显示核定依据、公示期和异议。":
        "Not assessed yet: a policy applied for is assessed from the enterprise's data when the case reaches "
        "publicity; this page then shows the reasons, the publicity dates and any objections.",
    "比对批次": "Matching run", "推送兑现通知": "Send offers", "比对结果": "Results", "比对企业数": "Enterprises",
    "兑现通知": "Offers",
    "不符合的企业只计数，不逐户保存；任一企业的结果可按所存版本、参数和数据重现。":
        "Enterprises not eligible are counted, not stored one by one; any result can be rebuilt from the stored "
        "version, parameters and data.",
    "参数快照": "Parameter snapshot", "该版本不使用参数。": "This version uses no parameters.",
    "数据缺失，结果既不算符合也不算不符合，由工作人员核实：补齐缺失的数据后重新比对，或按申请办理。":
        "Data is missing, so these are neither eligible nor not: a person checks them — complete the data and "
        "match again, or handle them on application.",
    "符合条件的企业": "Eligible enterprises",
    "本次比对没有可比对的政策（没有现行版本）。": "This run had no policy to match (none has a version in force).",
    "刷新": "Refresh", "比对进度": "Matching progress", "比对失败，未保存本次结果：": "The run failed; nothing was kept: ",
    "等待后台任务开始……": "Waiting for the background worker…", "缺少": "Missing",
    "比对已开始，可在本页查看进度。": "The run has started; follow its progress on this page.",
    "异议已处理。": "The objection is answered.", "请选择政策和兑现期间": "Choose a policy and a period",
    "批次已审批，可下载银行文件。": "The batch is approved; download the bank file.",
    "已生成拨付批次，请审批。": "Payout batch made; approve it.",
    "对账完成。": "Reconciled.",
    "对账文件有错误，未导入：": "The reconciliation file has errors and was not imported:",
    "拨付失败的款项已回到“待拨付”，可在兑现批次页面生成新批次重新拨付（仍是同一笔付款，不会重复拨付）。":
        "Failed payments are back among those waiting for a batch: make a new batch on the payout page to pay them "
        "again (the same payment, never a second one).",

    # --- licences (e-licence rendering and verification) ---
    "核验链接中的签名无法解码。": "The link's signature cannot be decoded.",
    "请粘贴二维码内容或证照 JSON。": "Paste the QR code text or the licence JSON.",
    "内容过长。": "The text is too long.",
    "核验链接中的数据无法解码。": "The link's data cannot be decoded.",
    "核验链接缺少证照数据。": "The link carries no licence data.",
    "内容不是有效的 JSON，也不是证照标识。": "The text is neither JSON nor a licence identifier.",
    "证照 JSON 应为对象。": "The licence JSON must be an object.",
    "证照标识格式或校验位错误。": "The identifier is malformed or its check character is wrong.",
    "登记库中没有此证照。": "No licence with this identifier is registered.",
    "二维码中的签名与登记库不一致：证照可能被伪造。":
        "The QR code's signature differs from the register's: the licence may be forged.",
    "缺少 payload、signature 或 key_id。": "The document lacks payload, signature or key_id.",
    "签名密钥编号与载荷不一致。": "The key id does not match the payload.",
    "签名不是有效的 Base64。": "The signature is not valid Base64.",
    "未公布的签名密钥。": "The signing key is not published.",
    "载荷无法规范化。": "The payload cannot be put in canonical form.",
    "签名验证失败：证照内容或签名已被改动。": "The signature does not verify: the licence or its signature was altered.",
    "签名密钥不属于颁证单位。": "The signing key does not belong to the issuer.",
    "证照标识与证照类型不一致。": "The identifier does not match the licence type.",
    "证照内容与登记库不一致。": "The licence differs from the register.",
    "证照由已停用的密钥签名。": "The licence was signed with a retired key.",
    "签名有效，证照在有效期内。": "Signature valid; licence in force.",
    "上传的文件不是 PDF。": "The uploaded file is not a PDF.",
    "PDF 文件过大（上限 10 MB）。": "The PDF is too large (10 MB at most).",
    "PDF 文件无法读取。": "The PDF cannot be read.",
    "该 PDF 不含证照签名数据，请扫描证照上的二维码后粘贴其内容。":
        "This PDF carries no signed licence data; scan the QR code and paste its text.",
    "PDF 中的证照签名数据无法解码。": "The PDF's licence data cannot be decoded.",
    "有效期至 %(day)s 已届满。": "Expired after %(day)s.",
    "证照自 %(day)s 起生效。": "The licence is valid only from %(day)s.",
    "已注销": "Cancelled",
    "电子证照核验结果": "E-licence verification result",
    "核验其他证照": "Verify another licence",
    "请核对上面的持证主体和证照编号与您手中的证照是否一致。":
        "Check that the holder and the licence number above match the licence in front of you.",
    "用手机扫描证照上的二维码可直接打开核验结果；也可用扫码工具读取二维码后粘贴到此处。核验使用公开的 SM2 公钥，结果只显示脱敏信息。":
        "Scanning the licence's QR code with a phone opens the verification result directly; or read the QR code "
        "with a scanner app and paste its text here. Verification uses the published SM2 public keys and shows only "
        "masked data.",

    # --- deadlines, staff actions and case results ---
    '黄色预警起始': 'Yellow warning from',
    '决定书': 'Decision',
    '作出日期': 'Decided on',
    '查看决定书（PDF）': 'View the decision (PDF)',
    '下载': 'Download',
    '暂不能“%(name)s”：': 'Cannot “%(name)s” yet: ',
    '已入拨付批次': 'In a payout batch',
    '已发送银行': 'Sent to the bank',
    '已到账': 'Paid',
    '拨付失败': 'Payment failed',
    '金额': 'Amount',
    '%(amount)s 元': '%(amount)s yuan',
    '到账日期': 'Paid on',
    '尚未到账': 'Not paid yet',
    '兑现资金：%(policy)s': 'Payment: %(policy)s',

    # --- window intake and receipts ---
    "回执（可打印）": "Receipt (printable)",
    "窗口扫描收取": "scanned at the window", "网上上传": "uploaded online",
    "以电子证照代替，免提交": "an e-licence stands in; not submitted",
    "以共享数据代替，免提交": "shared data stands in; not submitted",
    "（第 %(n)d 次补正）": " (correction %(n)d)",
    "受理回执": "Acceptance receipt", "申请回执": "Application receipt",
    "身份证号码后四位": "last four characters of the ID card number",
    "统一社会信用代码后四位": "last four characters of the unified social credit code",
    "窗口申请": "At the window", "网上申请": "Online",
    "查看并打印回执": "View and print the receipt",
    "字母大小写、空格均可": "Upper or lower case, with or without spaces",
    "已填入办件编号，请输入证件号码后四位后查询。":
        "The case number is filled in; enter the last four characters of the ID number or credit code to look it up.",
    "打印回执": "Print the receipt", "返回办件": "Back to the case", "返回我的办件": "Back to my case",
    "广州市白云区政务服务中心": "Baiyun District Government Service Centre, Guangzhou",
    "证件号码": "ID or credit code", "申请方式": "Channel", "受理日期": "Accepted on",
    "以提交当日受理计，受理后以受理日起算": "if accepted on the day of submission; counted from the day of acceptance",
    "节假日安排未公布，暂按周末计算": "the holidays of that year are not published yet; weekends only were counted",
    "查询办理进度": "Follow the progress",
    "访问 %(url)s，输入办件编号和%(tail)s即可查询；也可以用手机扫描二维码，办件编号已自动填入。":
        "Go to %(url)s and enter the case number and the %(tail)s; or scan the QR code with a phone, which fills "
        "in the case number.",
    "办件 %(number)s 的进度查询二维码": "QR code for the progress of case %(number)s",
    "请妥善保管本回执。办件编号和证件号码后四位可查询进度，请勿交给他人。":
        "Keep this receipt safe. The case number and the last four characters of your ID number or credit code "
        "show the progress; do not give them to others.",
    "法人": "Enterprise", "个人": "Person", "选择办理事项": "Choose what to apply for",
    "按名称或事项编码查找": "Find by name or item code", "只看法人事项": "Enterprise services only",
    "只看个人事项": "Personal services only",
    "全部事项（如以个人身份设立企业）": "All services (e.g. a person setting up an enterprise)",
    "共 __N__ 项": "__N__ found", "单个事项": "Single items",
    "没有符合条件的事项。请换个关键词，或选择“全部事项”。":
        "Nothing matches. Try another word, or choose \u201cAll services\u201d.",
    "（%(how)s）": "(%(how)s)",
    "当场受理": "Accept now", "当场受理并打印受理回执": "Accept now and print the acceptance receipt",
    "暂不受理，打印申请回执": "Print the application receipt without accepting", "查看办件": "Open the case",
    "以下办件未能受理：%(list)s": "These cases could not be accepted: %(list)s",
    "已受理，请打印受理回执交给申请人。": "Accepted. Print the acceptance receipt for the applicant.",
    "没有需要受理的办件。": "Nothing is waiting for acceptance.",
    "回执列明办件编号、材料、承诺办结日期和查询方式；受理后重新打印即为受理回执。申请人可凭办件编号和证件号码后四位查询进度。":
        "The receipt lists the case numbers, the materials, the promised completion date and how to follow "
        "progress; printed again after acceptance it is the acceptance receipt. The applicant follows progress "
        "with the case number and the last four characters of the ID number or credit code.",
    "未找到该证件号码的申请人，请核对号码，或登记新申请人。":
        "No applicant has this number. Check the number, or register a new applicant.",
    "请填写身份证号码。": "Enter the ID card number.",
    "身份证号码应为 18 位，您输入了 %(n)d 位。": "An ID card number has 18 characters; you entered %(n)d.",
    "身份证号码校验位（第 18 位）不正确，请逐位核对。":
        "The check character (the 18th) of this ID card number is wrong; check each digit.",
    "身份证号码中的地区码或出生日期不正确，请核对第 1–14 位。":
        "The area code or date of birth in this ID card number is not valid; check characters 1 to 14.",
    "身份证号码前 17 位应为数字，第 18 位为数字或 X。":
        "The first 17 characters of an ID card number are digits; the 18th is a digit or X.",
    "请填写统一社会信用代码。": "Enter the unified social credit code.",
    "统一社会信用代码应为 18 位，您输入了 %(n)d 位。": "A unified social credit code has 18 characters; you entered %(n)d.",
    "统一社会信用代码校验位（第 18 位）不正确，请逐位核对。":
        "The check character (the 18th) of this unified social credit code is wrong; check each character.",
    "统一社会信用代码格式不正确：前 8 位为数字，其余为数字或大写字母（不使用 I、O、Z、S、V）。":
        "This unified social credit code is not well formed: the first 8 characters are digits, the rest digits "
        "or capital letters (never I, O, Z, S or V).",
    "请填写身份证号码或统一社会信用代码。": "Enter the ID card number or the unified social credit code.",

    # --- shared-data evidence (免提交) ---
    "实名认证身份信息": "Verified real-name identity",
    "「%(name)s」由系统生成或在现场录制，无需上传": "%(name)s is generated or recorded on site; do not upload it",
    "您选择了不使用电子证照，请上传「%(name)s」或改选电子证照": "You chose not to use your e-licence: upload %(name)s or choose the e-licence",
    "未查到可代替「%(name)s」的电子证照或共享数据记录，请上传": "No e-licence or shared record was found that stands in for %(name)s: upload it",
    "请上传「%(name)s」": "Upload %(name)s",
    "已调取": "Fetched",
    "%(a)s 至 %(b)s": "%(a)s to %(b)s",
    "%(d)s 起": "since %(d)s",
    "编号": "Number",
    "出具单位": "Issued by",
    "登记信息": "Registration",
    "数据来源": "Source",
    "已从共享数据调取，此材料免提交，无需上传。": "Fetched from shared data: you need not upload this material.",
    "未查到可代替此材料的电子证照或共享数据记录（或已过期），请上传。": "No e-licence or shared record in force was found for this material: please upload it.",
    "申请人提交时所见：": "What the applicant saw when submitting:",
    "提交时从共享数据调取，申请人无需提交：": "Fetched from shared data at submission; the applicant did not have to submit it:",
    "健康证明": "Health certificate",
    "户籍登记": "Household registration",
    "婚姻登记": "Marriage registration",
    "社保参保记录": "Social-insurance record",
    "人口库身份信息": "Population register identity",
    "市场主体登记信息": "Market-entity registration",

    # --- founders and bundles ---
    "您的企业「%(name)s」（统一社会信用代码 %(code)s）已经登记，本次无需办理：":
        "Your enterprise %(name)s (unified social credit code %(code)s) is registered already, so this application "
        "leaves out: ",
    "只为您的企业申请上面列出的事项；登记事项（如经营范围）有变化的，请另行办理变更登记。":
        "You apply for the items listed above only, for your enterprise. If its registered details (such as the "
        "business scope) change, apply for a change of registration separately.",
    "开办新企业：统一社会信用代码无需填写，营业执照核发时赋予，并自动带入同时发放的其他证照。":
        "Founding a new enterprise: you do not enter a unified social credit code. It is assigned when the business "
        "licence is issued and carried into the other licences issued with it.",
    "办结后，新企业关联到您的账号，您可在“我的证照”中查看其电子证照，并以企业身份办理其他事项。":
        "Once done, the new enterprise is linked to your account: its e-licences are under My licences and you can "
        "apply for other services on its behalf.",
    "无需办理": "Nothing to apply for",
    "您的企业「%(name)s」（统一社会信用代码 %(code)s）已经登记，不能再为本企业办理：":
        "Your enterprise %(name)s (unified social credit code %(code)s) is registered already; it cannot apply "
        "again for: ",
    "登记事项（如经营范围）有变化的，请办理变更登记；开办另一家企业，请以个人身份申请。":
        "If its registered details (such as the business scope) change, apply for a change of registration; to "
        "found another enterprise, apply as a person.",
    "返回办事指南": "Back to the service guides",
    "开办新企业时办理：营业执照核发时赋予统一社会信用代码。已登记的企业不能再为本企业办理；登记事项有变化的，请办理变更登记。":
        "For founding a new enterprise: its unified social credit code is assigned when the business licence is "
        "issued. A registered enterprise cannot apply for this for itself; if its registered details change, apply "
        "for a change of registration.",
    "开办新企业时办理，营业执照核发时赋予统一社会信用代码；已登记的企业申请本一件事时不含此项。":
        "For founding a new enterprise: its unified social credit code is assigned when the business licence is "
        "issued. A registered enterprise applying for this bundle leaves this item out.",

    # --- generated materials (在线生成) ---
    "证件号码不是有效的公民身份号码或统一社会信用代码":
        "The document number is neither a valid ID card number nor a valid unified social credit code",
    "认缴出资额应为数字（万元），如 50": "The subscribed amount must be a number (in 10,000 yuan), e.g. 50",
    "认缴出资额应大于 0": "The subscribed amount must be more than 0",
    "出资期限应为日期，如 2030-12-31": "The term of contribution must be a date, e.g. 2030-12-31",
    "第 %(n)s 行：%(reason)s": "Line %(n)s: %(reason)s",
    "应填写 5 项：名称或姓名、证件号码、认缴出资额（万元）、出资方式、出资期限":
        "Give 5 items: name, ID card number or credit code, subscribed amount (in 10,000 yuan), form and term "
        "of contribution",
    "名称或姓名过长": "The name is too long", "姓名过长": "The name is too long",
    "出资方式应为：%(forms)s": "The form of contribution must be one of: %(forms)s",
    "应填写 3 项：姓名、职务、公民身份号码": "Give 3 items: name, position, ID card number",
    "职务应为：%(positions)s（可用“兼”连接，如 执行董事兼经理）":
        "The position must be one of: %(positions)s (join two with 兼, e.g. 执行董事兼经理)",
    "公民身份号码无效": "The ID card number is not valid",
    "最多填写 %(n)s 行": "At most %(n)s lines", "请至少填写一行": "Fill in at least one line",
    "%(label)s：认缴出资合计 %(total)s 万元，与注册资本 %(capital)s 万元不一致":
        "%(label)s: the subscribed contributions add up to %(total)s (10,000 yuan), not to the registered "
        "capital of %(capital)s",
    "系统正在按申请信息生成，请稍后刷新": "The system is generating it from the application; refresh in a moment",
    "查看 PDF": "View the PDF", "系统生成的文书": "Documents the system generates",
    "以下文书在您确认提交后由系统按上述信息生成 PDF，加盖您的签名，随申请一并提交，无需上传。请展开核对内容。":
        "When you confirm, the system makes these documents as PDFs from the information above, with your "
        "signature, and files them with the application: there is nothing to upload. Open each one to check it.",
    "查看文书内容": "Show the document", "（提交时加盖您的签名）": " (your signature is added when you submit)",
    "内容即上方“申请信息”": "Its content is the application information above",
    "提交后由系统按申请信息生成，加盖申请人的签名，无需扫描。":
        "Generated by the system from the application after submission, with the applicant's signature: "
        "nothing to scan.",

    # --- forms, phone widths and small fixes ---
    "现场录制，见远程视频核查": "Recorded on site: see the remote video inspection",
    "有以下问题需要修改": "There is a problem",
    "部分判定未保存，请修改以下项目": "Some verdicts were not saved; correct the items below",
    "告知承诺书全文": "Full text of the commitment letter",
    "系统生成申请文书": "Application documents generated by the system",
    "许可已撤销": "Licence revoked",
    "已记录办件 %(number)s 的核查结论。": "The result of the check on case %(number)s is recorded.",
    "%(words)s（共 %(n)s 项）": "%(words)s (%(n)s items)",
    "管理后台会再次要求输入用户名、密码和身份验证器上的 6 位动态口令。":
        "The admin site asks again for your user name, password and the 6-digit code from your authenticator.",
    "您的账号未开通管理后台（需要管理权限和动态口令）：需要新增或修改政策时，请联系系统管理员。":
        "Your account has no access to the admin site (it needs the permission and a one-time code): ask the "
        "system administrator to add or change a policy.",

    # --- security (issue 14, throttle) ---
    "登录尝试过于频繁": "Too many sign-in attempts",
    "本机登录失败次数过多，暂时不能登录任何账户。请 %(seconds)s 秒后再试。":
        "Too many failed sign-ins from this device: no account can be signed in from it for now. "
        "Try again in %(seconds)s seconds.",
    "密码连续输错次数过多，该账户已被暂时锁定。请 %(seconds)s 秒后再试，或联系系统管理员解锁。":
        "Too many wrong passwords: this account is locked for now. Try again in %(seconds)s seconds, "
        "or ask the system administrator to unlock it.",
    "核验次数过多，请稍后再试。": "Too many identity checks; try again later.",
    "查询码": "Query code",
    "已填入办件编号，请输入回执上的查询码后查询。":
        "The case number is filled in: enter the query code from the receipt to see the progress.",
    "6 位查询码印在回执上，也显示在“我的办件”的办件页面":
        "The 6-character query code is printed on the receipt and shown on the case's page under My cases",
    "未找到该办件。请核对办件编号和查询码。": "No such case. Check the case number and the query code.",
    "访问 %(url)s，输入办件编号和查询码即可查询；也可以用手机扫描二维码，办件编号已自动填入，再输入查询码。":
        "Go to %(url)s and enter the case number and the query code, or scan the QR code with a phone: the "
        "case number is filled in, then enter the query code.",
    "请妥善保管本回执。办件编号和查询码可查询进度，请勿交给他人。":
        "Keep this receipt safe. The case number and the query code show the progress of the case: do not give "
        "them to others.",
    "凭办件编号和查询码可在“进度查询”查看进度，请勿交给他人":
        "With the case number and this code, Progress query shows the progress; do not give it to others",
    "请记下办件编号和查询码，可凭二者在“进度查询”中查看办理进度；查询码也印在回执上，请勿交给他人。":
        "Note the case numbers and query codes: with them, Progress query shows the progress. The query code is "
        "also printed on the receipt; do not give it to others.",
    "回执列明办件编号、材料、承诺办结日期和查询方式；受理后重新打印即为受理回执。申请人可凭办件编号和回执上的查询码查询进度。":
        "The receipt lists the case numbers, the materials, the promised dates and how to follow the case; "
        "printed again after acceptance it is the acceptance receipt. The applicant follows the case with the "
        "case number and the query code on the receipt.",
    "仅凭证照标识不显示持证主体；请扫描证照上的二维码、粘贴签名数据或上传证照 PDF。":
        "The holder is not shown for an identifier alone: scan the licence's QR code, paste its signed data or "
        "upload the licence PDF.",
    # --- security (issue 14, authz) ---
    "申请人选择已过期，请重新查找申请人。": "The applicant's selection has expired; look the applicant up again.",
    "留空则沿用登记的号码 %(masked)s": "Leave empty to keep the registered number %(masked)s",
    # --- security (issue 14, inputs) ---
    "不能以 = + - @ 等符号开头": "Must not start with = + - @ or a similar sign",
    "PDF 文件中的数据解压后过大或嵌套过深，已拒绝读取。":
        "Data in the PDF file inflates too much or nests too deep: it was not read.",
    "JSON 嵌套层数过多（最多 %(depth)s 层）": "The JSON nests too deep (at most %(depth)s levels)",
    "提交的内容过大：此处最多接收 %(limit)s MB，未予处理。":
        "What you sent is too large: this page takes at most %(limit)s MB. Nothing was processed.",
    "提交的内容过大": "Too large",
    "此办件已有 %(n)s 个视频正在上传，请等其中一个上传完成后再上传下一个。":
        "This case already has %(n)s videos uploading: wait until one of them is finished before the next.",
    "您已有 %(n)s 个视频正在上传，请等其中一个上传完成后再上传下一个。":
        "You already have %(n)s videos uploading: wait until one of them is finished before the next.",
    "此办件上传的视频已达 %(n)s 个，不能再上传。如需重新录制，请联系审批人员。":
        "This case has received %(n)s videos, the most it takes. To record again, contact the reviewer.",
    "您暂存的未提交文件已达 %(mb)s MB 上限，请先提交或放弃其他申请。":
        "The files you keep for applications not yet submitted reach the %(mb)s MB limit: submit or abandon "
        "another application first.",
    # --- security (issue 14, prod) ---
    "您已超过 %(minutes)s 分钟未操作，为保护办件数据已自动退出，请重新登录。":
        "You were signed out after %(minutes)s minutes without activity, to protect case data. Please log in "
        "again.",
    "生产环境（ONEGO_ENV=production）不能加载或显示演示数据：演示账号使用公开的密码。":
        "Demo data cannot be loaded or shown in production (ONEGO_ENV=production): the demo accounts use a "
        "published password.",
    "令牌已过期，请向系统管理员申请新令牌（令牌需在到期前轮换）":
        "The token has expired: ask the system administrator for a new one (rotate a token before it expires)",
    "只能用接口令牌（Authorization: Bearer）轮换令牌": "Only an API token (Authorization: Bearer) can be rotated",
    "该令牌已吊销或已过期，不能轮换": "This token is revoked or has expired, so it cannot be rotated",
    "没有唯一的有效令牌以 %(prefix)s 开头": "No single valid token starts with %(prefix)s",
    "演示系统：账号和数据均为演示用途，所有演示账号共用公开的密码，请勿填写真实的个人信息。":
        "Demo system: the accounts and data are for demonstration only, and every demo account shares a "
        "published password. Do not enter real personal data.",
    "到期时间": "Expires",
    # --- security (issue 14, fuzz) ---
    "请求中含有空字符（NUL），无法处理。请删除该字符后重试。": "The request contains a NUL character and cannot be processed. Remove it and try again.",
    "请求无效": "Bad request",
    "请求无法处理，请检查后重试。": "The request cannot be processed. Check it and try again.",
    "安全校验（CSRF）未通过，请刷新页面后重试。": "The security check (CSRF) failed. Reload the page and try again.",
}

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def english_half(msgid: str) -> str | None:
    """'名称 name' → 'name'; None when the msgid has no Latin part."""
    if not re.search(r"[A-Za-z]", msgid):
        return None
    last_cjk = max((m.end() for m in CJK.finditer(msgid)), default=0)
    rest = msgid[last_cjk:].strip().lstrip("/").strip()  # "中文 / English" as well as "中文 English"
    # a placeholder or punctuation after the last Chinese character is not an English half
    if not re.search(r"[A-Za-z]", PLACEHOLDER.sub("", rest)):
        return None
    return rest


def chinese_half(msgid: str) -> str | None:
    """'名称 name' → '名称'; None when there is no English half to drop."""
    english = english_half(msgid)
    if msgid in EN or not english or not CJK.search(msgid):
        return None
    chinese = msgid[: msgid.rindex(english)].rstrip().rstrip("/").rstrip()
    if set(PLACEHOLDER.findall(msgid)) - set(PLACEHOLDER.findall(chinese)):
        return None  # keep the whole bilingual msgid rather than drop a value
    return chinese or None


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
        derived = entry.msgid in EN or english_half(entry.msgid)
        if entry.msgstr and "fuzzy" not in entry.flags and not derived:
            continue
        text = EN.get(entry.msgid)
        if not text:
            text = english_half(entry.msgid)
            text = text and text[0].upper() + text[1:]
        if text:
            entry.msgstr = text
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
