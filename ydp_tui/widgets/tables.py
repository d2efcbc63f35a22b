"""DataTable helpers: the key of the row under the cursor, and putting the cursor back on a row
after the table was filled again."""

from __future__ import annotations

from textual.widgets import DataTable


def current_key(table: DataTable) -> str | None:
    if table.row_count == 0:
        return None
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


def move_to_key(table: DataTable, key: str | None) -> None:
    """Cursor on the row ``key`` if it is still there; otherwise it stays where it is."""
    if key is None:
        return
    try:
        table.move_cursor(row=table.get_row_index(key), animate=False)
    except Exception:  # noqa: BLE001 - the row is gone (filtered out): stay
        pass
