"""bot/widget/widget.js's port of the masking rules, run by Node on a list of texts."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import List

WIDGET = Path(__file__).resolve().parents[2] / "bot" / "widget" / "widget.js"


def widget_kinds(texts: List[str], workdir: Path) -> List[List[str]]:
    """The kinds of personal data the widget's warning sees in each text."""
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js not found: run scripts/services.sh (Debian package 'nodejs')"
    source = WIDGET.read_text()
    begin = source.index("// ---------------------------------------------------------------- personal data")
    block = source[begin : source.index("// (privacy:end)")]
    cases, script = workdir / "cases.json", workdir / "check.js"
    cases.write_text(json.dumps(texts, ensure_ascii=False))
    script.write_text(
        block + "\nconst texts = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));\n"
        "process.stdout.write(JSON.stringify(texts.map((t) => Privacy(t))));\n"
    )
    result = subprocess.run([node, str(script), str(cases)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
