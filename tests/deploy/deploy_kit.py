"""HTTP helpers for tests/deploy (a module of its own: `conftest` is not importable by name)."""

from http_kit import Chat, get, post

__all__ = ["Chat", "get", "post"]
