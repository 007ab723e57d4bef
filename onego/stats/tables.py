"""The dashboard's tables and the charts drawn from them: one source for the page's tables (the accessible
version of each chart), the charts' data (json_script, drawn by static/stats/dashboard.js with ECharts) and the
Excel export, so the three never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from onego.accounts.models import Window
from onego.cases.models import Channel
from onego.catalog.models import ItemVersion
from onego.core.localized import localized
from onego.stats.selectors import MAX_BUCKET, Dashboard

TEXT, INT, RATE, DEC, MONEY = "text", "int", "rate", "dec", "money"


@dataclass
class Column:
    title: str
    kind: str = INT


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    chart: dict[str, Any] | None = None  # kind, series columns; None: a table only
    note: str = ""
    caption_id: str = field(init=False)

    def __post_init__(self) -> None:
        self.caption_id = f"table-{self.key}"

    def display_rows(self) -> list[list[str]]:
        return [[display(v, c.kind) for v, c in zip(row, self.columns, strict=True)] for row in self.rows]

    def chart_data(self) -> dict[str, Any] | None:
        if self.chart is None:
            return None
        series_columns: list[int] = self.chart["series"]
        return {
            "id": self.key,
            "kind": self.chart["kind"],
            "title": self.title,
            "categories": [str(row[0]) for row in self.rows],
            "series": [
                {
                    "name": self.columns[i].title,
                    "data": [number(row[i], self.columns[i].kind) for row in self.rows],
                }
                for i in series_columns
            ],
        }


def display(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if kind == RATE:
        return f"{Decimal(value) * 100:.1f}%"
    if kind == MONEY:
        return f"{Decimal(value) / 100:,.2f}"
    if kind == DEC:
        return f"{Decimal(value):.1f}"
    if kind == INT and isinstance(value, int):
        return f"{value:,}"
    return str(value)


def number(value: Any, kind: str) -> float | int | None:
    """A cell as a chart's number (rates in percent, money in yuan)."""
    if value is None or kind == TEXT:
        return None
    if kind == RATE:
        return float(round(Decimal(value) * 100, 1))
    if kind == MONEY:
        return float(Decimal(value) / 100)
    if kind == DEC:
        return float(value)
    return int(value)


def window_label(window: Window) -> str:
    return _("%(centre)s %(number)s号窗口") % {"centre": localized(window.centre), "number": window.number}


