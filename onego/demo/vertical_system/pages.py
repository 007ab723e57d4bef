"""The stand-in's pages, written the way a provincial system of about 2010 writes them.

Layout tables nested in layout tables, `<td>` headers, inline styles and `bgcolor`, Chinese labels with
full-width colons, no ids, and only the two classes the robots are told about (`tb_list`, `tb_form`). The pages
are served in GBK. Every page says in its title and header that it is a stand-in, not a real provincial system.

Every value is escaped here (`html.escape`); callers pass plain text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from string import Template

SYSTEM_NAME = "省就业创业补贴业务系统（仿真替身，演示用）"
STANDIN_NOTICE = "仿真替身（演示用），非真实省级系统"

_PAGE = Template("""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<HTML>
<HEAD>
<META http-equiv="Content-Type" content="text/html; charset=GBK">
<META http-equiv="Pragma" content="no-cache">
<TITLE>$title - $notice</TITLE>
<style type="text/css">
body,td,th,input,select,textarea { font-size:12px; font-family:宋体,SimSun,"Noto Sans CJK SC",sans-serif; }
.tb_list { border-collapse:collapse; }
.tb_list td { border:1px solid #A6C9E2; padding:3px 4px; }
.tb_form { border-collapse:collapse; }
.tb_form td { border:1px solid #A6C9E2; padding:4px; }
a:link,a:visited { color:#0033CC; text-decoration:none; }
</style>
</HEAD>
<BODY bgcolor="#FFFFFF" topmargin="0" leftmargin="0" marginwidth="0" marginheight="0">
<table width="100%" border="0" cellspacing="0" cellpadding="0">
  <tr>
    <td height="56" bgcolor="#1E4E8C" style="color:#FFFFFF;font-size:20px;font-weight:bold;padding-left:12px">
      $system
      <font size="2" color="#FFCC00" style="font-weight:normal">&nbsp;&nbsp;【$notice】</font>
    </td>
  </tr>
  <tr>
    <td height="24" bgcolor="#D6E4F5" style="padding-left:12px">$userbar</td>
  </tr>
  <tr>
    <td valign="top">
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr>
          $menu
          <td valign="top" style="padding:8px">
$content
          </td>
        </tr>
      </table>
    </td>
  </tr>
  <tr>
    <td height="30" align="center" bgcolor="#EEEEEE" style="color:#666666">
      $notice &nbsp;|&nbsp; 本页面仅用于演示数字员工（RPA）的工作方式，所有数据均为合成数据
    </td>
  </tr>
</table>
</BODY>
</HTML>
""")

_MENU = """<td width="150" valign="top" bgcolor="#F2F6FB" style="border-right:1px solid #A6C9E2">
            <table width="100%" border="0" cellspacing="0" cellpadding="6">
              <tr><td bgcolor="#C9DBF2"><b>补贴审核</b></td></tr>
              <tr><td>&nbsp;&middot;&nbsp;<a href="claims.do?page=1">待审核申报</a></td></tr>
              <tr><td>&nbsp;&middot;&nbsp;<font color="#999999">已审核申报</font></td></tr>
              <tr><td bgcolor="#C9DBF2"><b>系统管理</b></td></tr>
              <tr><td>&nbsp;&middot;&nbsp;<a href="logout.do">安全退出</a></td></tr>
            </table>
          </td>"""


def page(title: str, content: str, *, username: str = "") -> str:
    """The frame every page sits in; `content` is already HTML."""
    userbar = (
        f'当前用户：{escape(username)}&nbsp;&nbsp;|&nbsp;&nbsp;<a href="logout.do">退出</a>'
        if username
        else "&nbsp;"
    )
    return _PAGE.substitute(
        title=escape(title),
        notice=STANDIN_NOTICE,
        system=SYSTEM_NAME,
        userbar=userbar,
        menu=_MENU if username else "",
        content=content,
    )


def login(token: str, *, message: str = "", username: str = "") -> str:
    note = f'<font color="red">{escape(message)}</font>' if message else "&nbsp;"
    content = f"""<br><br>
<table width="420" border="0" align="center" cellpadding="0" cellspacing="1" bgcolor="#A6C9E2">
  <tr><td bgcolor="#1E4E8C" height="28" style="color:#FFFFFF;padding-left:8px"><b>用户登录</b></td></tr>
  <tr><td bgcolor="#FFFFFF">
    <form name="loginForm" method="post" action="login.do">
    <table width="100%" border="0" cellspacing="0" cellpadding="6">
      <tr><td colspan="2" align="center" height="24">{note}</td></tr>
      <tr><td width="35%" align="right">用户名：</td>
          <td><input type="text" name="userName" value="{escape(username)}" size="20" maxlength="30"></td></tr>
      <tr><td align="right">密&nbsp;&nbsp;码：</td>
          <td><input type="password" name="passWord" value="" size="21" maxlength="30"></td></tr>
      <tr><td colspan="2" align="center">
          <input type="hidden" name="token" value="{escape(token)}">
          <input type="submit" value="登 录" style="width:70px">&nbsp;&nbsp;
          <input type="reset" value="重 置" style="width:70px"></td></tr>
    </table>
    </form>
  </td></tr>
</table>
<br>"""
    return page("用户登录", content)


def _money(fen: int) -> str:
    return f"{fen / 100:,.2f}"


def claims(
    rows: Sequence[dict[str, str | int]], *, page_no: int, pages: int, total: int, username: str
) -> str:
    """The list of 待审核 claims: the table the capture robot pages through."""
    body = []
    for index, row in enumerate(rows):
        colour = "#FFFFFF" if index % 2 == 0 else "#F5F9FD"
        body.append(
            f'<tr bgcolor="{colour}">'
            f'<td><a href="claimView.do?id={row["id"]}">{escape(str(row["external_id"]))}</a></td>'
            f"<td>{escape(str(row['enterprise_name']))}</td>"
            f"<td>{escape(str(row['enterprise_code']))}</td>"
            f"<td>{escape(str(row['scheme_name']))}</td>"
            f'<td align="center">{row["person_count"]}</td>'
            f'<td align="right">{_money(int(row["amount_fen"]))}</td>'
            f'<td align="center">{escape(str(row["submitted_on"]))}</td>'
            f'<td align="center"><font color="#CC6600">{escape(str(row["status"]))}</font></td>'
            "</tr>"
        )
    if not rows:
        body.append('<tr><td colspan="8" align="center" height="40">没有待审核的申报</td></tr>')
    links = []
    if page_no > 1:
        links.append('<a href="claims.do?page=1">首页</a>')
        links.append(f'<a href="claims.do?page={page_no - 1}">上一页</a>')
    if page_no < pages:
        links.append(f'<a href="claims.do?page={page_no + 1}">下一页</a>')
        links.append(f'<a href="claims.do?page={pages}">尾页</a>')
    content = f"""<table width="100%" border="0" cellspacing="0" cellpadding="4">
  <tr><td style="border-bottom:2px solid #1E4E8C">当前位置：补贴审核 &gt;&gt; 待审核申报</td></tr>
</table>
<br>
<table class="tb_list" width="100%" border="1" cellspacing="0" cellpadding="3" bordercolor="#A6C9E2">
  <tr bgcolor="#DDEEFF" align="center" style="font-weight:bold">
    <td>申报编号</td><td>单位名称</td><td>统一社会信用代码</td><td>申报类型</td>
    <td>申报人数</td><td>申报金额（元）</td><td>申报日期</td><td>状态</td>
  </tr>
  {"".join(body)}
</table>
<table width="100%" border="0" cellspacing="0" cellpadding="4">
  <tr><td align="right">第 {page_no}/{pages} 页 共 {total} 条&nbsp;&nbsp;{"&nbsp;".join(links)}</td></tr>
</table>"""
    return page("待审核申报", content, username=username)


def _label_rows(pairs: Iterable[tuple[str, str]]) -> str:
    return "\n".join(
        f'  <tr><td width="22%" align="right" bgcolor="#EEF3FA">{escape(label)}：</td>'
        f"<td>&nbsp;{escape(value)}</td></tr>"
        for label, value in pairs
    )


def claim_view(
    claim: dict[str, str | int | None],
    persons: Sequence[dict[str, str | int]],
    files: Sequence[dict[str, str | int]],
    *,
    token: str,
    username: str,
) -> str:
    """One claim: its fields, its persons, its attachments, and the result form (or the result once audited)."""
    fields = _label_rows(
        [
            ("申报编号", str(claim["external_id"])),
            ("单位名称", str(claim["enterprise_name"])),
            ("统一社会信用代码", str(claim["enterprise_code"])),
            ("申报类型", str(claim["scheme_name"])),
            ("所属期", f"{claim['period_start']} 至 {claim['period_end']}"),
            ("申报金额（元）", _money(int(claim["amount_fen"] or 0))),
            ("最后修改时间", str(claim["modified_at"])),
        ]
    )
    person_rows = "\n".join(
        f'  <tr><td align="center">{p["seq"]}</td><td>{escape(str(p["name"]))}</td>'
        f"<td>{escape(str(p['id_number']))}</td><td>{escape(str(p['category']))}</td>"
        f'<td align="center">{p["months"]}</td><td align="right">{_money(int(p["amount_fen"]))}</td></tr>'
        for p in persons
    )
    file_links = "<br>\n".join(
        f'&nbsp;<a href="download.do?fileId={f["id"]}">{escape(str(f["name"]))}</a>' for f in files
    )
    if claim["status"] == "待审核":
        tail = f"""<form action="claimAudit.do" method="post">
<input type="hidden" name="id" value="{claim["id"]}">
<input type="hidden" name="version" value="{escape(str(claim["modified_at"]))}">
<input type="hidden" name="token" value="{escape(token)}">
<table width="100%" border="1" cellspacing="0" cellpadding="4" bordercolor="#A6C9E2" style="border-collapse:collapse">
  <tr><td colspan="2" bgcolor="#DDEEFF"><b>审核意见录入</b></td></tr>
  <tr><td width="22%" align="right" bgcolor="#EEF3FA">审核结果：</td>
      <td><select name="auditResult"><option value="">--请选择--</option>
          <option value="1">审核通过</option><option value="2">审核不通过</option></select>
          <font color="red">*</font></td></tr>
  <tr><td align="right" bgcolor="#EEF3FA">审核金额（元）：</td>
      <td><input type="text" name="auditAmount" value="" size="16" maxlength="16">
          <font color="#999999">（审核不通过填 0）</font></td></tr>
  <tr><td align="right" bgcolor="#EEF3FA">审核意见：</td>
      <td><textarea name="auditOpinion" rows="4" cols="70"></textarea></td></tr>
  <tr><td colspan="2" align="center"><input type="submit" value="提 交" style="width:80px">&nbsp;&nbsp;
      <input type="button" value="返 回" onclick="location.href='claims.do?page=1'" style="width:80px"></td></tr>
</table>
</form>"""
    else:
        result = _label_rows(
            [
                ("审核结果", str(claim["status"])),
                ("审核金额（元）", _money(int(claim["audit_amount_fen"] or 0))),
                ("审核意见", str(claim["audit_opinion"])),
                ("回执号", str(claim["receipt"])),
                ("审核时间", str(claim["audited_at"])),
            ]
        )
        tail = f"""<table width="100%" border="1" cellspacing="0" cellpadding="4" bordercolor="#A6C9E2"
  style="border-collapse:collapse">
  <tr><td colspan="2" bgcolor="#DDEEFF"><b>审核结果</b></td></tr>
{result}
</table>"""
    content = f"""<table width="100%" border="0" cellspacing="0" cellpadding="4">
  <tr><td style="border-bottom:2px solid #1E4E8C">当前位置：补贴审核 &gt;&gt; 申报详情</td></tr>
</table>
<br>
<table class="tb_form" width="100%" border="1" cellspacing="0" cellpadding="4" bordercolor="#A6C9E2">
{fields}
</table>
<br>
<table width="100%" border="0" cellspacing="0" cellpadding="2"><tr><td><b>申报人员明细</b></td></tr></table>
<table class="tb_list" width="100%" border="1" cellspacing="0" cellpadding="3" bordercolor="#A6C9E2">
  <tr bgcolor="#DDEEFF" align="center" style="font-weight:bold">
    <td>序号</td><td>姓名</td><td>身份证号码</td><td>人员类别</td><td>申报月数</td><td>申报金额（元）</td>
  </tr>
{person_rows}
</table>
<br>
<table width="100%" border="1" cellspacing="0" cellpadding="4" bordercolor="#A6C9E2" style="border-collapse:collapse">
  <tr><td width="22%" align="right" bgcolor="#EEF3FA" valign="top">附件材料：</td>
      <td>{file_links}</td></tr>
</table>
<br>
{tail}"""
    return page("申报详情", content, username=username)


def message(title: str, text: str, *, ok: bool, username: str, back: str = "claims.do?page=1") -> str:
    """The one-line answer page of a submit: 操作成功 with the receipt, or why nothing was written."""
    colour = "#008800" if ok else "red"
    content = f"""<br><br>
<table width="60%" align="center" border="1" cellspacing="0" cellpadding="12" bordercolor="#A6C9E2"
  style="border-collapse:collapse">
  <tr><td bgcolor="#DDEEFF"><b>系统提示</b></td></tr>
  <tr><td align="center" height="60"><font color="{colour}"><b>{escape(text)}</b></font></td></tr>
  <tr><td align="center"><a href="{escape(back)}">返回</a>&nbsp;&nbsp;
      <a href="claims.do?page=1">待审核列表</a></td></tr>
</table>"""
    return page(title, content, username=username)
