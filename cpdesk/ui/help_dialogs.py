"""Texts that explain the window: the key under the grid, Help › Keyboard shortcuts and Help › About cpdesk."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def key_text() -> str:
    """The key under the grid: every mark a cell can carry, with its word."""
    from cpdesk.presentation import FLAG_WORDS, palette
    pal = palette()
    s, d = pal["states"], pal["directions"]
    marks = lambda keys, group: " ".join(f"{group[k]['symbol']} {group[k]['word']}" for k in keys)  # noqa: E731
    flags = ", ".join(f"{k} {FLAG_WORDS[k]}" for k in ("c", "x", "z", "u", "k"))
    return (f"Key: {marks(('better', 'similar', 'worse'), s)} than the comparator · "
            f"{marks(('green', 'amber', 'red'), s)} target · "
            f"{marks(('improving', 'no_change', 'worsening'), d)} ({marks(('up', 'down'), d)}: no polarity, not judged) · "
            f"{pal['small_numbers']['symbol']} {pal['small_numbers']['word']} · "
            f"{pal['differs']['symbol']} {pal['differs']['word']} · {flags}")


def show_user_guide(parent) -> None:
    """Help › User guide: the guide shipped with cpdesk, read offline."""
    from cpdesk.ui.user_guide import UserGuide
    UserGuide.show_for(parent)


def show_about(parent) -> None:
    from cpdesk import __version__, builtin_figures
    QMessageBox.about(parent, "About cpdesk",
                      f"<h3>cpdesk {__version__}</h3><p>Child protection performance papers, offline.</p>"
                      f"<p>{builtin_figures.attribution()}</p>")


def show_shortcuts(parent) -> None:
    QMessageBox.information(parent, "Keyboard shortcuts", SHORTCUTS_TEXT)


SHORTCUTS_TEXT = """Ctrl+O  Open spreadsheets
Ctrl+Shift+O  Open a workspace
Ctrl+S  Save the workspace
F5  Reload every source
Ctrl+Z / Ctrl+Y  Undo / redo a target, tolerance, polarity, commentary or label-mapping change
Ctrl+C  Copy the selected cells as a table
Ctrl+P  Print the grid (File › Print also previews it, and prints the committee table)
F1  User guide
Ctrl+T  Targets and tolerances of the selected indicator
Ctrl+R  Trends
Ctrl+E  Export
Alt+A, Alt+C, Alt+P, Alt+L, Alt+U  Area, comparator, periods, how many, up to which period
Alt+M  Commentary on the selected indicator (Tab leaves it)
Tab / Shift+Tab  Move between controls; arrow keys move in the grid

Lists of children (records):
Right-click a computed figure  Show the records behind it (also the button under Details, and the View menu)
View › Records data quality…  Problems in the lists (also Data quality… under Sources)
Edit › Counting rules for records…  How figures are counted from the lists
Edit › Population for rates…  The 0-17 population, for rates per 10,000"""


__all__ = ["key_text", "show_about", "show_shortcuts", "show_user_guide", "SHORTCUTS_TEXT"]
