"""Draw a process definition (see `onego.catalog.process`) as a self-contained SVG.

No external layout tool: a fresh machine may not have graphviz, and the definitions are small (a handful
of steps), so a compact layered layout is done here:

- layer = breadth-first depth from the start step; steps no path reaches go in layers below the rest;
  each terminal outcome (办结、不予许可、不予受理 …) is one oval, one layer below the deepest step that ends there;
- an edge that skips layers passes through invisible waypoints, one per layer, so it never crosses a box;
- order within a layer: a few barycentre sweeps (fewer crossings); x positions: each node pulled towards
  its neighbours, then pushed apart by weighted isotonic regression (steps move least, ovals most);
- an action going back up or sideways (the one-time correction loop, a re-review after an objection) is a
  curve to the side of the boxes.

The output depends only on the input: the same definition gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from django.utils import translation

from onego.catalog.process import (
    actions,
    depths,
    flag,
    outcome_label,
    role_label,
    step_kind_label,
    steps,
    terminal_outcome,
    validate_process,
)
from onego.core.localized import localized

FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"

MARGIN = 24
HEADING_SPACE = 44
START_SPACE = 44  # above the first layer: the start dot and its arrow
LAYER_GAP = 84  # vertical room between layers (edge labels live here)
NODE_GAP = 36
DUMMY_HALF = 6
PAD_X = 14
PAD_Y = 9
LABEL_SIZE = 11.5
LOOP_REACH = 40  # how far a self-loop reaches out of its box

COLOURS = {
    "step": ("#eef4fb", "#2f6fb0"),
    "countersign": ("#f3eefb", "#6b4fa8"),
    "approved": ("#e6f5ea", "#2e8b57"),
    "refused": ("#fdecea", "#c0392b"),
    "neutral": ("#f1f1f1", "#777777"),
    "problem": ("#fff4f2", "#c0392b"),
}
INK = "#1f2d3d"
MUTED = "#55606e"
EDGE = "#5b6672"

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class _Line:
    text: str
    size: float
    bold: bool = False
    colour: str = INK
    anchor: str = "middle"


@dataclass
class _Node:
    id: str
    kind: str  # "step", "end" or "dummy"
    layer: int
    lines: list[_Line] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    extra_right: float = 0.0  # room kept free right of the box for a self-loop and its label
    x: float = 0.0  # centre
    y: float = 0.0  # top
    weight: float = 1.0  # how firmly x placement keeps the node where its neighbours want it
    style: str = "step"
    dashed: bool = False
    up: list[str] = field(default_factory=list)  # neighbours one layer up (through forward segments)
    down: list[str] = field(default_factory=list)

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2


@dataclass
class _Edge:
    source: str
    target: str  # a step key or "end:<outcome>"
    labels: list[str]
    keys: list[str]
    chain: list[str] = field(default_factory=list)  # source, waypoints…, target (forward edges)
    back: bool = False


def render_svg(
    definition: Any,
    *,
    lang: str = "zh",
    title: str | None = None,
    department_names: Mapping[str, str] | None = None,
) -> str:
    """The process as an SVG document (a string). `department_names` maps credit codes to the names to
    show for departments named by code (the diagram itself reads no database)."""
    en = lang == "en"
    names = dict(department_names or {})
    with translation.override("en" if en else "zh-hans"):  # the diagram's language, not the request's
        problems = validate_process(definition)
    problem_steps = {p.step for p in problems}
    title = title or ("Process diagram" if en else "办理流程图")
    prefix = "p" + _digest(definition)

    all_steps = steps(definition)
    by_key = {s["key"]: s for s in all_steps}
    layers = _step_layers(definition, [s["key"] for s in all_steps])

    # Edges, one per (source, target) pair, labels joined in action order.
    edges: dict[tuple[str, str], _Edge] = {}
    for entry in all_steps:
        for act in actions(entry):
            target = act.get("target")
            if not isinstance(target, str) or not (target in by_key or terminal_outcome(target)):
                continue
            label = _pick(act, "name", en) or act["key"]
            pair = (entry["key"], target)
            if pair not in edges:
                edges[pair] = _Edge(entry["key"], target, [], [])
            edges[pair].labels.append(label)
            edges[pair].keys.append(act["key"])

    nodes: dict[str, _Node] = {}
    for key in sorted(by_key, key=lambda k: (layers[k], _order_hint(definition, k))):
        nodes[key] = _step_node(by_key[key], layers[key], en, names, key in problem_steps)
    for target in _terminals_in_order(edges.values()):
        layer = max(layers[e.source] for e in edges.values() if e.target == target) + 1
        nodes[target] = _end_node(target, layer, en)

    for edge in edges.values():
        source, target = nodes[edge.source], nodes[edge.target]
        edge.back = target.layer <= source.layer
        if edge.back:
            continue
        edge.chain = [edge.source]
        for layer in range(source.layer + 1, target.layer):
            dummy = _Node(
                id=f"~{edge.source}>{edge.target}@{layer}",
                kind="dummy",
                layer=layer,
                width=2 * DUMMY_HALF,
                weight=10.0,
            )
            nodes[dummy.id] = dummy
            edge.chain.append(dummy.id)
        edge.chain.append(edge.target)
        for upper, lower in zip(edge.chain, edge.chain[1:], strict=False):
            nodes[upper].down.append(lower)
            nodes[lower].up.append(upper)

    for edge in edges.values():
        if edge.back and edge.source == edge.target:
            node = nodes[edge.source]
            node.extra_right = max(
                node.extra_right, LOOP_REACH + _text_width(" / ".join(edge.labels), LABEL_SIZE) + 10
            )

    rows = _order(nodes)
    _place_x(nodes, rows)
    _place_y(nodes, rows)

    canvas = _Canvas(prefix)
    _draw_start(canvas, definition, nodes, en)
    _draw_edges(canvas, nodes, rows, list(edges.values()))
    for row in rows:
        for node_id in row:
            _draw_node(canvas, nodes[node_id])
    return canvas.finish(title, _problem_lines(problems, en), _description(all_steps, en), en)


# --- building nodes ------------------------------------------------------------------------------------


def _pick(mapping: Mapping[str, Any], key: str, en: bool) -> str:
    """mapping["<key>_en"] in English when there is one, else mapping[key]; text only."""
    if en and isinstance(mapping.get(f"{key}_en"), str) and mapping[f"{key}_en"].strip():
        return str(mapping[f"{key}_en"])
    value = mapping.get(key)
    return value if isinstance(value, str) else ""


def _days(n: Any, en: bool) -> str:
    if not isinstance(n, int) or isinstance(n, bool):
        return "? working days" if en else "? 个工作日"
    if n == 0:
        return "same day" if en else "当日"
    if en:
        return f"{n} working day" if n == 1 else f"{n} working days"
    return f"{n} 个工作日"


def _department(value: Any, en: bool, names: Mapping[str, str]) -> str:
    if value == "item":
        return "implementing dept." if en else "实施部门"
    if value == "branches":
        return "each branch dept." if en else "各会签部门"
    if isinstance(value, str):
        return names.get(value, value)
    return "?"


def _step_node(
    entry: Mapping[str, Any], layer: int, en: bool, names: Mapping[str, str], has_problem: bool
) -> _Node:
    kind = entry.get("kind")
    kind_text = step_kind_label(kind, "en" if en else "zh") if isinstance(kind, str) else "?"
    lines = [
        _Line(_pick(entry, "name", en) or entry["key"], 15, bold=True),
        _Line(f"{kind_text} · {_days(entry.get('budget_workdays'), en)}", 12, colour=MUTED),
    ]
    actor = entry.get("actor")
    actor = actor if isinstance(actor, Mapping) else {}
    role = actor.get("role")
    if isinstance(role, str):
        role_text = role_label(role, "en" if en else "zh")
        lines.append(
            _Line(f"{role_text} · {_department(actor.get('department'), en, names)}", 12, colour=MUTED)
        )
    if kind == "publicize":
        days = entry.get("publicity_days")
        lines.append(
            _Line(
                f"Publicity period: {_days(days, en)}" if en else f"公示期 {_days(days, en)}",
                12,
                colour=MUTED,
            )
        )
    notes = []
    if flag(entry, "documents_required"):
        notes.append("documents required" if en else "需要申请材料")
    if flag(entry, "clock_paused"):
        notes.append("clock paused" if en else "计时暂停")
    if notes:
        lines.append(
            _Line(
                "（" + "，".join(notes) + "）" if not en else "(" + ", ".join(notes) + ")", 11, colour=MUTED
            )
        )
    style = "step"
    if kind == "countersign":
        style = "countersign"
        lines.append(_Line(_join_text(entry, en), 12, bold=True, colour="#4b3680", anchor="start"))
        branches = entry.get("branches")
        branches = branches if isinstance(branches, list) else []
        for branch in branches:
            if not isinstance(branch, Mapping):
                continue
            dept = branch.get("department")
            name = localized(branch, english=en) if isinstance(branch.get("name"), str) else ""
            label = name or _department(dept, en, names)
            lines.append(_Line(f"• {label} · {_days(branch.get('budget_workdays'), en)}", 12, anchor="start"))
    if has_problem:
        style = "problem"
    node = _Node(
        id=entry["key"],
        kind="step",
        layer=layer,
        lines=lines,
        weight=1000.0,
        style=style,
        dashed=flag(entry, "clock_paused") or has_problem,
    )
    node.width = max(132.0, max(_text_width(line.text, line.size, line.bold) for line in lines) + 2 * PAD_X)
    node.height = 2 * PAD_Y + sum(line.size * 1.5 for line in lines)
    return node


def _join_text(entry: Mapping[str, Any], en: bool) -> str:
    join = entry.get("join")
    branches = entry.get("branches")
    count = len(branches) if isinstance(branches, list) else 0
    if join == "any":
        return "Any one branch agrees:" if en else "会签部门（任一同意即可）："
    if join == "quorum":
        quorum = entry.get("quorum")
        return f"{quorum} of {count} branches agree:" if en else f"会签部门（{count} 个中 {quorum} 个同意）："
    return "All branches agree:" if en else "会签部门（全部同意）："


def _end_node(target: str, layer: int, en: bool) -> _Node:
    outcome = terminal_outcome(target) or ""
    text = outcome_label(outcome, "en" if en else "zh")
    style = {"approved": "approved", "refused": "refused", "not_accepted": "refused"}.get(outcome, "neutral")
    node = _Node(id=target, kind="end", layer=layer, lines=[_Line(text, 14, bold=True)], style=style)
    node.width = _text_width(text, 14, True) + 44
    node.height = 40
    return node


def _terminals_in_order(edges: Any) -> list[str]:
    seen: list[str] = []
    for edge in edges:
        if terminal_outcome(edge.target) and edge.target not in seen:
            seen.append(edge.target)
    return seen


def _order_hint(definition: Any, key: str) -> int:
    """Breadth-first discovery order (then definition order), the initial order within a layer."""
    found = list(depths(definition))
    if key in found:
        return found.index(key)
    return len(found) + [s["key"] for s in steps(definition)].index(key)


def _step_layers(definition: Any, keys: list[str]) -> dict[str, int]:
    """Depth from the start; steps the start does not reach get layers below, by depth from the first of
    them (so a broken definition still draws)."""
    layers = dict(depths(definition))
    successors: dict[str, list[str]] = {k: [] for k in keys}
    for entry in steps(definition):
        for act in actions(entry):
            target = act.get("target")
            if isinstance(target, str) and target in successors and target not in successors[entry["key"]]:
                successors[entry["key"]].append(target)
    for key in keys:
        if key in layers:
            continue
        base = max(layers.values(), default=-1) + 1
        layers[key] = base
        frontier = [key]
        while frontier:
            nxt = []
            for current in frontier:
                for target in successors[current]:
                    if target not in layers:
                        layers[target] = layers[current] + 1
                        nxt.append(target)
            frontier = nxt
    return layers


# --- layout --------------------------------------------------------------------------------------------


def _order(nodes: dict[str, _Node]) -> list[list[str]]:
    """Nodes by layer, ordered by a few up-and-down barycentre sweeps (ties keep the current order)."""
    depth = max((n.layer for n in nodes.values()), default=-1) + 1
    rows: list[list[str]] = [[] for _ in range(depth)]
    for node_id, node in nodes.items():  # steps (in discovery order), then ovals, then waypoints
        rows[node.layer].append(node_id)
    rows = [sorted(row, key=lambda i: {"step": 0, "dummy": 1, "end": 2}[nodes[i].kind]) for row in rows]

    def sweep(layer_range: range, neighbours: str) -> None:
        for layer in layer_range:
            row = rows[layer]
            index = {node_id: i for r in rows for i, node_id in enumerate(r)}
            keys = []
            for i, node_id in enumerate(row):
                near = getattr(nodes[node_id], neighbours)
                centre = sum(index[n] for n in near) / len(near) if near else float(i)
                keys.append((centre, i, node_id))
            rows[layer] = [node_id for _c, _i, node_id in sorted(keys)]

    for _ in range(3):
        sweep(range(1, depth), "up")
        sweep(range(depth - 2, -1, -1), "down")
    sweep(range(1, depth), "up")
    return rows


def _place_x(nodes: dict[str, _Node], rows: list[list[str]]) -> None:
    for row in rows:
        _pack(nodes, row, [float(i) for i in range(len(row))], centre_at_zero=True)

    def pass_(layer_range: range, neighbours: str) -> None:
        for layer in layer_range:
            row = rows[layer]
            desired = []
            for node_id in row:
                near = [nodes[n] for n in getattr(nodes[node_id], neighbours)]
                if near:
                    total = sum(n.weight for n in near)
                    desired.append(sum(n.x * n.weight for n in near) / total)
                else:
                    desired.append(nodes[node_id].x)
            _pack(nodes, row, desired)

    depth = len(rows)
    for _ in range(4):
        pass_(range(1, depth), "up")
        pass_(range(depth - 2, -1, -1), "down")
    pass_(range(1, depth), "up")


def _pack(
    nodes: dict[str, _Node], row: list[str], desired: list[float], centre_at_zero: bool = False
) -> None:
    """Place a row's nodes as near their desired x as their widths allow, keeping their order: weighted
    isotonic regression (pool adjacent violators) on x minus each node's least offset from the first."""
    if not row:
        return
    offsets = [0.0]
    for left, right in zip(row, row[1:], strict=False):
        a, b = nodes[left], nodes[right]
        offsets.append(offsets[-1] + _half(a, "right") + _gap(a, b) + _half(b, "left"))
    if centre_at_zero:
        shift = (offsets[-1] + _half(nodes[row[-1]], "right") - _half(nodes[row[0]], "left")) / 2
        for node_id, offset in zip(row, offsets, strict=True):
            nodes[node_id].x = offset - shift + _half(nodes[row[0]], "left")
        return
    blocks: list[list[float]] = []  # [weighted mean, weight, count]
    for node_id, want, offset in zip(row, desired, offsets, strict=True):
        blocks.append([want - offset, nodes[node_id].weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean2, weight2, count2 = blocks.pop()
            mean1, weight1, count1 = blocks.pop()
            weight = weight1 + weight2
            blocks.append([(mean1 * weight1 + mean2 * weight2) / weight, weight, count1 + count2])
    values = [b[0] for b in blocks for _ in range(int(b[2]))]
    for node_id, value, offset in zip(row, values, offsets, strict=True):
        nodes[node_id].x = round(value + offset, 2)


def _half(node: _Node, side: str) -> float:
    return node.width / 2 + (node.extra_right if side == "right" else 0.0)


def _gap(a: _Node, b: _Node) -> float:
    return 14.0 if "dummy" in (a.kind, b.kind) else NODE_GAP


def _place_y(nodes: dict[str, _Node], rows: list[list[str]]) -> None:
    y = 0.0
    for row in rows:
        height = max((nodes[n].height for n in row if nodes[n].kind != "dummy"), default=0.0)
        for node_id in row:
            node = nodes[node_id]
            node.y = y
            if node.kind == "dummy":
                node.height = height
        y += height + LAYER_GAP


# --- drawing -------------------------------------------------------------------------------------------


class _Canvas:
    """SVG fragments with their extents, so the picture can be framed once everything is drawn."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.edges: list[str] = []
        self.shapes: list[str] = []
        self.labels: list[str] = []
        self.min_x = self.min_y = 0.0
        self.max_x = self.max_y = 0.0
        self.label_boxes: list[tuple[float, float, float, float]] = []
        self.node_boxes: list[tuple[float, float, float, float]] = []

    def extend(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.min_x, self.min_y = min(self.min_x, x0), min(self.min_y, y0)
        self.max_x, self.max_y = max(self.max_x, x1), max(self.max_y, y1)

    def label(self, x: float, y: float, text: str, *, anchor: str = "middle") -> None:
        width = _text_width(text, LABEL_SIZE) + 8
        height = LABEL_SIZE + 6
        x0 = x - width / 2 if anchor == "middle" else x - 4
        box = (x0, y - height / 2, x0 + width, y + height / 2)
        self.label_boxes.append(box)
        self.extend(*box)
        self.labels.append(
            f'<rect class="edge-label-bg" x="{_n(box[0])}" y="{_n(box[1])}" width="{_n(width)}" '
            f'height="{_n(height)}" rx="3" fill="#ffffff" fill-opacity="0.92"/>'
            f'<text class="edge-label" x="{_n(x0 + width / 2)}" y="{_n(y + LABEL_SIZE * 0.36)}" '
            f'text-anchor="middle" font-size="{_n(LABEL_SIZE)}" fill="{INK}">{_esc(text)}</text>'
        )

    def free(self, box: tuple[float, float, float, float]) -> bool:
        return not any(_overlap(box, other) for other in self.label_boxes + self.node_boxes)

    def finish(self, title: str, problems: list[str], description: str, en: bool) -> str:
        content_w = self.max_x - self.min_x
        width = max(content_w, _text_width(title, 17, True)) + 2 * MARGIN
        dx = MARGIN - self.min_x + (width - 2 * MARGIN - content_w) / 2
        dy = MARGIN + HEADING_SPACE - self.min_y
        height = dy + self.max_y + MARGIN
        problem_svg = ""
        if problems:
            heading = (
                f"This definition has {len(problems)} problem(s):"
                if en
                else f"此流程定义有 {len(problems)} 个问题："
            )
            texts = [heading] + [f"• {p}" for p in problems[:12]]
            if len(problems) > 12:
                texts.append(f"… {len(problems) - 12} more" if en else f"…… 另有 {len(problems) - 12} 个")
            box_w = max(_text_width(t, 12) for t in texts) + 24
            width = max(width, box_w + 2 * MARGIN)
            box_h = 14 + 18 * len(texts)
            top = height
            bold = ' font-weight="bold"'
            rows = "".join(
                f'<text x="{_n(MARGIN + 12)}" y="{_n(top + 24 + 18 * i)}" font-size="12" '
                f'fill="#a02a1d"{bold if i == 0 else ""}>{_esc(t)}</text>'
                for i, t in enumerate(texts)
            )
            problem_svg = (
                f'<g class="problems"><rect x="{_n(MARGIN)}" y="{_n(top)}" width="{_n(box_w)}" '
                f'height="{_n(box_h)}" rx="6" fill="#fff4f2" stroke="#c0392b"/>{rows}</g>'
            )
            height += box_h + MARGIN
        p = self.prefix
        return "\n".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
                f'width="{_n(width)}" height="{_n(height)}" style="max-width:100%;height:auto" role="img" '
                f'aria-labelledby="{p}-title {p}-desc" '
                f'font-family="{_esc(FONT_FAMILY)}" font-size="12">',
                f'<title id="{p}-title">{_esc(title)}</title>',
                f'<desc id="{p}-desc">{_esc(description)}</desc>',
                f'<defs><marker id="{p}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                f'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{EDGE}"/></marker></defs>',
                f'<rect width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>',
                f'<text class="heading" x="{_n(MARGIN)}" y="{_n(MARGIN + 18)}" font-size="17" font-weight="bold" '
                f'fill="{INK}">{_esc(title)}</text>',
                f'<g transform="translate({_n(dx)} {_n(dy)})">',
                '<g class="edges" fill="none">',
                *self.edges,
                "</g>",
                '<g class="nodes">',
                *self.shapes,
                "</g>",
                '<g class="labels">',
                *self.labels,
                "</g>",
                "</g>",
                problem_svg,
                "</svg>",
                "",
            ]
        )


def _draw_start(canvas: _Canvas, definition: Any, nodes: dict[str, _Node], en: bool) -> None:
    start = definition.get("start") if isinstance(definition, Mapping) else None
    if not isinstance(start, str) or start not in nodes:
        return
    node = nodes[start]
    cy = node.y - START_SPACE + 6
    canvas.shapes.append(f'<circle class="start" cx="{_n(node.x)}" cy="{_n(cy)}" r="6" fill="{INK}"/>')
    canvas.edges.append(
        f'<path class="edge start" d="M{_n(node.x)},{_n(cy + 6)} L{_n(node.x)},{_n(node.y)}" '
        f'stroke="{EDGE}" stroke-width="1.4" marker-end="url(#{canvas.prefix}-arrow)"/>'
    )
    text = "Start" if en else "开始"
    canvas.shapes.append(
        f'<text x="{_n(node.x + 12)}" y="{_n(cy + 4)}" font-size="12" fill="{MUTED}">{_esc(text)}</text>'
    )
    canvas.extend(node.x - 8, cy - 8, node.x + 14 + _text_width(text, 12), cy + 8)


def _draw_node(canvas: _Canvas, node: _Node) -> None:
    if node.kind == "dummy":
        return
    fill, stroke = COLOURS[node.style]
    box = (node.left, node.y, node.right, node.y + node.height)
    canvas.extend(box[0], box[1], box[2] + node.extra_right, box[3])
    dash = ' stroke-dasharray="6 4"' if node.dashed else ""
    ident = _esc(node.id)
    if node.kind == "end":
        canvas.shapes.append(
            f'<g class="end" data-outcome="{ident}">'
            f'<ellipse cx="{_n(node.x)}" cy="{_n(node.y + node.height / 2)}" '
            f'rx="{_n(node.width / 2)}" ry="{_n(node.height / 2)}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="1.6"/><text x="{_n(node.x)}" y="{_n(node.y + node.height / 2 + 5)}" '
            f'text-anchor="middle" font-size="14" font-weight="bold" fill="{stroke}">'
            f"{_esc(node.lines[0].text)}</text></g>"
        )
        return
    parts = [
        f'<g class="step" data-step="{ident}">',
        f'<rect x="{_n(node.left)}" y="{_n(node.y)}" width="{_n(node.width)}" height="{_n(node.height)}" '
        f'rx="10" fill="{fill}" stroke="{stroke}" stroke-width="1.6"{dash}/>',
    ]
    y = node.y + PAD_Y
    for index, line in enumerate(node.lines):
        if line.anchor == "start" and (index == 0 or node.lines[index - 1].anchor != "start"):
            parts.append(
                f'<line x1="{_n(node.left + 8)}" y1="{_n(y + 1)}" x2="{_n(node.right - 8)}" '
                f'y2="{_n(y + 1)}" stroke="{stroke}" stroke-opacity="0.35"/>'
            )
        x = node.x if line.anchor == "middle" else node.left + PAD_X
        weight = ' font-weight="bold"' if line.bold else ""
        parts.append(
            f'<text x="{_n(x)}" y="{_n(y + line.size * 1.1)}" text-anchor="{line.anchor}" '
            f'font-size="{_n(line.size)}"{weight} fill="{line.colour}">{_esc(line.text)}</text>'
        )
        y += line.size * 1.5
    parts.append("</g>")
    canvas.shapes.append("".join(parts))


def _draw_edges(canvas: _Canvas, nodes: dict[str, _Node], rows: list[list[str]], edges: list[_Edge]) -> None:
    marker = f'marker-end="url(#{canvas.prefix}-arrow)"'
    for node in nodes.values():  # ovals and boxes first, so labels can avoid them
        if node.kind != "dummy":
            canvas.node_boxes.append((node.left, node.y, node.right, node.y + node.height))
    out_ports = _ports(nodes, edges, "out")
    in_ports = _ports(nodes, edges, "in")
    for edge in edges:
        if edge.back:
            continue
        points = [(out_ports[(edge.source, edge.target)], nodes[edge.source].y + nodes[edge.source].height)]
        for dummy_id in edge.chain[1:-1]:
            dummy = nodes[dummy_id]
            points += [(dummy.x, dummy.y), (dummy.x, dummy.y + dummy.height)]
        points.append((in_ports[(edge.source, edge.target)], nodes[edge.target].y))
        d = f"M{_n(points[0][0])},{_n(points[0][1])}"
        for i in range(0, len(points) - 1, 2):
            (x0, y0), (x1, y1) = points[i], points[i + 1]
            bend = (y1 - y0) / 2
            d += f" C{_n(x0)},{_n(y0 + bend)} {_n(x1)},{_n(y1 - bend)} {_n(x1)},{_n(y1)}"
            if i + 2 < len(points):
                d += f" L{_n(points[i + 2][0])},{_n(points[i + 2][1])}"
        canvas.edges.append(_path(d, "edge", edge, marker))
        canvas.extend(min(p[0] for p in points), points[0][1], max(p[0] for p in points), points[-1][1])
        (x0, y0), (x1, y1) = points[0], points[1]
        text = " / ".join(edge.labels)
        width = _text_width(text, LABEL_SIZE) + 8
        chosen = None
        for t in (0.5, 0.32, 0.68, 0.2, 0.8):
            # on a curve with vertical tangents, x follows the smoothstep and y the same t
            s = t * t * (3 - 2 * t)
            x, y = x0 + (x1 - x0) * s, y0 + (y1 - y0) * t
            box = (x - width / 2, y - 9, x + width / 2, y + 9)
            if canvas.free(box):
                chosen = (x, y)
                break
        if chosen is None:
            s = 0.5
            chosen = (x0 + (x1 - x0) * s, y0 + (y1 - y0) * 0.5)
        canvas.label(chosen[0], chosen[1], text)

    _draw_back_edges(canvas, nodes, rows, [e for e in edges if e.back], marker)


def _draw_back_edges(
    canvas: _Canvas, nodes: dict[str, _Node], rows: list[list[str]], edges: list[_Edge], marker: str
) -> None:
    # Self-loops: a small loop out of the box's right side, labelled beside it.
    slots: dict[tuple[str, str], int] = {}
    for edge in edges:
        if edge.source != edge.target:
            continue
        node = nodes[edge.source]
        y1 = node.y + 12
        y2 = y1 + 18
        x = node.right
        d = (
            f"M{_n(x)},{_n(y1)} C{_n(x + LOOP_REACH * 1.25)},{_n(y1 - 16)} "
            f"{_n(x + LOOP_REACH * 1.25)},{_n(y2 + 16)} {_n(x + 1)},{_n(y2)}"
        )
        canvas.edges.append(_path(d, "edge back loop", edge, marker))
        canvas.label(x + LOOP_REACH + 2, (y1 + y2) / 2, " / ".join(edge.labels), anchor="start")

    # Longer back edges: curves outside the boxes of every layer they pass, on the side where both ends are
    # outermost (the left when in doubt), stacked in lanes, shorter spans inside.
    position = {
        node_id: (layer, i, len(row)) for layer, row in enumerate(rows) for i, node_id in enumerate(row)
    }
    others = sorted(
        (e for e in edges if e.source != e.target),
        key=lambda e: (abs(nodes[e.source].layer - nodes[e.target].layer), e.source, e.target),
    )
    lanes: dict[str, float] = {"left": 0.0, "right": 0.0}
    for edge in others:
        source, target = nodes[edge.source], nodes[edge.target]
        _l1, i1, n1 = position[edge.source]
        _l2, i2, n2 = position[edge.target]
        side = "right" if (i1 == n1 - 1 and i2 == n2 - 1 and not (i1 == 0 and i2 == 0)) else "left"
        low, high = sorted((source.layer, target.layer))
        span_ids = [n for layer in range(low, high + 1) for n in rows[layer]]
        text = " / ".join(edge.labels)
        half_label = (_text_width(text, LABEL_SIZE) + 8) / 2
        sy = source.y + source.height * 0.72 + 8 * _bump(slots, (edge.source, side))
        ty = target.y + target.height * 0.5 + 8 * _bump(slots, (edge.target, side))
        if side == "left":
            sx, tx = source.left, target.left
            outer = min(nodes[n].left for n in span_ids) - 28 - half_label
            if lanes["left"]:
                outer = min(outer, lanes["left"] - 2 * half_label - 16)
            lanes["left"] = outer - half_label
        else:
            sx, tx = source.right, target.right
            outer = max(nodes[n].right + nodes[n].extra_right for n in span_ids) + 28 + half_label
            if lanes["right"]:
                outer = max(outer, lanes["right"] + 2 * half_label + 16)
            lanes["right"] = outer + half_label
        control = (outer - (sx + tx) / 8) / 0.75  # the cubic's farthest point is then `outer`
        d = (
            f"M{_n(sx)},{_n(sy)} C{_n(control)},{_n(sy)} {_n(control)},{_n(ty)} "
            f"{_n(tx + (-1 if side == 'left' else 1))},{_n(ty)}"
        )
        canvas.edges.append(_path(d, f"edge back {side}", edge, marker))
        canvas.extend(outer, min(sy, ty), outer, max(sy, ty))
        canvas.label(outer, (sy + ty) / 2, text)


def _bump(slots: dict[tuple[str, str], int], key: tuple[str, str]) -> int:
    slots[key] = slots.get(key, -1) + 1
    return slots[key]


def _ports(nodes: dict[str, _Node], edges: list[_Edge], direction: str) -> dict[tuple[str, str], float]:
    """Where each forward edge leaves its box's bottom (or enters its target's top): spread out, in the
    order of where the edges go, so they do not cross at the box."""
    groups: dict[str, list[tuple[float, str, tuple[str, str]]]] = {}
    for edge in edges:
        if edge.back:
            continue
        if direction == "out":
            owner, far = edge.chain[0], nodes[edge.chain[1]].x
        else:
            owner, far = edge.chain[-1], nodes[edge.chain[-2]].x
        groups.setdefault(owner, []).append(
            (far, edge.target if direction == "out" else edge.source, (edge.source, edge.target))
        )
    ports: dict[tuple[str, str], float] = {}
    for owner, group in groups.items():
        node = nodes[owner]
        group.sort()
        step_ = min(26.0, (node.width - 28) / max(len(group), 1))
        for i, (_far, _name, pair) in enumerate(group):
            ports[pair] = node.x + (i - (len(group) - 1) / 2) * step_
    return ports


def _path(d: str, css: str, edge: _Edge, marker: str) -> str:
    return (
        f'<path class="{css}" data-from="{_esc(edge.source)}" data-to="{_esc(edge.target)}" '
        f'data-actions="{_esc(" ".join(edge.keys))}" d="{d}" stroke="{EDGE}" stroke-width="1.4" {marker}/>'
    )


# --- text ----------------------------------------------------------------------------------------------


def _problem_lines(problems: list[Any], en: bool) -> list[str]:
    return [problem.message for problem in problems]  # written in the diagram's language by render_svg


def _description(all_steps: list[dict[str, Any]], en: bool) -> str:
    parts = []
    names = {entry["key"]: _pick(entry, "name", en) or entry["key"] for entry in all_steps}
    for entry in all_steps:
        moves = []
        for act in actions(entry):
            target = act.get("target")
            outcome = terminal_outcome(target)
            if outcome:
                where = outcome_label(outcome, "en" if en else "zh")
            else:
                where = names.get(target, str(target)) if isinstance(target, str) else "?"
            moves.append(f"{_pick(act, 'name', en)} → {where}")
        parts.append(f"{_pick(entry, 'name', en) or entry['key']}: {', '.join(moves)}")
    return "; ".join(parts)


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate good enough for layout: CJK and full-width characters are one em, the rest ~0.58 em."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F", "A"):  # a CJK font draws "·" and "•" wide
            width += size
        elif char in "il.,:;|!'·• ":
            width += size * 0.32
        elif char.isupper() or char in "mwMW@%":
            width += size * 0.72
        else:
            width += size * 0.56
    return width * (1.06 if bold else 1.0)


def _esc(text: str) -> str:
    return escape(_XML_INVALID.sub("", text), {'"': "&quot;"})


def _n(value: float) -> str:
    """A coordinate as short, stable text (two decimals at most, no "-0")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _digest(definition: Any) -> str:
    """A short stable id for this definition, so two diagrams inlined in one page do not share ids."""
    try:
        text = json.dumps(definition, sort_keys=True, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(definition)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
