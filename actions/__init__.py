"""Thin rasa-sdk actions: read the tracker, ask knowledge.query, render text and payload."""
