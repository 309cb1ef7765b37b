"""The project's own tables (feedback, hand-off requests, staff accounts, review marks).

Separate from the knowledge base (which is rebuilt from YAML at will) because this data must
survive upgrades: its schema is managed by Alembic migrations (bot/store/migrations).
"""
