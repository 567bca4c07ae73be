"""Run every notebook in `nbs/` as a test, the way `nbdev_test` does (cells flagged `slow` are skipped).

The notebooks are the source and the documentation; their test cells assert the physics. Running them
through pytest gives one test runner for the whole suite, a line per notebook with its time and memory,
and a failure when nothing is collected (pytest exits 5 then).

Each notebook runs in a fresh Python process, as `nbdev_test` runs them. In one process, the XLA
executables compiled by all the notebooks piled up: each holds its own memory mappings, and after
some twenty notebooks LLVM could not map the next one ("LLVM compilation error: Cannot allocate
memory", then "Failed to materialize symbols") with gigabytes of RAM still free. A fresh process per
notebook starts from zero. The line printed after each notebook gives its wall time, its peak memory
and the number of memory mappings it ended with, against the kernel's `vm.max_map_count`.

The notebooks share one JAX persistent compilation cache for the run (a fresh temporary
`JAX_COMPILATION_CACHE_DIR`, unless one is set): a program compiled twice, by one notebook or by two,
is compiled once. Measured on 2 cores, 11_structure alone took 303 s (432 s CPU) without it and 260 s
(358 s CPU) with it, empty at the start; programs compiled again with the same shapes are the gain.

`DM_NB_WORKERS` notebooks run at once (default 2, the CI machine's cores; XLA keeps one process at
about 1.1-1.5 cores on it), the longest first. Each test waits for its own notebook, so pytest's
`--durations` shows waiting time; the per-notebook line shows the notebook's own.
"""
from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout
from pathlib import Path
import os, re, signal, subprocess, sys, threading
import pytest

NBS = Path(__file__).resolve().parent.parent / 'nbs'
_ALL = (sorted(p for p in NBS.glob('*.ipynb') if not p.name.startswith('_'))   # nbs/, then examples/tutorials/ (ids are stems: keep them unique)
        + sorted((NBS.parent / 'examples' / 'tutorials').glob('*.ipynb')))
TIMEOUT_S = int(os.environ.get('DM_NB_TIMEOUT', 1800))  # one notebook; CI's limit for the whole suite is 90 min
WORKERS = max(1, int(os.environ.get('DM_NB_WORKERS', 2)))
LONGEST_FIRST = ['10_cli', '11_structure', '13_methods', 'index', '02_spce_water', '06_classifier', '07_matching', '05_dynamics',
                 '07a_train', '01_parameter_recovery', '09a_pipeline', '04_potentials', '04b_nequip', '09_evaluate', '12_landscape', '04a_gnn']  # measured, 2 cores
_rank = lambda p: LONGEST_FIRST.index(p.stem) if p.stem in LONGEST_FIRST else len(LONGEST_FIRST)
NOTEBOOKS = sorted(_ALL, key=_rank)   # collected in the order they start, so results print about as they finish

# Run in the child: the notebook's test, then one line of resource use for the parent to report.
_CHILD = r"""
import ctypes, signal, sys
from pathlib import Path
if sys.platform.startswith('linux'):   # SIGTERM when the test process dies, so no notebook outlives pytest (PR_SET_PDEATHSIG)
    try: ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError): pass
from nbdev.test import test_nb
ok, secs = test_nb(Path(sys.argv[1]), skip_flags=sys.argv[2:], showerr=True)
maps = sum(1 for _ in open('/proc/self/maps')) if Path('/proc/self/maps').exists() else -1
hwm = next((l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')), '-1') if Path('/proc/self/status').exists() else '-1'
print(f'DM_NB_STATS ok={int(ok)} secs={secs:.1f} maps={maps} hwm_kb={hwm}', flush=True)
sys.exit(0 if ok else 1)
"""

_LIVE, _LOCK = set(), threading.Lock()   # the notebook processes now running

def _kill(p):
    "Kill a notebook's process group: the notebook and the commands it started."
    try: os.killpg(p.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError): p.kill()

def _run(nb:Path, skip:list, env:dict=None):
    "Run `nb` in a fresh process; (returncode or None on timeout, stdout, stderr)."
    p = subprocess.Popen([sys.executable, '-c', _CHILD, str(nb), *skip], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, start_new_session=True, env=env)   # its own process group, with what it starts (dm_demo)
    with _LOCK: _LIVE.add(p)
    try:
        out, err = p.communicate(timeout=TIMEOUT_S)
        return p.returncode, out, err
    except subprocess.TimeoutExpired:
        _kill(p); out, err = p.communicate()
        return None, out, err
    finally:
        with _LOCK: _LIVE.discard(p)

def _max_map_count():
    try: return int(Path('/proc/sys/vm/max_map_count').read_text())
    except (OSError, ValueError): return None

@pytest.fixture(scope='session')
def notebook_runs(request, tmp_path_factory):
    "Start every selected notebook on a pool of `WORKERS`, longest first; {path: future}."
    flags = os.environ.get('DM_TEST_FLAGS', '').split()  # e.g. DM_TEST_FLAGS=slow runs the slow cells too
    skip = [f for f in ['slow'] if f not in flags]
    env = dict(os.environ)   # one compilation cache for the run, inherited by what the notebooks start (dm_demo)
    if not env.get('JAX_COMPILATION_CACHE_DIR'):
        env['JAX_COMPILATION_CACHE_DIR'] = str(tmp_path_factory.mktemp('jax_compilation_cache'))
        env.setdefault('JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS', '0.2')   # JAX's default, 1 s, leaves out most test programs
    chosen = [it.callspec.params['nb'] for it in request.session.items
              if getattr(it, 'callspec', None) is not None and 'nb' in it.callspec.params]
    pool = ThreadPoolExecutor(WORKERS)
    futures = {nb: pool.submit(_run, nb, skip, env) for nb in sorted(chosen, key=_rank)}
    try: yield futures
    finally:   # normally all done; on an interrupt, stop what is queued and what runs
        pool.shutdown(wait=False, cancel_futures=True)
        with _LOCK: live = list(_LIVE)
        for p in live: _kill(p)
        pool.shutdown(wait=True)

def test_notebooks_exist():
    assert len(NOTEBOOKS) >= 2, f"expected the package notebooks in {NBS}, found {len(NOTEBOOKS)}"

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook(nb, notebook_runs, capsys):
    while True:   # short waits, so that Ctrl-C reaches pytest
        try: rc, out, err = notebook_runs[nb].result(timeout=1); break
        except FutureTimeout: pass
    stats = re.search(r'DM_NB_STATS ok=(\d) secs=([\d.]+) maps=(-?\d+) hwm_kb=(-?\d+)', out)
    if stats:
        with capsys.disabled():
            print(f"\n  {nb.stem}: {float(stats[2]):.0f} s, peak RSS {int(stats[4]) / 2**20:.2f} GiB, "
                  f"{stats[3]} memory maps (vm.max_map_count {_max_map_count()})", end='')
    if rc != 0: sys.stdout.write(out[-20000:]); sys.stderr.write(err[-20000:])
    assert rc is not None, f"{nb.name} ran past {TIMEOUT_S} s (DM_NB_TIMEOUT); its output so far is above"
    assert rc == 0, f"{nb.name} failed with exit code {rc} (see the traceback above)"
    assert stats and stats[1] == '1', f"{nb.name}: the notebook runner did not report success"
