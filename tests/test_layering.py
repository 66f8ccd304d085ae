"""The three layers: only cpdesk/ui and cpdesk/models may touch Qt, and models never touch widgets."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cpdesk"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE).parts
    return rel[0] if rel[0] in ("ui", "models", "render") else "domain"


def test_domain_never_imports_qt():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if _layer(path) == "domain":
            bad = {n for n in _imports(path) if n.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6")}
            if bad:
                offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(bad)}")
    assert offenders == []


def test_models_use_qtcore_and_qtgui_only():
    offenders = []
    for path in (PACKAGE / "models").rglob("*.py"):
        bad = {n for n in _imports(path)
               if n.startswith("PySide6.") and n.split(".")[1] not in ("QtCore", "QtGui")
               or n.split(".")[0] == "pyqtgraph" or n.startswith("cpdesk.ui")}
        if bad:
            offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(bad)}")
    assert offenders == []


#: Entry points sit above every layer: they may install the rendering package's writers.
_ENTRY_POINTS = ("cli.py", "selftest.py", "__main__.py", "commands")


def test_render_uses_qtcore_and_qtgui_only_and_the_domain_never_imports_it():
    offenders = []
    for path in (PACKAGE / "render").rglob("*.py"):
        bad = {n for n in _imports(path)
               if n.startswith("PySide6.") and n.split(".")[1] not in ("QtCore", "QtGui")
               or n.split(".")[0] == "pyqtgraph" or n.startswith(("cpdesk.ui", "cpdesk.models"))}
        if bad:
            offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(bad)}")
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if _layer(path) == "domain" and rel.parts[0] not in _ENTRY_POINTS:
            bad = {n for n in _imports(path) if n.startswith("cpdesk.render")}
            if bad:
                offenders.append(f"{rel}: {sorted(bad)}")
    assert offenders == []


def test_layering_check_sees_a_violation(tmp_path):
    # The check itself must be able to fail: a domain file importing Qt is caught.
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\n")
    assert "PySide6.QtWidgets" in _imports(bad)


def test_product_has_no_network_code():
    forbidden = ("socket", "http", "urllib", "requests", "httpx", "aiohttp", "ftplib", "smtplib", "PySide6.QtNetwork")
    offenders = []
    for path in list(PACKAGE.rglob("*.py")) + [PACKAGE.parent / "main.py"]:
        for name in _imports(path):
            if name.split(".")[0] in forbidden or name.startswith("PySide6.QtNetwork") or name.startswith("urllib.request"):
                offenders.append(f"{path.name}: {name}")
    assert offenders == []
