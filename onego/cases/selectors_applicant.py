"""Reads for the applicant's pages and the public progress query (also used by the API)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from onego.accounts.models import User
from onego.cases import evidence, generated_docs
from onego.cases.models import Case, CaseStatus, Outcome, TaskStatus
from onego.cases.numbers import QUERY_CODE_LENGTH, normalize_case_number, normalize_query_code
from onego.cases.pdfdocs import DECISION
from onego.cases.validation import Target, applicant_identity, cleaned_form
from onego.catalog import process as proc
from onego.catalog.models import ItemVersion
from onego.core.errors import ApiError
from onego.core.languages import reading_english
from onego.core.localized import localized
from onego.core.models import AuditEvent

# Audit actions in the words an applicant understands; anything else shows as a generic step.
_EVENT_WORDS = {
    "case.submitted": gettext_noop("提交申请"),
    "case.accepted": gettext_noop("已受理"),
    "case.not_accepted": gettext_noop("不予受理"),
    "case.correction_requested": gettext_noop("一次性告知补正"),
    "case.corrected": gettext_noop("已提交补正材料"),
    "case.withdrawn": gettext_noop("申请人撤回申请"),
    "case.terminated_with_bundle": gettext_noop("因同一件事的其他事项办结而终止"),
    "case.countersign_branch_agreed": gettext_noop("部门会签意见"),
    "case.countersign_joined": gettext_noop("会签完成"),
    "case.countersign_refused": gettext_noop("会签不同意"),
    "case.approve": gettext_noop("审批通过"),
    "case.refuse": gettext_noop("不予许可"),
    "case.issue": gettext_noop("发放结果"),
    "case.visit_recorded": gettext_noop("到窗口办理"),
    "case.document_generated": gettext_noop("系统生成申请文书"),
    "case.pass": gettext_noop("审查通过"),
    "case.terminated": gettext_noop("已终止"),
    "case.revoked": gettext_noop("许可已撤销"),
}
SYSTEM_ACTOR_PREFIX = "system:"  # audit actors that are not people: "system:documents", "system:deadlines"


def status_words(case: Case) -> str:
    """The status in plain words (待受理 / 请补正 / 办理中 / 已办结：准予 / 不予许可 / 不予受理 / 已撤回 / 已终止)."""
    if case.status == CaseStatus.SUBMITTED:
        return _("待受理")
    if case.status == CaseStatus.CORRECTION:
        return _("请补正")
    if case.status == CaseStatus.IN_PROGRESS:
        return _("办理中")
    return {
        Outcome.APPROVED: _("已办结：准予"),
        Outcome.REFUSED: _("不予许可"),
        Outcome.NOT_ACCEPTED: _("不予受理"),
        Outcome.WITHDRAWN: _("已撤回"),
        Outcome.TERMINATED: _("已终止"),
    }.get(Outcome(case.outcome) if case.outcome in Outcome.values else None, _("已办结"))  # type: ignore[arg-type]


def can_withdraw(case: Case) -> bool:
    """Withdrawal is open while the case is open and before the decision is issued (mirrors services.withdraw)."""
    return case.is_open and case.current_step != "issue"


def my_cases(user: User) -> QuerySet[Case]:
    """The applicant's own cases, newest first."""
    return (
        Case.objects.filter(applicant=user)
        .select_related("item_version", "bundle_case", "department")
        .order_by("-submitted_at", "-pk")
    )


def my_case(user: User, number: str) -> Case | None:
    """One of the applicant's own cases; another applicant's case is None (the page answers 404)."""
    return my_cases(user).filter(number=number).first()


def event_words(action: str) -> str:
    return _(_EVENT_WORDS.get(action, gettext_noop("办理环节更新")))


def step_name(case: Case, key: str, name: str) -> str:
    """A step's name in the reader's language: a task keeps the Chinese name it was created with, the English
    is the step's `name_en` in the item version's process definition."""
    found = proc.step(case.item_version.process, key) or {}
    return localized({"name": name, "name_en": found.get("name_en", "")})


