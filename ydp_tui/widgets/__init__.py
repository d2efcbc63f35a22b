"""Reusable widgets: the top bar, form fields built from FieldSpecs, paged tables, dialogs."""
