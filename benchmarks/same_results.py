#!/usr/bin/env python3
"""Whether a change kept what training computes: compares the results of two runs of the same
declarations, experiment by experiment (gradient_flow.csv, summary.csv, test_summary.csv), and
prints ALL IDENTICAL or what differs. Timing columns (seconds, images_per_sec) are left out, as are
columns and gradient-flow statistics the earlier run did not record (they are counted).

    python3 benchmarks/same_results.py BEFORE/target/vgp-quick AFTER/target/vgp-quick

Used for issue 20's refactors: the Fashion-MNIST quick profile before and after (docs/DESIGN.md).
"""
import csv, sys, os
base, after = sys.argv[1], sys.argv[2]
ids = sorted(d for d in os.listdir(base) if os.path.isdir(os.path.join(base, d)) and not d.startswith('.'))
ok = True
for i in ids:
    for name in ["gradient_flow.csv", "summary.csv", "test_summary.csv"]:
        a = list(csv.reader(open(os.path.join(base, i, name))))
        b = list(csv.reader(open(os.path.join(after, i, name))))
        note = ""
        if name == "summary.csv":
            keep = [c for c in a[0] if c not in ("seconds", "images_per_sec")]
            new = [c for c in b[0] if c not in a[0]]
            a = [[r[a[0].index(c)] for c in keep] for r in a]
            b = [[r[b[0].index(c)] for c in keep] for r in b]
            note = f"(new columns left out: {len(new)})"
        if name == "gradient_flow.csv":
            stat = a[0].index("statistic")
            stats = {r[stat] for r in a[1:]}
            extra = [r for r in b[1:] if r[stat] not in stats]
            b = [b[0]] + [r for r in b[1:] if r[stat] in stats]
            note = f"(rows of new statistics left out: {len(extra)})"
        same = a == b
        ok &= same
        print(f"{i:20s} {name:18s} rows {len(a)-1:4d} {'identical' if same else 'DIFFERENT'} {note}")
print("ALL IDENTICAL" if ok else "DIFFERENCES FOUND")
