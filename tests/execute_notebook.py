"""Execute notebooks in place as the test run does (cells flagged `slow` skipped, `IN_TEST` set) and keep their outputs.

The notebooks are the package's documentation: committed with their outputs, their plots and tables show on the
rendered page. Progress bars and warnings (stderr) are dropped; a skipped `slow` cell keeps the outputs it had.
Run it after changing a notebook, then `nbdev_clean`:

    .venv/bin/python tests/execute_notebook.py nbs/05_dynamics.ipynb [more notebooks or examples/tutorials/*.ipynb]
"""
from pathlib import Path
import os, sys, time
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory

def _flags(src:str)->set:
    "The nbdev directives of a cell (`#| slow` -> {'slow'})."
    return {l[2:].split()[0] for l in src.splitlines() if l.startswith('#|') and l[2:].split()}

def execute(path, skip=('slow',))->float:
    "Run the notebook at `path` (in its folder) and write it back with the outputs of the cells that ran; seconds."
    path = Path(path).resolve()
    os.environ['IN_TEST'] = '1'
    nb = read_nb(path)
    shell = CaptureShell(path)
    run = lambda c: c.cell_type == 'code' and 'nbdev_export(' not in c.source and not (_flags(c.source) & set(skip))
    t0 = time.time()
    with working_directory(path.parent):
        for cell in nb.cells:
            if not run(cell): continue
            cell.outputs = []
            shell.cell(cell)
            if shell.exc:
                sys.stderr.write(shell.prettytb(fname=path) + '\n')
                raise SystemExit(f"{path.name}: a cell failed; the notebook was not written")
            cell.outputs = [o for o in cell.outputs if not (o.get('output_type') == 'stream' and o.get('name') == 'stderr')]
    write_nb(nb, path)
    return time.time() - t0

if __name__ == '__main__':
    for p in sys.argv[1:]: print(f"{p}: {execute(p):.0f} s", flush=True)
