"""Build the spaCy pipeline (build/spacy_zh) from the knowledge base.

    python -m bot.nlp.build_pipeline [--out build/spacy_zh]

Region names and aliases, insurance types and schemes come from knowledge.lexicon, the one
lexicon the staff search reads too; they become jieba user words (so they are segmented as one
token) and entity-ruler patterns labelled region / insurance_type / scheme with the canonical id
as the pattern id. The names are in the normal form of knowledge.textnorm, which is what the
pipeline's TextNormalizer gives the entity ruler to read.
"""

import argparse
import hashlib
import json
import logging
from pathlib import Path

import spacy

from bot.nlp.tokenizer import TOKENIZER_NAME
from knowledge import lexicon
from settings import PROJECT_ROOT

DEFAULT_OUT = PROJECT_ROOT / "build" / "spacy_zh"
ENTITY_LABELS = ("region", "insurance_type", "scheme")


def gazetteer() -> list:
    """(label, alias, canonical id) for every name the entity ruler should recognise."""
    return sorted({(n.kind, n.surface, n.id) for n in lexicon.names(kinds=ENTITY_LABELS)})


def build_pipeline(out: Path = DEFAULT_OUT) -> Path:
    """Write the pipeline; leave an identical one untouched so the model is not retrained."""
    entries = gazetteer()
    stamp = hashlib.sha256(json.dumps(entries, ensure_ascii=False).encode()).hexdigest()
    stamp_file = out / "gazetteer.sha256"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return out
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    nlp.tokenizer.add_words(sorted({alias for _, alias, _ in entries if not alias.isascii()}))
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    ruler.add_patterns([{"label": label, "pattern": alias, "id": cid} for label, alias, cid in entries])
    nlp.meta["name"] = "shebao_zh"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = "blank zh + jieba with the domain dictionary + gazetteer entity ruler"
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    stamp_file.write_text(stamp)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    path = build_pipeline(args.out)
    print(f"spaCy pipeline written to {path} ({len(gazetteer())} gazetteer names)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
