"""Quality gates shared by the eval/ scripts: floors pinned per gold set in
eval/baseline.json, with the data's digest and the model they were measured with.

A change may raise a floor (``--write-baseline``), never lower one or re-pin it to other
data or another model silently (that takes ``--allow-lower``).  Figures are compared
truncated to 0.001: no tolerance below a floor.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def floor3(x: float) -> float:
    """Rounded down to 0.001 (the precision floors are kept at)."""
    return round(math.floor(x * 1000 + 1e-9) / 1000, 3)


def load_baseline(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text("utf-8"))) if path.is_file() else {}


def check_floors(
    entry: dict[str, Any] | None, figs: dict[str, float], digest: str, model: str, *, gold_set: str
) -> list[str]:
    """Problems that make ``--check`` fail; empty when every floor is met."""
    if not entry:
        return [f"eval/baseline.json pins no floors for {gold_set}: run --write-baseline"]
    problems = []
    if entry.get("sha256") != digest:
        problems.append(
            f"the floors were pinned on data with sha256 {entry.get('sha256')}, this data has "
            f"{digest}: they do not apply (re-pin with --write-baseline --allow-lower)"
        )
    if entry.get("model") != model:
        problems.append(
            f"the floors were pinned with model {entry.get('model')}, this run used {model}: "
            "they do not apply (use that model, or re-pin with --write-baseline --allow-lower)"
        )
    for key, floor in entry.get("floors", {}).items():
        if key not in figs:
            problems.append(f"unknown figure {key!r} in eval/baseline.json")
        elif floor3(figs[key]) < floor - 1e-12:
            problems.append(f"{key} = {figs[key]:.4f} is below its floor {floor:.3f}")
    return problems


def updated_baseline(
    current: dict[str, Any],
    figs: dict[str, float],
    digest: str,
    model: str,
    *,
    gold_set: str,
    figures: Sequence[str],
    allow_lower: bool,
    error: type[Exception],
) -> tuple[dict[str, Any], list[str]]:
    """The baseline with ``gold_set``'s floors set to ``figs`` (rounded down) and what
    changed; every other gold set's entry is kept as it is.  Raises ``error`` rather than
    lower a floor or re-pin, unless allowed."""
    old = current.get(gold_set) or {}
    new_floors = {k: floor3(figs[k]) for k in figures}
    notes: list[str] = []
    blockers: list[str] = []
    if old and (old.get("sha256"), old.get("model")) != (digest, model):
        blockers.append(
            f"re-pin {gold_set} from (sha256 {str(old.get('sha256'))[:12]}…, {old.get('model')}) "
            f"to (sha256 {digest[:12]}…, {model})"
        )
    floors = dict(old.get("floors", {})) if old and not blockers else {}
    for k, v in new_floors.items():
        was = floors.get(k)
        if was is not None and v < was - 1e-12:
            blockers.append(f"lower {k} from {was:.3f} to {v:.3f}")
        if was != v:
            notes.append(f"{k}: {'-' if was is None else f'{was:.3f}'} → {v:.3f}")
        floors[k] = v
    if blockers and not allow_lower:
        raise error("refusing to " + "; ".join(blockers) + " (pass --allow-lower to do it on purpose)")
    out = dict(current)
    out[gold_set] = {"sha256": digest, "model": model, "floors": floors}
    return out, notes or ["floors unchanged"]


def apply(
    args: Any,
    figs: dict[str, float],
    digest: str,
    model: str,
    *,
    gold_set: str,
    figures: Sequence[str],
    error: type[Exception] = ValueError,
) -> int:
    """The ``--write-baseline`` and ``--check`` steps every eval script ends with: 0, or 1
    when a floor is not met.  ``args`` carries ``baseline``, ``write_baseline``, ``check``
    and ``allow_lower`` (the scripts' shared options)."""
    import sys

    status = 0
    if args.write_baseline:
        new, notes = updated_baseline(
            load_baseline(args.baseline),
            figs,
            digest,
            model,
            gold_set=gold_set,
            figures=figures,
            allow_lower=args.allow_lower,
            error=error,
        )
        args.baseline.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.baseline}: " + "; ".join(notes))
    if args.check:
        entry = load_baseline(args.baseline).get(gold_set)
        problems = check_floors(entry, figs, digest, model, gold_set=gold_set)
        if problems:
            for p in problems:
                print(f"FAIL: {p}", file=sys.stderr)
            status = 1
        else:
            floors = entry["floors"] if entry else {}
            print("check passed: " + ", ".join(f"{k} {figs[k]:.4f} ≥ {v:.3f}" for k, v in floors.items()))
    return status
