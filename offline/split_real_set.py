"""Copy a public real-question set into eval/ split into a tune part and a fixed 30% hold-out.

    python -m offline.split_real_set SOURCE.tsv eval/real_questions_b --salt shebao-holdout-b-v1

Within each stratum (language × kind), the 30% of questions with the lowest
sha256(salt + ":" + question) form the hold-out part. The split depends on nothing but the text,
so it is fixed before anyone looks at the rows and reproducible by anyone.
"""

import argparse
import csv
import hashlib
from collections import defaultdict
from pathlib import Path

HOLDOUT_SHARE = 0.3


def split(rows: list, salt: str, share: float = HOLDOUT_SHARE) -> tuple:
    """(tune, holdout) lists of rows, each in the source's order."""
    strata = defaultdict(list)
    for index, row in enumerate(rows):
        strata[(row["lang"], row.get("kind", ""))].append(index)
    held = set()
    for indices in strata.values():
        ranked = sorted(indices, key=lambda i: hashlib.sha256(f"{salt}:{rows[i]['question']}".encode()).hexdigest())
        held.update(ranked[: round(share * len(indices))])
    return [r for i, r in enumerate(rows) if i not in held], [r for i, r in enumerate(rows) if i in held]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--salt", required=True)
    args = parser.parse_args(argv)
    with open(args.source, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        fields, rows = reader.fieldnames, list(reader)
    args.folder.mkdir(parents=True, exist_ok=True)
    for part, chosen in zip(("tune", "holdout"), split(rows, args.salt), strict=True):
        with open(args.folder / f"{part}.tsv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fields, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
            writer.writeheader()
            writer.writerows(chosen)
        print(f"{part}: {len(chosen)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
