"""Build ``cameo.json``: every CAMEO event code with its name, Goldstein value and PLOVER coding.

    CAMEO2PLOVER-2021.txt (PLOVER repo)  ─► plover {type, mode, context}, description
    GDELT CAMEO.eventcodes.txt (names)   ─► name      (embedded below: 01/02 and root names)
    GDELT CAMEO.goldsteinscale.txt       ─► goldstein (embedded below, as published)
                                          ─► cameo.json

Run from the repo root (the PLOVER table is read from the shared data, never downloaded):

    .venv/bin/python src/dateline/nlp/data/build_cameo.py /work/shared/data/plover/CAMEO2PLOVER-2021.txt

Decisions (PLOVER manual, "CAMEO to PLOVER translation", note 2 asks that they be documented):
  * CAMEO 01 (statements) stays dropped: ``plover`` is null and the stage emits no event for it.
  * CAMEO 02 (appeals) is dropped by PLOVER; dateline codes it REQUEST with the mode and
    context of the matching 10x demand code (021 ~ 101, 024 ~ 104, ...), so "urged", "called
    for" are REQUEST events as in the PLOVER gold records.
  * A code the Goldstein table does not list (1213, 1214) takes its parent's value; the
    entry then names that parent in ``goldstein_from``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# GDELT lookups/CAMEO.goldsteinscale.txt, verbatim values (code, value).
# fmt: off
GOLDSTEIN = """
01 0.0|010 0.0|011 -0.1|012 -0.4|013 0.4|014 0.0|015 0.0|016 -2.0|017 0.0|018 3.4|019 3.4|
02 3.0|020 3.0|021 3.4|0211 3.4|0212 3.4|0213 3.4|0214 3.4|022 3.2|023 3.4|0231 3.4|0232 3.4|
0233 3.4|0234 3.4|024 -0.3|0241 -0.3|0242 -0.3|0243 -0.3|0244 -0.3|025 -0.3|0251 -0.3|
0252 -0.3|0253 -0.3|0254 -0.3|0255 -0.3|0256 -0.3|026 4.0|027 4.0|028 4.0|
03 4.0|030 4.0|031 5.2|0311 5.2|0312 5.2|0313 5.2|0314 5.2|032 4.5|033 5.2|0331 5.2|0332 5.2|
0333 5.2|0334 6.0|034 7.0|0341 7.0|0342 7.0|0343 7.0|0344 7.0|035 7.0|0351 7.0|0352 7.0|
0353 7.0|0354 7.0|0355 7.0|0356 7.0|036 4.0|037 5.0|038 7.0|039 5.0|
04 1.0|040 1.0|041 1.0|042 1.9|043 2.8|044 2.5|045 5.0|046 7.0|
05 3.5|050 3.5|051 3.4|052 3.5|053 3.8|054 6.0|055 7.0|056 7.0|057 8.0|
06 6.0|060 6.0|061 6.4|062 7.4|063 7.4|064 7.0|
07 7.0|070 7.0|071 7.4|072 8.3|073 7.4|074 8.5|075 7.0|
08 5.0|080 5.0|081 5.0|0811 5.0|0812 5.0|0813 5.0|0814 5.0|082 5.0|083 5.0|0831 5.0|0832 5.0|
0833 5.0|0834 5.0|084 7.0|0841 7.0|0842 7.0|085 7.0|086 9.0|0861 9.0|0862 9.0|0863 9.0|
087 9.0|0871 9.0|0872 9.0|0873 9.0|0874 10.0|
09 -2.0|090 -2.0|091 -2.0|092 -2.0|093 -2.0|094 -2.0|
10 -5.0|100 -5.0|101 -5.0|1011 -5.0|1012 -5.0|1013 -5.0|1014 -5.0|102 -5.0|103 -5.0|1031 -5.0|
1032 -5.0|1033 -5.0|1034 -5.0|104 -5.0|1041 -5.0|1042 -5.0|1043 -5.0|1044 -5.0|105 -5.0|
1051 -5.0|1052 -5.0|1053 -5.0|1054 -5.0|1055 -5.0|1056 -5.0|106 -5.0|107 -5.0|108 -5.0|
11 -2.0|110 -2.0|111 -2.0|112 -2.0|1121 -2.0|1122 -2.0|1123 -2.0|1124 -2.0|1125 -2.0|113 -2.0|
114 -2.0|115 -2.0|116 -2.0|
12 -4.0|120 -4.0|121 -4.0|1211 -4.0|1212 -4.0|122 -4.0|1221 -4.0|1222 -4.0|1223 -4.0|1224 -4.0|
123 -4.0|1231 -4.0|1232 -4.0|1233 -4.0|1234 -4.0|124 -4.0|1241 -4.0|1242 -4.0|1243 -4.0|
1244 -4.0|1245 -4.0|1246 -4.0|125 -5.0|126 -5.0|127 -5.0|128 -5.0|129 -5.0|
13 -6.0|130 -4.4|131 -5.8|1311 -5.8|1312 -5.8|1313 -5.8|132 -5.8|1321 -5.8|1322 -5.8|1323 -5.8|
1324 -5.8|133 -5.8|134 -5.8|135 -5.8|136 -7.0|137 -7.0|138 -7.0|1381 -7.0|1382 -7.0|
1383 -7.0|1384 -7.0|1385 -7.0|139 -7.0|
14 -6.5|140 -6.5|141 -6.5|1411 -6.5|1412 -6.5|1413 -6.5|1414 -6.5|142 -6.5|1421 -6.5|1422 -6.5|
1423 -6.5|1424 -6.5|143 -6.5|1431 -6.5|1432 -6.5|1433 -6.5|1434 -6.5|144 -7.5|1441 -7.5|
1442 -7.5|1443 -7.5|1444 -7.5|145 -7.5|1451 -7.5|1452 -7.5|1453 -7.5|1454 -7.5|
15 -7.2|150 -7.2|151 -7.2|152 -7.2|153 -7.2|154 -7.2|
16 -4.0|160 -4.0|161 -4.0|162 -5.6|1621 -5.6|1622 -5.6|1623 -5.6|163 -8.0|164 -7.0|165 -6.5|
166 -7.0|1661 -7.0|1662 -7.0|1663 -7.0|
17 -7.0|170 -7.0|171 -9.2|1711 -9.2|1712 -9.2|172 -5.0|1721 -5.0|1722 -5.0|1723 -5.0|
1724 -5.0|173 -5.0|174 -5.0|175 -9.0|
18 -9.0|180 -9.0|181 -9.0|182 -9.5|1821 -9.0|1822 -9.0|1823 -10.0|183 -10.0|1831 -10.0|
1832 -10.0|1833 -10.0|184 -8.0|185 -8.0|186 -10.0|
19 -10.0|190 -10.0|191 -9.5|192 -9.5|193 -10.0|194 -10.0|195 -10.0|196 -9.5|
20 -10.0|200 -10.0|201 -9.5|202 -10.0|203 -10.0|204 -10.0|2041 -10.0|2042 -10.0
"""

# GDELT lookups/CAMEO.eventcodes.txt: the codes CAMEO2PLOVER does not describe (01, 02, roots).
NAMES = {
    "01": "Make public statement", "010": "Make statement, not specified below",
    "011": "Decline comment", "012": "Make pessimistic comment", "013": "Make optimistic comment",
    "014": "Consider policy option", "015": "Acknowledge or claim responsibility",
    "016": "Deny responsibility", "017": "Engage in symbolic act", "018": "Make empathetic comment",
    "019": "Express accord", "02": "Appeal", "020": "Appeal, not specified below",
    "021": "Appeal for material cooperation, not specified below",
    "0211": "Appeal for economic cooperation", "0212": "Appeal for military cooperation",
    "0213": "Appeal for judicial cooperation", "0214": "Appeal for intelligence",
    "022": "Appeal for diplomatic cooperation, such as policy support",
    "023": "Appeal for aid, not specified below", "0231": "Appeal for economic aid",
    "0232": "Appeal for military aid", "0233": "Appeal for humanitarian aid",
    "0234": "Appeal for military protection or peacekeeping",
    "024": "Appeal for political reform, not specified below",
    "0241": "Appeal for change in leadership", "0242": "Appeal for policy change",
    "0243": "Appeal for rights", "0244": "Appeal for change in institutions, regime",
    "025": "Appeal to yield", "0251": "Appeal for easing of administrative sanctions",
    "0252": "Appeal for easing of popular dissent", "0253": "Appeal for release of persons or property",
    "0254": "Appeal for easing of economic sanctions, boycott, or embargo",
    "0255": "Appeal for target to allow international involvement (non-mediation)",
    "0256": "Appeal for de-escalation of military engagement",
    "026": "Appeal to others to meet or negotiate", "027": "Appeal to others to settle dispute",
    "028": "Appeal to others to engage in or accept mediation",
    "03": "Express intent to cooperate", "04": "Consult", "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation", "07": "Provide aid", "08": "Yield",
    "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten",
    "14": "Protest", "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce",
    "18": "Assault", "19": "Fight", "20": "Use unconventional mass violence",
}
# The 10x demand code whose PLOVER mode/context an 02x appeal takes.
APPEAL_AS_DEMAND = {
    "02": "10", "020": "100", "021": "101", "0211": "1011", "0212": "1012", "0213": "1013",
    "0214": "1014", "022": "102", "023": "103", "0231": "1031", "0232": "1032", "0233": "1033",
    "0234": "1034", "024": "104", "0241": "1041", "0242": "1042", "0243": "1043", "0244": "1044",
    "025": "105", "0251": "1051", "0252": "1052", "0253": "1053", "0254": "1054", "0255": "1055",
    "0256": "1056", "026": "106", "027": "107", "028": "108",
}
# fmt: on
_LINE = re.compile(r"^(\d{2,4}):\s*([^#]*?)\s*(?:#\s*(.*))?$")


def _plover(fields: str) -> dict | None:
    parts = [p.strip() for p in fields.split(",")]
    if not parts or not parts[0]:
        return None
    mode = parts[1].strip() if len(parts) > 1 and parts[1].strip() else None
    context = [c.strip() for c in parts[2].split(";") if c.strip()] if len(parts) > 2 else []
    return {"type": parts[0], "mode": mode, "context": context}


def build(c2p_path: Path) -> dict:
    gold = dict(item.split() for item in GOLDSTEIN.replace("\n", "").split("|") if item.strip())
    codes: dict[str, dict] = {}
    roots: dict[str, str] = {}
    for line in c2p_path.read_text("utf-8").splitlines():
        m = _LINE.match(line.strip())
        if not m:
            continue
        code, fields, desc = m.group(1), m.group(2), (m.group(3) or "").strip()
        if len(code) == 2:  # "08: RETREAT": a root heading, its type is the children's
            roots.setdefault(code, fields.strip())
            continue
        if code in codes:  # 175 is listed twice with the same coding
            continue
        codes[code] = {"name": desc.split("  ")[0].strip() or NAMES.get(code), "plover": _plover(fields)}
    for root, ptype in roots.items():
        codes.setdefault(
            root, {"name": NAMES.get(root), "plover": {"type": ptype, "mode": None, "context": []}}
        )
    for code, name in NAMES.items():
        if code in codes:
            continue
        plover = None
        if code in APPEAL_AS_DEMAND:
            demand = codes[APPEAL_AS_DEMAND[code]]["plover"]
            plover = dict(demand, context=list(demand["context"])) if demand else None
        codes[code] = {"name": name, "plover": plover}
    out = {}
    for code in sorted(codes, key=lambda c: (c[:2], c)):
        entry = codes[code]
        parent = code
        while parent not in gold and len(parent) > 2:
            parent = parent[:-1]
        entry["goldstein"] = float(gold[parent]) if parent in gold else None
        if parent != code:
            entry["goldstein_from"] = parent
        out[code] = entry
    return out


def main(argv: list[str]) -> None:
    src = Path(argv[1] if len(argv) > 1 else "/work/shared/data/plover/CAMEO2PLOVER-2021.txt")
    codes = build(src)
    doc = {
        "_source": (
            "PLOVER coding: CAMEO2PLOVER-2021.txt (github.com/openeventdata/PLOVER, CC BY-SA 4.0); "
            "Goldstein values: GDELT lookups/CAMEO.goldsteinscale.txt; names: CAMEO2PLOVER descriptions, "
            "else GDELT lookups/CAMEO.eventcodes.txt. CAMEO 01 has no PLOVER type (dropped); CAMEO 02 "
            "(dropped by PLOVER) is coded REQUEST like its 10x demand code. Built by build_cameo.py."
        ),
        "codes": codes,
    }
    dest = Path(__file__).with_name("cameo.json")
    dest.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"{dest}: {len(codes)} codes")


if __name__ == "__main__":
    main(sys.argv)