def material_names(case: Case) -> dict[str, str]:
    """Material key → name in the reader's language, from the item version the case was made under (a case's
    materials keep only the Chinese name they were received under)."""
    return {m.key: localized(m) for m in case.item_version.materials.all()}


def branch_name(case: Case, key: str, name: str) -> str:
    """A countersign branch's name in the reader's language (its `name_en` in the process definition)."""
    found = proc.step(case.item_version.process, key) or {}
    branches = [b for b in found.get("branches", []) if isinstance(b, dict) and b.get("name") == name]
    return localized({"name": name, "name_en": branches[0].get("name_en", "") if branches else ""})


def name_tasks_in_english(tasks: list[Any]) -> list[Any]:
    """Gives each task the English of its step and branch name (`{{ task|localized:"step_name" }}` reads them);
    a task itself keeps the Chinese names it was created with. One query for all the process definitions (the
    inbox defers them), none for a reader in Chinese."""
    if not reading_english():
        return tasks
    ids = {task.case.item_version_id for task in tasks}
    processes = dict(ItemVersion.objects.filter(pk__in=ids).values_list("pk", "process"))
    for task in tasks:
        found = proc.step(processes.get(task.case.item_version_id), task.step_key) or {}
        task.step_name_en = found.get("name_en", "")
        branches = [
            b for b in found.get("branches", []) if isinstance(b, dict) and b.get("name") == task.branch
        ]
        task.branch_en = branches[0].get("name_en", "") if branches else ""
    return tasks


def steps_of(case: Case) -> list[dict[str, Any]]:
    """Dated steps of a case from its tasks: step name, department, created and completed dates."""
    out = []
    for task in case.tasks.select_related("department").order_by("created_at", "pk"):
        out.append(
            {
                "name": step_name(case, task.step_key, task.step_name),
                "department": localized(task.department),
                "branch": branch_name(case, task.step_key, task.branch) if task.branch else "",
                "started_at": task.created_at,
                "completed_at": task.completed_at,
                "done": task.status == TaskStatus.DONE,
                "voided": task.status == TaskStatus.VOIDED,
            }
        )
    return out


def actor_words(label: str | None, real_name: str | None = None) -> str:
    """Who did it, for staff: the person's real name; a machine ("system:documents") is simply 系统."""
    if real_name:
        return real_name
    if not label or label.startswith(SYSTEM_ACTOR_PREFIX):
        return _("系统")
    return label


