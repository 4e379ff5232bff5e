"""Learn advisor/evidence/describe_model.json, the model of advisor.evidence.learned.

Usage: ``python bench/train_describe_model.py [--leave-out SET.yaml ...] [--out PATH]``

It trains on every hand-labelled description of ``bench/describe_cases*.yaml``
and of the table of tests/test_describe.py, except the sets left out (those kept
unseen, to measure the model on: by default :data:`UNSEEN`). One softmax
regression per yes/no and choice fact (scikit-learn's ``LogisticRegression``,
L2, ``C`` = :data:`C`; deterministic) over tf-idf of the words and word pairs
that :func:`advisor.evidence.learned.features` reads; weights under
:data:`PRUNE` are dropped, which keeps the file small and changes no proposal on
the labelled sets. scikit-learn is needed only here (``pip install
scikit-learn``); the advisor reads the model with the standard library.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.evidence.describe_words import normalise  # noqa: E402
from advisor.evidence.learned import features  # noqa: E402
from advisor.facts import VOCABULARY  # noqa: E402

#: The sets kept out of training: unseen, for measuring the model.
UNSEEN = ("describe_cases_holdout39.yaml", "describe_cases_holdout40.yaml",
          "describe_cases_holdout41.yaml", "describe_cases_holdout42.yaml",
          "describe_cases_holdout43.yaml", "describe_cases_holdout44.yaml",
          "describe_cases_holdout45.yaml", "describe_cases_holdout46.yaml")
C = 32.0
PRUNE = 0.5
MIN_DF = 2


def labelled(leave_out: set[str]) -> tuple[list[tuple[str, dict[str, object]]], list[str]]:
    """The labelled descriptions, and the names of the sets they come from."""
    cases: list[tuple[str, dict[str, object]]] = []
    names = []
    for path in sorted((ROOT / "bench").glob("describe_cases*.yaml")):
        if path.name in leave_out:
            continue
        names.append(path.name)
        cases += [(case["text"], case["facts"] or {})
                  for case in yaml.safe_load(path.read_text("utf-8"))["cases"]]
    from tests.test_describe import test_proposals

    names.append("tests/test_describe.py")
    cases += [(text, dict(facts)) for text, facts in test_proposals.pytestmark[0].args[1]]
    return cases, names


def train(cases: list[tuple[str, dict[str, object]]], *, c: float = C,
          prune: float = PRUNE) -> dict[str, object]:
    import numpy
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counted = [{f: found[0] for f, found in features(normalise(text)[0]).items()}
               for text, _ in cases]
    df: dict[str, int] = {}
    for row in counted:
        for feature in row:
            df[feature] = df.get(feature, 0) + 1
    vocabulary = sorted(f for f, n in df.items() if n >= MIN_DF)
    column = {f: i for i, f in enumerate(vocabulary)}
    n = len(cases)
    idf = [math.log((1 + n) / (1 + df[f])) + 1.0 for f in vocabulary]
    data, rows, cols = [], [], []
    for r, row in enumerate(counted):
        values = {column[f]: (1.0 + math.log(c)) * idf[column[f]]
                  for f, c in row.items() if f in column}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        for col, value in values.items():
            rows.append(r)
            cols.append(col)
            data.append(value / norm)
    matrix = csr_matrix((data, (rows, cols)), shape=(n, len(vocabulary)))
    facts: dict[str, object] = {}
    kept: set[int] = set()
    for name, spec in VOCABULARY.items():
        if spec.kind not in ("bool", "choice"):
            continue
        labels = [json.dumps(facts_.get(name)) for _, facts_ in cases]
        if len(set(labels)) < 2:
            continue
        model = LogisticRegression(C=c, max_iter=5000).fit(matrix, labels)
        classes = [json.loads(label) for label in model.classes_]
        weights = model.coef_ if len(classes) > 2 else numpy.vstack(
            [-model.coef_[0] / 2, model.coef_[0] / 2])
        bias = model.intercept_ if len(classes) > 2 else numpy.array(
            [-model.intercept_[0] / 2, model.intercept_[0] / 2])
        table = {}
        for index in numpy.nonzero(numpy.abs(weights).max(axis=0) >= prune)[0]:
            table[vocabulary[index]] = [round(float(w), 4) for w in weights[:, index]]
            kept.add(int(index))
        facts[name] = {"classes": classes, "bias": [round(float(b), 4) for b in bias],
                       "weights": table}
    return {"trained_on": n, "idf": {vocabulary[i]: round(idf[i], 4) for i in sorted(kept)},
            "facts": facts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leave-out", nargs="*", default=list(UNSEEN))
    parser.add_argument("--c", type=float, default=C, help="the inverse of the L2 penalty")
    parser.add_argument("--prune", type=float, default=PRUNE, help="drop smaller weights")
    parser.add_argument("--out", type=Path,
                        default=ROOT / "advisor" / "evidence" / "describe_model.json")
    args = parser.parse_args()
    cases, names = labelled(set(args.leave_out))
    model = {**train(cases, c=args.c, prune=args.prune), "sets": names}
    args.out.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n",
                        "utf-8")
    print(f"{args.out}: {model['trained_on']} descriptions, {len(model['idf'])} features, "
          f"{len(model['facts'])} facts")


if __name__ == "__main__":
    main()
