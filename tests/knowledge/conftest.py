"""A private copy of the fixture knowledge base (tests/fixtures/kb) that a test may break."""

import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "kb"


@pytest.fixture
def kb_copy(tmp_path) -> Path:
    root = tmp_path / "sources"
    shutil.copytree(FIXTURE, root)
    return root
