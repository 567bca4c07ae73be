"""README.md is written from `nbs/index.ipynb` (the nbdev readme notebook): they must say the same."""
from pathlib import Path
import json

ROOT = Path(__file__).resolve().parent.parent

def test_readme_matches_index_notebook():
    nb = json.loads((ROOT / 'nbs' / 'index.ipynb').read_text())
    md = '\n\n'.join(''.join(c['source']).strip('\n') for c in nb['cells'] if c['cell_type'] == 'markdown')
    readme = (ROOT / 'README.md').read_text().strip('\n')
    assert md.split() == readme.split(), "README.md and nbs/index.ipynb differ: edit index.ipynb and copy its markdown to README.md"

def test_readme_has_both_commands():
    readme = (ROOT / 'README.md').read_text()
    for marker in ['<!-- main-command -->', '<!-- test-command -->']: assert marker in readme
