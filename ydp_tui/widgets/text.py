"""Text measured in terminal cells (Hangul is two cells wide), never ``len()``."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size


def pad_cells(text: str, width: int) -> str:
    """Pad (or crop) to exactly ``width`` cells."""
    return set_cell_size(text, width)


def fit_cells(text: str, width: int) -> str:
    """Crop to at most ``width`` cells, marking a cut with '~' (no ambiguous-width ellipsis)."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(width - 1, 0)).rstrip() + "~"


def rjust_cells(text: str, width: int) -> str:
    """Right-align in ``width`` cells (cropped when longer)."""
    if cell_len(text) >= width:
        return set_cell_size(text, width)
    return " " * (width - cell_len(text)) + text
