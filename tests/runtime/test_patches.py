"""The patches in bot.runtime were written against exact versions of Rasa, Sanic and jsonschema."""

import importlib
from importlib.metadata import version

import pytest

from bot.runtime import PATCHES, WRITTEN_FOR


@pytest.mark.parametrize("package", sorted(WRITTEN_FOR))
def test_installed_version_is_the_one_the_patches_were_written_for(package):
    assert version(package) == WRITTEN_FOR[package], f"re-check bot/runtime for {package} {version(package)}"


@pytest.mark.parametrize("module, target, why", PATCHES, ids=[p[1] for p in PATCHES])
def test_every_patched_attribute_exists_and_its_module_is_there(module, target, why):
    importlib.import_module(f"bot.runtime.{module}")
    path, _, attribute = target.partition(":")
    obj = importlib.import_module(path)
    for name in attribute.split("."):
        obj = getattr(obj, name)  # AttributeError: the patched internal is gone
    assert why
