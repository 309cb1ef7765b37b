"""The widget's labels come from the wording catalogue and are written into widget.js when it is
served: every label the script reads exists in both languages, and the file itself has none."""

import json
import re
import shutil
import subprocess
from pathlib import Path

from bot.channels.widget import ASSETS, WIDGET_LABELS, widget_labels, widget_script

SOURCE = (ASSETS / "widget.js").read_text(encoding="utf-8")


def test_every_label_the_script_reads_is_in_the_catalogue_in_both_languages():
    used = set(re.findall(r"""\bt\("(\w+)"\)""", SOURCE))
    assert len(used) > 60
    for lang in ("zh", "en"):
        labels = widget_labels(lang)
        assert used <= set(labels), sorted(used - set(labels))
        assert all(
            isinstance(value, str) and value for key, value in labels.items() if key not in ("starters", "kinds")
        )
    assert widget_labels("zh")["switchLang"] == "English" and widget_labels("en")["switchLang"] == "中文"
    assert len(widget_labels("en")["starters"]) == 3
    assert set(widget_labels("zh")["kinds"]) == set(widget_labels("en")["kinds"]) >= {"id", "phone", "card", "email"}


def test_the_file_has_no_labels_of_its_own_and_the_served_script_has_them():
    assert SOURCE.count(WIDGET_LABELS) == 1 and "社保咨询" not in SOURCE
    served = widget_script().decode("utf-8")
    assert WIDGET_LABELS not in served
    start = served.index("var TEXT = ") + len("var TEXT = ")
    text, _ = json.JSONDecoder().raw_decode(served[start:])
    assert text == {"zh": widget_labels("zh"), "en": widget_labels("en")}
    assert text["zh"]["launcher"] == "社保咨询" and text["en"]["launcher"] == "Ask us"


def test_the_served_script_is_valid_javascript(tmp_path):
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js not found: run scripts/services.sh (Debian package 'nodejs')"
    script = tmp_path / "widget.js"
    script.write_bytes(widget_script())
    result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_the_repository_copy_is_not_served_raw():
    assert Path(ASSETS / "widget.js").read_bytes() != widget_script()
