"""The first grid shipped for every authority: the very first launch paints it without pandas, and it is
the grid the real figures give (so the swap that follows changes nothing a user could see)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from types import SimpleNamespace

import pytest

from cpdesk import first_grid
from cpdesk.first_grid import ShippedGrids, decode_grid, encode_grid
from cpdesk.session import Session
from tests.conftest import REPO

STALE = "run python3 tools/build_first_grids.py to build resources/first_grids.bin again"


def test_the_shipped_file_is_built_from_the_figures_and_catalogue_installed():
    shipped = ShippedGrids()
    assert shipped.usable, f"the shipped first grids are stale: {STALE}"
    codes = {a.code for a in shipped.authorities()}
    assert len(codes) >= 150 and {"202", "383", "420", "940"} <= codes
    assert shipped.resolve("camden") == "202" and shipped.resolve("E09000007") == "202"
    assert shipped.resolve("Bristol, City of") == shipped.resolve("Bristol") or shipped.resolve("Bristol, City of")


@pytest.mark.parametrize("la", ["Camden", "Isles of Scilly", "North Northamptonshire"])
def test_a_shipped_grid_is_the_grid_the_real_figures_give(la):
    shipped = ShippedGrids()
    code = shipped.resolve(la)
    name, grid = shipped.grid(code)
    s = Session()
    s.set_la(code)
    assert name == s.workspace.la_name
    assert grid == s.grid(), f"the shipped first grid of {la} differs from the one built now: {STALE}"


def test_any_grid_survives_encoding():
    """Beyond the shipped default: quarters with years beside, targets by period, groups, a note."""
    from tests.test_grid_periods import seed_session
    s = seed_session("bathnes")
    s.set_groups([{"name": "South West", "members": ["Bristol", "Somerset", "Wiltshire"]}])
    s.set_indicator_settings("cpp_repeat_ever_pct", {"period_targets": {"Q2 2011-12": 18.0}})
    grid = s.grid()
    strings = first_grid._Strings()
    data = json.loads(json.dumps(encode_grid(grid, strings)))
    assert decode_grid(data, strings.items) == grid


def test_a_stale_or_damaged_file_is_never_shown(tmp_path):
    shipped = ShippedGrids()
    raw = shipped.path.read_bytes()
    header, rest = raw.split(b"\n", 1)
    stale = json.loads(header)
    stale["inputs"] = "00000000"
    path = tmp_path / "first_grids.bin"
    path.write_bytes(json.dumps(stale).encode() + b"\n" + rest)
    assert not ShippedGrids(path).usable and ShippedGrids(path).grid("202") is None
    assert ShippedGrids(path, check=False).grid("202") is not None
    offset, length = json.loads(header)["parts"]["202"]
    broken = bytearray(rest)
    broken[offset:offset + length] = zlib.compress(b'{"rows": 1}')[:length].ljust(length, b"\0")
    path.write_bytes(header + b"\n" + bytes(broken))
    assert ShippedGrids(path, check=False).grid("202") is None
    path.write_bytes(b"not a file of grids")
    assert not ShippedGrids(path).usable


def test_the_first_launch_paints_the_shipped_grid_before_pandas(tmp_path):
    settings = tmp_path / "fresh" / "cpdesk.ini"      # no grid saved: a first launch
    probe = (
        "import sys\n"
        "from cpdesk.ui import app\n"
        "heavy = ('pandas', 'numpy', 'pyqtgraph', 'openpyxl', 'python_calamine')\n"
        "from PySide6.QtCore import QEvent\n"
        "seen = []\n"
        "paint = app._FirstPaint.eventFilter\n"
        "def at_paint(self, obj, event):\n"
        "    if not seen and event.type() == QEvent.Paint and self.window.grid_view.model.rowCount() > 0:\n"
        "        seen.append([m for m in heavy if m in sys.modules])\n"
        "    return paint(self, obj, event)\n"
        "app._FirstPaint.eventFilter = at_paint\n"
        "report = app._FirstPaint._report\n"
        "def checked(self):\n"
        "    g = self.window.session.grid()\n"
        "    print('HEAVY', seen[0], 'PENDING', self.window.session.national_pending, 'AREA', g.area, len(g.rows), flush=True)\n"
        "    report(self)\n"
        "app._FirstPaint._report = checked\n"
        "sys.exit(app.run(['--la', 'Leeds']))\n")
    env = dict(os.environ, CPDESK_SETTINGS=str(settings), CPDESK_FIRST_PAINT="1", QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-800:]
    assert "HEAVY [] PENDING True AREA Leeds" in out.stdout


def test_the_first_run_question_lists_authorities_and_shows_the_grid_at_once(window, monkeypatch):
    from cpdesk.ui.la_chooser import LaChooser
    seen = {}

    def answer(dialog):
        seen["count"] = dialog.proxy.rowCount()
        dialog.select("383")
        dialog.accept()
        return True

    monkeypatch.setattr(LaChooser, "exec", answer)
    window.choose_la(first_run=True)
    assert seen["count"] >= 150
    assert window.session.national_pending and window.session.grid().area == "Leeds"
    assert window.settings.value("la/code") == "383" and window.cached_start is not None
    window.cached_start.wait()
    assert not window.session.national_pending and window.session.grid().area == "Leeds"
