"""`make eval`: NLU reports for the held-out sets into reports/nlu/.

Runs Rasa's own `rasa test nlu` (per-intent precision/recall/F1 in intent_report.json, the
confusion matrix and confidence histogram images), then the per-language accuracy of
bot.nlu_eval, and writes a short summary.md that the README quotes.
"""
import json
import subprocess
import sys
from pathlib import Path

from bot.nlu_eval import TEST_DIR, evaluate
from bot.train import MODEL
from knowledge.db import PROJECT_ROOT

OUT = PROJECT_ROOT / "reports" / "nlu"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    rasa = Path(sys.executable).parent / "rasa"
    subprocess.run([str(rasa), "test", "nlu", "--model", str(MODEL), "--nlu", str(TEST_DIR), "--out", str(OUT)],
                   cwd=PROJECT_ROOT, check=True)
    report = json.loads((OUT / "intent_report.json").read_text(encoding="utf-8"))
    by_lang = evaluate(str(MODEL))
    (OUT / "by_language.json").write_text(json.dumps(by_lang, ensure_ascii=False, indent=2), encoding="utf-8")
    lines = ["# NLU evaluation (held-out sets in tests/nlu)", "",
             "| language | examples | intent accuracy | would get 'did you mean' |", "|---|---|---|---|"]
    for lang, r in by_lang.items():
        lines.append(f"| {lang} | {r['examples']} | {r['accuracy']:.3f} | {r['fallback_rate']:.1%} |")
    lines += ["", f"Overall (Rasa): accuracy {report['accuracy']:.3f}, "
                  f"weighted F1 {report['weighted avg']['f1-score']:.3f}, "
                  f"macro F1 {report['macro avg']['f1-score']:.3f}", "",
              "| intent | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for intent, row in sorted(report.items()):
        if isinstance(row, dict) and "support" in row and intent not in ("macro avg", "weighted avg", "micro avg"):
            lines.append(f"| {intent} | {row['precision']:.2f} | {row['recall']:.2f} | {row['f1-score']:.2f} | "
                         f"{row['support']} |")
    (OUT / "summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:6]))
    print(f"reports written to {OUT.relative_to(PROJECT_ROOT)}/ (intent_report.json, intent_confusion_matrix.png, "
          "summary.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
