"""Persistence: tables, migrations and the on-disk archive. Imports no stage."""
