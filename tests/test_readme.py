"""README.md is written from `nbs/index.ipynb` (the nbdev readme notebook): they must say the same.

`python tests/test_readme.py` writes README.md from the notebook: its markdown cells, each code cell as a Python
block and the code's printed output (stdout) below it, so the README shows the quickstart as it ran.
"""
from pathlib import Path
import json, re, sys

ROOT = Path(__file__).resolve().parent.parent
INDEX = ROOT / 'nbs' / 'index.ipynb'

def _src(c): return ''.join(c['source']).strip('\n')

def _stdout(c):
    return ''.join(''.join(o.get('text', '')) for o in c.get('outputs', [])
                   if o.get('output_type') == 'stream' and o.get('name') == 'stdout').strip('\n')

def render(nb:dict)->str:
    "README text of the index notebook: markdown as is, code cells (not `#|` directives) as Python blocks with their stdout."
    parts = []
    for c in nb['cells']:
        src = _src(c)
        if c['cell_type'] == 'markdown': parts.append(src)
        elif c['cell_type'] == 'code' and src and not src.startswith('#|'):
            parts.append(f"```python\n{src}\n```")
            if _stdout(c): parts.append(f"```\n{_stdout(c)}\n```")
    return '\n\n'.join(parts) + '\n'

def _quickstart(nb:dict)->dict:
    return next(c for c in nb['cells'] if c['cell_type'] == 'code' and 'import dynamic_matching as dm' in _src(c).splitlines())

def test_readme_matches_index_notebook():
    nb = json.loads(INDEX.read_text())
    assert render(nb) == (ROOT / 'README.md').read_text(), \
        "README.md and nbs/index.ipynb differ: edit index.ipynb, then write README.md with `python tests/test_readme.py`"

def test_readme_has_both_commands():
    readme = (ROOT / 'README.md').read_text()
    for marker in ['<!-- main-command -->', '<!-- test-command -->']: assert marker in readme

def test_readme_is_short():
    readme = (ROOT / 'README.md').read_text()
    words = len(re.findall(r"[A-Za-z0-9][\w'./-]*", readme))
    assert words <= 1500, f"README.md has {words} words; at most 1,500 (results belong on examples/README.md)"
    long = [i + 1 for i, l in enumerate(readme.splitlines()) if len(l) > 400]
    assert not long, f"README.md lines {long} are over 400 characters"

def test_quickstart_is_short_and_ran():
    q = _quickstart(json.loads(INDEX.read_text()))
    assert len(_src(q).splitlines()) <= 15, "the quickstart has more than 15 lines"
    assert 'D_CG/D_AA' in _stdout(q), "the quickstart cell of nbs/index.ipynb is committed without its output: run the notebook"

if __name__ == '__main__':
    (ROOT / 'README.md').write_text(render(json.loads(INDEX.read_text())))
    print(f"wrote {ROOT / 'README.md'}")
