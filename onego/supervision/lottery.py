"""The draw itself (双随机): a pure function of its published inputs, so anyone can re-run it.

Inputs (`DrawInputs`, published as canonical JSON on the public page):
- the seed (a string; by default 128 random bits as 32 hex digits, shown to the supervisor before drawing);
- the matter: base sampling ratio, one multiplier per credit-risk level (A–D), inspectors per check (≥ 2);
- the entity register: one row per valid licence of the matter's licence types (credit code, name, licence
  number, risk level, granted on commitment or not);
- the inspector register: certificate number and name of each active inspector of the matter's department;
- recusals: for each credit code, the certificate numbers of the inspectors who must not check it.

Algorithm `hmac-sha256-order/1` (no library PRNG, so that the result does not depend on a Python version):
1. The registers are sorted canonically (entities by credit code then licence number, inspectors by
   certificate number) and each is digested with SM3 over its canonical JSON.
2. Entities are split into strata by risk level. For a stratum of N entities the rate is
   min(1, ratio × multiplier) and the sample size is ceil(N × rate) — exact decimal arithmetic, rounded up, so
   a non-empty stratum with a non-zero rate always yields at least one entity.
3. Within a stratum every entity gets the key HMAC-SHA256(seed, "entity|<level>|<code>|<licence>") (hex);
   the entities with the smallest keys are drawn.
4. For each drawn entity the inspectors recused for its credit code are removed; each remaining inspector gets
   the key HMAC-SHA256(seed, "inspector|<code>|<licence>|<certificate>"); the k smallest are drawn. When fewer
   than k remain the entity is flagged "unstaffed" and nobody is assigned (never checked by one alone).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from onego.core.sm3 import sm3_hex

ALGORITHM = "hmac-sha256-order/1"
LEVELS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Entity:
    code: str
    name: str
    licence: str  # the licence number
    risk: str
    commitment: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "licence": self.licence,
            "risk": self.risk,
            "commitment": self.commitment,
        }


@dataclass(frozen=True)
class InspectorRow:
    cert: str
    name: str

    def as_dict(self) -> dict[str, Any]:
        return {"cert": self.cert, "name": self.name}


@dataclass
class DrawInputs:
    seed: str
    matter: str
    ratio: Decimal
    multipliers: dict[str, Decimal]
    per_check: int
    entities: list[Entity]
    inspectors: list[InspectorRow]
    recusals: dict[str, list[str]] = field(default_factory=dict)

    def entity_register(self) -> list[dict[str, Any]]:
        return [e.as_dict() for e in sorted(self.entities, key=lambda e: (e.code, e.licence))]

    def inspector_register(self) -> dict[str, Any]:
        return {
            "inspectors": [i.as_dict() for i in sorted(self.inspectors, key=lambda i: i.cert)],
            "recusals": {code: sorted(set(c)) for code, c in sorted(self.recusals.items()) if c},
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "algorithm": ALGORITHM,
            "seed": self.seed,
            "matter": self.matter,
            "ratio": str(self.ratio),
            "multipliers": {level: str(self.multipliers[level]) for level in LEVELS},
            "per_check": self.per_check,
            "entities": self.entity_register(),
            **self.inspector_register(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DrawInputs:
        if data.get("algorithm") != ALGORITHM:
            raise ValueError(f"unknown algorithm {data.get('algorithm')!r}")
        return cls(
            seed=str(data["seed"]),
            matter=str(data["matter"]),
            ratio=Decimal(str(data["ratio"])),
            multipliers={level: Decimal(str(data["multipliers"][level])) for level in LEVELS},
            per_check=int(data["per_check"]),
            entities=[
                Entity(e["code"], e["name"], e["licence"], e["risk"], bool(e.get("commitment")))
                for e in data["entities"]
            ],
            inspectors=[InspectorRow(i["cert"], i["name"]) for i in data["inspectors"]],
            recusals={code: list(certs) for code, certs in data.get("recusals", {}).items()},
        )


@dataclass(frozen=True)
class Pick:
    entity: Entity
    inspectors: tuple[str, ...]  # certificate numbers, in drawn order; empty when unstaffed
    unstaffed: bool


@dataclass
class DrawResult:
    picks: list[Pick]
    entity_digest: str
    inspector_digest: str
    log: list[dict[str, Any]]


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def digest(value: Any) -> str:
    return sm3_hex(canonical_json(value))


def _key(seed: str, message: str) -> str:
    return hmac.new(seed.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()


def sample_size(population: int, ratio: Decimal, multiplier: Decimal) -> tuple[Decimal, int]:
    """The stratum's rate, min(1, ratio × multiplier), and its sample size ceil(population × rate)."""
    rate = min(Decimal(1), ratio * multiplier)
    if population <= 0 or rate <= 0:
        return rate, 0
    return rate, min(population, math.ceil(Decimal(population) * rate))


def run(inputs: DrawInputs) -> DrawResult:
    """Draw entities by stratum and inspectors per entity; deterministic given the inputs."""
    if inputs.per_check < 2:
        raise ValueError("at least 2 inspectors per check")
    if not inputs.seed:
        raise ValueError("empty seed")
    entity_register = inputs.entity_register()
    inspector_register = inputs.inspector_register()
    entity_digest = digest(entity_register)
    inspector_digest = digest(inspector_register)
    log: list[dict[str, Any]] = [
        {
            "step": "inputs",
            "algorithm": ALGORITHM,
            "seed": inputs.seed,
            "entities": len(entity_register),
            "inspectors": len(inspector_register["inspectors"]),
            "entity_digest": entity_digest,
            "inspector_digest": inspector_digest,
        }
    ]
    entities = sorted(inputs.entities, key=lambda e: (e.code, e.licence))
    certs = [i["cert"] for i in inspector_register["inspectors"]]
    recusals = inspector_register["recusals"]
    picks: list[Pick] = []
    for level in LEVELS:
        stratum = [e for e in entities if e.risk == level]
        rate, size = sample_size(len(stratum), inputs.ratio, inputs.multipliers[level])
        ordered = sorted(stratum, key=lambda e: _key(inputs.seed, f"entity|{level}|{e.code}|{e.licence}"))
        drawn = ordered[:size]
        log.append(
            {
                "step": "stratum",
                "level": level,
                "population": len(stratum),
                "rate": str(rate.quantize(Decimal("0.0001"))),
                "sample": size,
                "drawn": [f"{e.code}/{e.licence}" for e in drawn],
            }
        )
        for entity in drawn:
            recused = set(recusals.get(entity.code, []))
            eligible = [c for c in certs if c not in recused]
            chosen = sorted(
                eligible, key=lambda c: _key(inputs.seed, f"inspector|{entity.code}|{entity.licence}|{c}")
            )[: inputs.per_check]
            unstaffed = len(chosen) < inputs.per_check
            log.append(
                {
                    "step": "inspectors",
                    "entity": f"{entity.code}/{entity.licence}",
                    "recused": sorted(recused & set(certs)),
                    "eligible": len(eligible),
                    "drawn": [] if unstaffed else chosen,
                    "unstaffed": unstaffed,
                }
            )
            picks.append(Pick(entity, () if unstaffed else tuple(chosen), unstaffed))
    return DrawResult(picks, entity_digest, inspector_digest, log)
