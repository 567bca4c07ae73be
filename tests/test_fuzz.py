"""Bad input through the commands: every case ends with one line naming the problem, the right exit code, no traceback.

The corpus is written here, from a small periodic water box: empty and foreign files, NaN coordinates, atom counts
that do not match, one frame, files without frame times (dcd, a .gro without `t=`), a frame interval that
contradicts the stored times, meaningless option values and an output path that is a file. Exit code 2 is a usage
error (an option), 1 a data error (`core.dm_script`).
"""
from pathlib import Path
import os, re, shutil, subprocess, sys
import numpy as np
import pytest

md = pytest.importorskip('mdtraj')
BIN = Path(sys.executable).parent

def _water(n_res=30, n_frames=20, seed=0)->'md.Trajectory':
    "A small periodic box of rigid-ish waters moving a little between frames, 0.02 ps apart."
    top = md.Topology(); ch = top.add_chain()
    for _ in range(n_res):
        r = top.add_residue('HOH', ch)
        for name, el in (('O', 'O'), ('H1', 'H'), ('H2', 'H')): top.add_atom(name, md.element.get_by_symbol(el), r)
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 1.2, (n_res, 3))
    site = np.array([[0, 0, 0], [0.1, 0, 0], [-0.033, 0.094, 0]])
    xyz = (centres[:, None] + site[None]).reshape(-1, 3)
    frames = xyz[None] + np.cumsum(rng.normal(scale=0.01, size=(n_frames, 1, 3)) * np.ones((1, 3 * n_res, 1)), 0)
    return md.Trajectory(frames.astype(np.float32), top, time=np.arange(n_frames) * 0.02,
                         unitcell_lengths=np.full((n_frames, 3), 1.2), unitcell_angles=np.full((n_frames, 3), 90.))

@pytest.fixture(scope='module')
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp('fuzz')
    w = _water()
    w.save_xtc(str(d / 'w.xtc')); w[0].save_pdb(str(d / 'w.pdb')); w.save_dcd(str(d / 'w.dcd')); w[0].save_pdb(str(d / 'one.pdb'))
    (d / 'empty.xtc').write_bytes(b'')
    (d / 'text.xtc').write_text('this is not a trajectory\n' * 20)
    nan = w[:]; nan.xyz = nan.xyz.copy(); nan.xyz[2, 4] = np.nan; nan.save_dcd(str(d / 'nan.dcd'))
    _water(n_res=29).save_xtc(str(d / 'w7.xtc'))
    w.save_gro(str(d / 'timed.gro'))
    (d / 'untimed.gro').write_text(re.sub(r', t= *[-0-9.e+]+', '', (d / 'timed.gro').read_text()))
    (d / 'afile').write_text('x')
    return d

def _run(cmd, *args, cwd):
    exe = shutil.which(cmd, path=str(BIN)) or shutil.which(cmd)
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)

CASES = [   # (id, command and options with {d} for the corpus, exit code, what the one line must say)
    ('missing file', ['dm_analyze', '--traj', '{d}/nope.xtc', '--top', '{d}/w.pdb'], 1, 'no such file'),
    ('empty file', ['dm_analyze', '--traj', '{d}/empty.xtc', '--top', '{d}/w.pdb'], 1, 'empty.xtc'),
    ('text renamed', ['dm_analyze', '--traj', '{d}/text.xtc', '--top', '{d}/w.pdb'], 1, 'text.xtc'),
    ('no topology', ['dm_analyze', '--traj', '{d}/w.xtc'], 1, 'pass --top'),
    ('NaN coordinates', ['dm_analyze', '--traj', '{d}/nan.dcd', '--top', '{d}/w.pdb', '--frame_dt', '0.02'], 1, 'frame 2, atom 4'),
    ('atom counts differ', ['dm_analyze', '--traj', '{d}/w7.xtc', '--top', '{d}/w.pdb'], 1, 'trajectory has 87 atoms, topology 90'),
    ('one frame', ['dm_analyze', '--traj', '{d}/one.pdb'], 1, 'at least 2'),
    ('dcd without times', ['dm_analyze', '--traj', '{d}/w.dcd', '--top', '{d}/w.pdb'], 1, '--frame_dt'),
    ('gro without t=', ['dm_analyze', '--traj', '{d}/untimed.gro'], 1, 'no frame times'),
    ('frame_dt against stored times', ['dm_analyze', '--traj', '{d}/w.xtc', '--top', '{d}/w.pdb', '--frame_dt', '0.1'], 1, 'stores frames 0.02 ps apart'),
    ('--dr 0', ['dm_analyze', '--traj', '{d}/w.xtc', '--top', '{d}/w.pdb', '--dr', '0'], 2, '--dr'),
    ('--stride 0', ['dm_analyze', '--traj', '{d}/w.xtc', '--top', '{d}/w.pdb', '--stride', '0'], 2, 'stride'),
    ('out is a file', ['dm_analyze', '--traj', '{d}/w.xtc', '--top', '{d}/w.pdb', '--out', '{d}/afile'], 2, 'is a file'),
    ('unknown option', ['dm_analyze', '--trajectory', '{d}/w.xtc'], 2, 'unrecognized arguments'),
    ('demo: contradicting options', ['dm_demo', '--learn_mass', '--fixed_mass'], 2, 'contradict'),
    ('demo: bad preset', ['dm_demo', '--preset', 'mine'], 2, 'preset must be one of'),
    ('demo: bad step', ['dm_demo', '--train_dt_brownian', '0'], 2, '--train_dt_brownian'),
]

@pytest.mark.parametrize('case', CASES, ids=[c[0] for c in CASES])
def test_bad_input(case, corpus, tmp_path):
    _, argv, code, says = case
    argv = [a.format(d=corpus) for a in argv]
    if '--out' not in argv: argv += ['--out', str(tmp_path / 'out')]
    r = _run(*argv, cwd=tmp_path)
    lines = r.stderr.strip().splitlines()
    assert 'Traceback' not in r.stderr, r.stderr
    assert r.returncode == code, (r.returncode, r.stderr)
    assert lines and lines[-1].startswith(f'{argv[0]}: error: ') or 'usage:' in r.stderr, r.stderr
    assert says in r.stderr, r.stderr
    assert not (tmp_path / 'out' / 'metrics.json').exists() and not (tmp_path / 'out' / 'summary.json').exists()

def test_good_input_still_works(corpus, tmp_path):
    "The same corpus's good files: a .gro with times and an xtc with its pdb are analysed (exit code 0)."
    for args in (['--traj', corpus / 'timed.gro'], ['--traj', corpus / 'w.xtc', '--top', corpus / 'w.pdb'],
                 ['--traj', corpus / 'w.dcd', '--top', corpus / 'w.pdb', '--frame_dt', '0.02']):
        r = _run('dm_analyze', *args, '--out', tmp_path / 'ok', cwd=tmp_path)
        assert r.returncode == 0 and (tmp_path / 'ok' / 'metrics.json').exists(), r.stderr
