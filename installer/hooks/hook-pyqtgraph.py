# cpdesk's own hook for pyqtgraph, in place of the generic one: the same data files and
# Qt-Designer templates, but without trying to import the parts installer/cpdesk.spec excludes
# (pyqtgraph.opengl needs PyOpenGL, which cpdesk does not install: a warning on every build).
from PyInstaller.utils.hooks import collect_data_files, collect_submodules

LEFT_OUT = ("pyqtgraph.opengl", "pyqtgraph.examples", "pyqtgraph.jupyter", "pyqtgraph.canvas",
            "pyqtgraph.console", "pyqtgraph.multiprocess")


def _kept(name: str) -> bool:
    return not any(name == part or name.startswith(part + ".") for part in LEFT_OUT)


datas = collect_data_files("pyqtgraph", excludes=["**/examples/*", "**/opengl/*"])
hiddenimports = [name for name in collect_submodules("pyqtgraph", filter=_kept) if "Template" in name]
