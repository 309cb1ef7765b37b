"""The knowledge layer: sourced YAML compiled into a database, and a small read API.

Actions, the channels, the staff console and the calculators all read through knowledge.query;
nothing outside this package touches the database tables.
"""
