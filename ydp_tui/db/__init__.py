"""The data layer: tables, engine, migrations and the services that are the only writers.

Importing this package pulls in SQLAlchemy; the TUI imports it lazily, in a worker, after
the first frame.
"""
