"""The layers: import-linter's contracts in pyproject.toml (domain below models and rendering, below the
window, below the entry points), and what they cannot say: models and rendering use QtCore/QtGui only;
no network code anywhere."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "cpdesk"


def _lint(root: Path) -> subprocess.CompletedProcess:
    """Run import-linter with the project's contracts over the ``cpdesk`` package found in ``root``."""
    return subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                           "sys.exit(lint_imports_command())", str(REPO / "pyproject.toml"), "--no-cache", "--no-logo"],
                          cwd=root, env={"PYTHONPATH": str(root), "PATH": ""}, capture_output=True, text=True,
                          timeout=120)


def test_import_contracts_are_kept():
    done = _lint(REPO)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "3 kept, 0 broken" in done.stdout


def test_every_part_of_the_package_is_in_a_contract():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    named = set()
    for contract in config["contracts"]:
        named.update(contract.get("source_modules", []))
        for layer in contract.get("layers", []):
            named.update(m.strip() for m in layer.replace("|", ":").split(":"))
    parts = {f"cpdesk.{p.stem if p.suffix == '.py' else p.name}" for p in PACKAGE.iterdir()
             if (p.suffix == ".py" and p.name != "__init__.py") or (p / "__init__.py").exists()}
    assert parts - named == set(), "add these to a contract in pyproject.toml"


def test_contracts_fail_on_a_planted_violation_inside_a_function(tmp_path):
    copy = tmp_path / "cpdesk"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    values = copy / "values.py"
    values.write_text(values.read_text(encoding="utf-8") + "\n\ndef _planted():\n"
                      "    from PySide6.QtWidgets import QWidget\n"
                      "    import cpdesk.ui.grid_view\n"
                      "    return QWidget, cpdesk.ui.grid_view\n", encoding="utf-8")
    models = copy / "models" / "grid_model.py"
    models.write_text(models.read_text(encoding="utf-8") + "\n\ndef _planted():\n"
                      "    from cpdesk.ui import main_window\n    return main_window\n", encoding="utf-8")
    done = _lint(tmp_path)
    assert done.returncode == 1, done.stdout[-3000:]
    out = done.stdout
    assert "The domain never imports Qt, the window, the models or the rendering package BROKEN" in out
    assert "cpdesk.values -> PySide6" in out and "cpdesk.values -> cpdesk.ui.grid_view" in out
    assert "Entry points above the window, the window above models and rendering BROKEN" in out
    assert "cpdesk.models.grid_model -> cpdesk.ui.main_window" in out


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


def test_product_has_no_network_code():
    forbidden = ("socket", "http", "urllib", "requests", "httpx", "aiohttp", "ftplib", "smtplib", "PySide6.QtNetwork")
    offenders = []
    for path in list(PACKAGE.rglob("*.py")) + [PACKAGE.parent / "main.py"]:
        for name in _imports(path):
            if name.split(".")[0] in forbidden or name.startswith("PySide6.QtNetwork") or name.startswith("urllib.request"):
                offenders.append(f"{path.name}: {name}")
    assert offenders == []
