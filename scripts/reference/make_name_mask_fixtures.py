#!/usr/bin/env python3
"""Writes Tests/PersonaKitTests/Fixtures/name_mask.json: texts written for this project, masked by the
Python twin of NameMask (Benchmarks/persona-pairs/name_mask.py), so the Swift test checks that both
sides mask alike (the pair benchmarks and the field-model fit run in Python).

    python3 scripts/reference/make_name_mask_fixtures.py
"""
import json, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Benchmarks/persona-pairs"))
from name_mask import NameMask, TOKEN  # noqa: E402

CASES = [
    ("Heitor Elkayam", None, "Heitor Elkayam is a home health aide. Heitor loves it; Elkayam rarely rests."),
    ("Mary-Jane Ode Okafor", "mj_okafor", "Mary-Jane's shop; Okafor’s van; Ode's dog. Follow @mj_okafor or MJ_OKAFOR."),
    ("James Voss", None, "James' boat and Voss's car, near the James River."),
    ("Lucía Ibáñez", "lucia.ib", "LUCIA IBANEZ, or lucía, met Luciano at lucia.ib."),
    ("Hope Rich", None, "Hope Rich never gives up hope and is not rich. Rich sings; Hope-Rich is a duo."),
    ("Will Grace", "will_g", "Will will grace the stage; Grace says will_g."),
    ("O'Brien Søren", None, "O’Brien and Søren are one: Soren O'Brien, or SØREN."),
    ("Nguyễn Thị Mai", "mai.nguyen", "Nguyen Thi Mai (Mai) sells phở; Nguyễn's stall opens at six."),
    ("J. R. Okoro", None, "J. R. Okoro, a pilot. R is a letter; Okoro's plane."),
    ("Ann Li", None, "Anna Lin annotates annual reports; Ann and Li do not."),
    ("Tariq Dumont", "tdumont", "Tariq Dumont."),
    ("", None, "No name at all here."),
    ("Person 12", "user12", "Item 12 of a set; ask user12 or Person."),
]

out = {"token": TOKEN, "cases": [{"name": n, "username": u, "text": t, "masked": NameMask(n, u).apply(t)} for n, u, t in CASES]}
path = os.path.join(ROOT, "Tests/PersonaKitTests/Fixtures/name_mask.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
    f.write("\n")
for case in out["cases"]:
    print(case["masked"])
