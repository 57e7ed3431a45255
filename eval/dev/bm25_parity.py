"""Scores the token lists written by eval/dev/bm25-parity.ts with rank_bm25.BM25Okapi (the peer the harness's BM25
baseline reimplements) and prints the largest absolute and relative difference from the TypeScript scores."""
import json
import sys

from rank_bm25 import BM25Okapi

data = json.load(open(sys.argv[1]))
bm25 = BM25Okapi(data["corpus"])
worst_abs = worst_rel = 0.0
for query, ours in zip(data["queries"], data["scores"]):
    theirs = bm25.get_scores(query)
    for a, b in zip(ours, theirs):
        worst_abs = max(worst_abs, abs(a - b))
        worst_rel = max(worst_rel, abs(a - b) / max(abs(b), 1e-9))
print(f"rank-bm25 parity: {len(data['queries'])} queries x {len(data['corpus'])} documents, "
      f"max |diff| {worst_abs:.2e}, max relative {worst_rel:.2e}")
sys.exit(0 if worst_rel < 1e-9 or worst_abs < 1e-9 else 1)
