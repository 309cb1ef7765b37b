"""The YAML sources declared as pydantic (v1) models, one module per kind of source."""
