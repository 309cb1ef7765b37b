"""Presentation layer: the wording catalogue (zh, en), formatting, and the typed payload schema.

Depends on the assistant and knowledge layers only; adapters (actions, channels, the staff
console) call it. See docs/architecture.md.
"""
