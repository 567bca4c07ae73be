"""Run every notebook in `nbs/` as a test, the way `nbdev_test` does (cells flagged `slow` are skipped).

The notebooks are the source and the documentation; their test cells assert the physics. Running them
through pytest gives one test runner for the whole suite, per-notebook timings (`--durations`), and a
failure when nothing is collected (pytest exits 5 then).
"""
from pathlib import Path
import os
import pytest
from nbdev.test import test_nb as _run_nb

NBS = Path(__file__).resolve().parent.parent / 'nbs'
NOTEBOOKS = sorted(p for p in NBS.glob('*.ipynb') if not p.name.startswith('_'))

def test_notebooks_exist():
    assert len(NOTEBOOKS) >= 2, f"expected the package notebooks in {NBS}, found {len(NOTEBOOKS)}"

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook(nb):
    flags = os.environ.get('DM_TEST_FLAGS', '').split()  # e.g. DM_TEST_FLAGS=slow runs the slow cells too
    ok, secs = _run_nb(nb, skip_flags=[f for f in ['slow'] if f not in flags], showerr=True)
    assert ok, f"{nb.name} failed (see the traceback above)"
