"""Train the Rasa model only when what it is trained from has changed.

    python -m offline.train [--force]

The fingerprint covers data/, config.yml, domain.yml, the spaCy pipeline's gazetteer and the code
of the custom pipeline components (bot/nlp, knowledge/textnorm.py); the
model is written to models/current.tar.gz (or $SHEBAO_MODEL) with the fingerprint beside it.
"""

import argparse
import hashlib
import os
import sys
from pathlib import Path

import settings
from settings import PROJECT_ROOT

# TensorFlow's default thread pools (one per core, for inter- and intra-op work) fight each other
# and the other processes on this 2-core machine: fixed small pools trained DIET about a quarter
# faster (reports/nlu/method.md). Explicit settings in the environment win.
TF_THREADS = {"TF_INTER_OP_PARALLELISM_THREADS": "1", "TF_INTRA_OP_PARALLELISM_THREADS": "2"}
# SHEBAO_MODEL lets a second checkout or a parallel test run keep its own model file.
MODEL = settings.get().model
STAMP = MODEL.with_name(MODEL.name.replace(".tar.gz", "") + ".fingerprint")
INPUTS = (
    "data",
    "config.yml",
    "domain.yml",
    "build/spacy_zh/tokenizer",
    "build/spacy_zh/entity_ruler",
    "bot/nlp",
    "knowledge/textnorm.py",
)


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        path = root / name
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            if path.is_dir()
            else [path]
        )
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes() if file.exists() else b"<missing>")
    return digest.hexdigest()


def is_current() -> bool:
    return MODEL.exists() and STAMP.exists() and STAMP.read_text().strip() == fingerprint()


def train(force: bool = False) -> Path:
    if not force and is_current():
        print(f"model is up to date: {MODEL}")
        return MODEL
    for name, value in TF_THREADS.items():
        os.environ.setdefault(name, value)
    from rasa.api import train as rasa_train

    stamp = fingerprint()
    result = rasa_train(
        domain=str(PROJECT_ROOT / "domain.yml"),
        config=str(PROJECT_ROOT / "config.yml"),
        training_files=[str(PROJECT_ROOT / "data")],
        output=str(MODEL.parent),
        fixed_model_name=MODEL.name.replace(".tar.gz", ""),
        force_training=True,
    )
    if result.code != 0 or not MODEL.exists():
        raise SystemExit(f"training failed (exit code {result.code})")
    STAMP.write_text(stamp)
    return MODEL


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    print(f"model: {train(args.force)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