def collapse_same_moment(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One readable entry for a run of identical steps in the same minute (the system writes an application's
    three documents at once): consecutive entries with the same words, actor and minute, and no note, become
    one that says how many. Entries keep their other keys; `count` is added to each."""
    out: list[dict[str, Any]] = []
    for entry in entries:
        last = out[-1] if out else None
        if (
            last is not None
            and last["words_one"] == entry["words"]
            and last.get("actor") == entry.get("actor")
            and not last.get("note")
            and not entry.get("note")
            and timezone.localtime(last["at"]).replace(second=0, microsecond=0)
            == timezone.localtime(entry["at"]).replace(second=0, microsecond=0)
        ):
            last["count"] += 1
            last["words"] = _("%(words)s（共 %(n)s 项）") % {"words": last["words_one"], "n": last["count"]}
            continue
        out.append({**entry, "count": 1, "words_one": entry["words"]})
    return out


def events_of(case: Case) -> list[dict[str, Any]]:
    """The case's audit events in plain words, oldest first (no actor names: staff are not named here); steps
    of one moment are one entry."""
    events = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).order_by("id")
    return collapse_same_moment(
        [{"at": e.occurred_at, "words": event_words(e.action), "action": e.action} for e in events]
    )


def submitted_materials(case: Case) -> list[Any]:
    """What the applicant and the system put into the case file, without its result: the decision (决定书) is
    an outcome of the case, shown with the result, not a material the applicant submitted."""
    rows = list(case.materials.exclude(material_key=DECISION).order_by("material_key", "round"))
    english = {m.key: m.name_en for m in case.item_version.materials.all()}
    for row in rows:  # `{{ m|localized }}` reads it: a case material keeps only the Chinese name
        row.name_en = english.get(row.material_key, "")  # type: ignore[attr-defined]
    return rows


def progress_view(number: str, query_code: str) -> dict[str, Any] | None:
    """The public progress query: status and dated steps only, no personal data. None when the number is
    unknown or the query code (printed on the receipt) does not match (the caller must not tell which)."""
    number, query_code = normalize_case_number(number), normalize_query_code(query_code)
    if not number or len(query_code) != QUERY_CODE_LENGTH:
        return None
    case = Case.objects.select_related("item_version").filter(number=number, query_code=query_code).first()
    if case is None:
        return None
    steps = [
        {
            "name": s["name"],
            "started_at": s["started_at"],
            "completed_at": s["completed_at"],
            "voided": s["voided"],
        }
        for s in steps_of(case)
    ]
    return {
        "number": case.number,
        "item_name": localized(case.item_version),
        "status": status_words(case),
        "submitted_at": case.submitted_at,
        "promised_deadline": case.promised_deadline,
        "closed_at": case.closed_at,
        "steps": steps,
    }


# --- the apply form -------------------------------------------------------------------------------------------


@dataclass
class GeneratedPreview:
    key: str
    name: str
    item_name: str
    document: generated_docs.Document | None  # None: the words are not written before submit (e.g. the form)


def generated_previews(target: Target, user: User, form_data: dict[str, Any]) -> list[GeneratedPreview]:
    """The documents the system will generate on submit, each as it will read (the preview page shows them
    before the applicant confirms). The same writers make the PDFs after submit."""
    cleaned, _errors = cleaned_form(target, user, form_data)
    try:
        _kind, name, code = applicant_identity(user)
    except ApiError:
        name, code = user.real_name, ""
    out = []
    for version in target.versions:
        own = set(version.form_fields.values_list("field__key", flat=True))
        facts = generated_docs.Facts(
            item_name=version.name,
            applicant_name=name,
            applicant_code=code,
            form={k: v for k, v in cleaned.items() if k in own},
            on=timezone.localdate(),
        )
        for m in version.materials.filter(provision="generated").order_by("position"):
            out.append(
                GeneratedPreview(
                    key=m.key,
                    name=localized(m),
                    item_name=localized(version),
                    document=generated_docs.preview(m.key, facts),
                )
            )
    return out


@dataclass
class MaterialRow:
    key: str
    name: str
    notes: str
    waivable: bool
    required: bool  # always required (False for waivable, optional or conditional ones)
    conditional: bool
    condition_text: str
    licence_type: str = ""  # an e-licence of this type may stand in (免提交)
    provision: str = "applicant"  # or generated (系统生成) / on_site (提交后现场录制)
    found: evidence.Waiver | None = None  # the licences or the shared record found in its stead
    not_found: bool = False  # waivable, but nothing stands in for it: to upload


def material_rows(target: Target, waivers: evidence.Waivers) -> list[MaterialRow]:
    """The materials of the form; a conditional one is marked as such (its condition is checked at submit).
    A waivable material is waived only when `waivers` found its stand-in; otherwise it is an upload."""
    rows = []
    for key, m in target.materials.items():
        waived = waivers.waived(key)
        rows.append(
            MaterialRow(
                key=key,
                name=localized(m),
                notes=localized(m, "notes"),
                waivable=waived,
                required=bool(m.required and not waived and not m.condition and m.provision == "applicant"),
                conditional=bool(m.condition),
                condition_text=localized(m, "condition_text"),
                licence_type=m.substitute_licence_type if waived else "",
                provision=m.provision,
                found=waivers.found.get(key),
                not_found=key in waivers.missing,
            )
        )
    return rows
