"""Run the conversation tests through `rasa test core` with the real model.

test_stories.yml: region memory, follow-ups, fallback, hand-off.
forms_stories.yml: the calculator forms, with corrections and leaving half-way.
"""

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.mark.slow
@pytest.mark.parametrize("stories", ["test_stories.yml", "forms_stories.yml"])
def test_conversation_stories_pass(trained_model, tmp_path, stories):
    rasa = Path(sys.executable).parent / "rasa"
    result = subprocess.run(
        [
            str(rasa),
            "test",
            "core",
            "--model",
            trained_model,
            "--stories",
            str(HERE / stories),
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
        ],
        cwd=HERE.parents[1],
        capture_output=True,
        text=True,
        timeout=600,
    )
    failed = tmp_path / "failed_test_stories.yml"
    report = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert result.returncode == 0, report or (result.stdout[-3000:] + result.stderr[-3000:])
    assert "None of the test stories failed" in report