def build(d: Dashboard) -> list[Table]:
    t = d.totals
    r = d.ratings
    timed = t["timed"]

    def avg(total: int) -> Decimal | None:
        return (Decimal(total) / timed).quantize(Decimal("0.1")) if timed else None

    p90 = d.p90
    p90_text = None if p90 is None else (f"≥{MAX_BUCKET}" if p90 >= MAX_BUCKET else p90)
    kpi_rows: list[list[Any]] = [
        [_("申请件数"), t["submitted"], INT],
        [_("受理件数"), t["accepted"], INT],
        [_("办结件数"), t["closed"], INT],
        [_("其中准予"), t["approved"], INT],
        [_("全程网办件数"), t["fully_online"], INT],
        [_("全程网办率（占办结）"), rate_of(t["fully_online"], t["closed"]), RATE],
        [_("办结件到现场次数"), t["visits"], INT],
        [
            _("减少跑动次数（基准每件 %(n)s 次）") % {"n": d.baseline_trips},
            d.visits_saved,
            INT,
        ],
        [_("平均实际用时（工作日）"), avg(t["workdays_sum"]), DEC],
        [_("P90 实际用时（工作日）"), p90_text, TEXT],
        [_("平均承诺时限（工作日）"), avg(t["promised_sum"]), DEC],
        [_("平均法定时限（工作日）"), avg(t["statutory_sum"]), DEC],
        [_("承诺时限内办结率"), rate_of(t["within_promised"], timed), RATE],
        [_("当前黄色预警件"), d.warnings["yellow"], INT],
        [_("当前红色超期件"), d.warnings["red"], INT],
        [_("本期转为红色超期"), t["turned_red"], INT],
        [_("评价数"), r.ratings, INT],
        [_("满意率"), r.satisfaction_rate, RATE],
        [_("差评数"), r.bad, INT],
        [_("未办结差评工单"), r.work_orders_open, INT],
        [_("整改率"), r.rectification_rate, RATE],
        [_("回访率"), r.callback_rate, RATE],
        [_("政策兑现笔数"), d.money[0], INT],
        [_("政策兑现金额（元）"), d.money[1], MONEY],
    ]
    if d.robots is not None:
        kpi_rows += [
            [_("机器人运行次数"), d.robots.runs, INT],
            [_("机器人运行失败或部分失败"), d.robots.failed_runs, INT],
            [_("机器人处理条目"), d.robots.items, INT],
            [_("机器人失败条目"), d.robots.item_failures, INT],
        ]
    tables = [
        Table(
            "kpi",
            _("主要指标"),
            [Column(_("指标"), TEXT), Column(_("数值"), TEXT)],
            [[name, display(value, kind)] for name, value, kind in kpi_rows],
        )
    ]
    channel_names = dict(Channel.choices)
    tables.append(
        Table(
            "channels",
            _("按渠道"),
            [
                Column(_("渠道"), TEXT),
                Column(_("申请件数")),
                Column(_("办结件数")),
                Column(_("全程网办件数")),
            ],
            [[str(channel_names.get(c, c)), s, closed, o] for c, s, closed, o in d.channels],
            chart={"kind": "pie", "series": [1]},
        )
    )
    tables.append(
        Table(
            "trend",
            _("申请与办结趋势"),
            [
                Column(_("日期") if d.period.kind == "month" else _("月份"), TEXT),
                Column(_("申请件数")),
                Column(_("办结件数")),
            ],
            [[label, s, c] for label, s, c in d.trend],
            chart={"kind": "line", "series": [1, 2]},
        )
    )
    tables.append(
        Table(
            "times",
            _("办理用时与时限（工作日）"),
            [Column(_("指标"), TEXT), Column(_("工作日"), DEC)],
            [
                [_("平均实际用时"), avg(t["workdays_sum"])],
                [_("P90 实际用时"), None if p90 is None else Decimal(p90)],
                [_("平均承诺时限"), avg(t["promised_sum"])],
                [_("平均法定时限"), avg(t["statutory_sum"])],
            ],
            chart={"kind": "bar", "series": [1]},
            note=_(
                "时限压缩：法定时限是法律规定的办理期限，承诺时限是中心对外承诺的期限，实际用时从受理日起按工作日计算，不含补正等暂停时间。"
            ),
        )
    )
    tables.append(
        Table(
            "durations",
            _("办结用时分布"),
            [Column(_("实际用时（工作日）"), TEXT), Column(_("件数"))],
            [[f"≥{days}" if days >= MAX_BUCKET else str(days), n] for days, n in sorted(d.histogram.items())],
            chart={"kind": "bar", "series": [1]},
        )
    )
    items: dict[int, ItemVersion] = {}
    for version in ItemVersion.objects.filter(item_id__in=[x.item_id for x in d.items]).order_by(
        "item_id", "-pk"
    ):
        items.setdefault(version.item_id, version)  # the item's name as its latest version gives it
    tables.append(
        Table(
            "items",
            _("事项时限压缩（计时办结最多的事项）"),
            [
                Column(_("事项"), TEXT),
                Column(_("计时办结件数")),
                Column(_("平均实际用时"), DEC),
                Column(_("平均承诺时限"), DEC),
                Column(_("平均法定时限"), DEC),
            ],
            [
                [
                    localized(items[x.item_id]) if x.item_id in items else str(x.item_id),
                    x.timed,
                    x.average,
                    x.promised,
                    x.statutory,
                ]
                for x in d.items
            ],
            chart={"kind": "hbar", "series": [2, 3, 4]},
        )
    )
    if d.windows:
        total = sum(w.cases for w in d.windows)
        b = d.balance
        tables.append(
            Table(
                "windows",
                _("窗口工作量"),
                [
                    Column(_("窗口"), TEXT),
                    Column(_("当前窗口人员"), TEXT),
                    Column(_("受理件数")),
                    Column(_("占比"), RATE),
                    Column(_("接待人次")),
                ],
                [
                    [
                        window_label(w.window),
                        w.window.clerk.display_name if w.window.clerk else "—",
                        w.cases,
                        rate_of(w.cases, total),
                        w.visits,
                    ]
                    for w in d.windows
                ],
                chart={"kind": "bar", "series": [2, 4]},
                note=_(
                    "最多 %(busiest)s 件，最少 %(quietest)s 件，相差 %(ratio)s 倍；"
                    "离散系数 %(cv)s（标准差除以平均数，越小越均衡）。"
                )
                % {
                    "busiest": f"{b.busiest:,}",
                    "quietest": f"{b.quietest:,}",
                    "ratio": "—" if b.ratio is None else b.ratio,
                    "cv": "—" if b.cv is None else b.cv,
                },
            )
        )
    return tables


def rate_of(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else None
