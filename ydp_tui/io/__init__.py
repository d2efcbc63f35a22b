"""Spreadsheet import/export (CSV in UTF-8/UTF-8 BOM/CP949, XLSX) and report renderers."""

# KIND → module implementing it (``COLUMNS``, ``import_file``, ``export_file``).  A new kind adds
# one line here; the CLI's ``import``/``export`` commands and the screens read this table.
KINDS: dict[str, str] = {
    "seekers": "ydp_tui.io.seekers",
    "subsidy": "ydp_tui.io.subsidy",
    "public-work": "ydp_tui.io.public_work",
    "employers": "ydp_tui.io.employers",
    "vacancies": "ydp_tui.io.vacancies",
    "referrals": "ydp_tui.io.referrals",
}
