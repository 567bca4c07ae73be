"""The package installs and runs on a fresh machine from its runtime requirements alone.

The README's main command is `python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/dm_demo ...`:
no dev extras. Everything else in `tests/` runs in the dev environment (`pip install -e ".[dev]"`), where
a module imported at run time but listed only in `dev_requirements` (fastcore was one) goes unnoticed.
This test builds the wheel from a copy of the sources, installs it, not editable and without extras,
into a fresh virtual environment (no system site packages, no user site, no PYTHONPATH), and there:

- runs every console script of `settings.ini` with `--help` (exit code 0, a usage message);
- imports `dynamic_matching as dm`, from the fresh environment's site-packages, not from the repository;
- finds every module that the package imports (module level and inside functions, by its syntax tree);
- runs the README's Python quickstart: the first code cell of `nbs/index.ipynb` with the line
  `import dynamic_matching as dm`, as a script in an empty working directory (`DM_INDEX_NB=path` reads
  another notebook; `DM_QUICKSTART_TIMEOUT` seconds, default 1800);
- checks that nothing of the dev extras (nbdev, pytest, MDAnalysis) came in, so the runtime requirements
  are what made the above work.

pip's cache is used (no `--no-cache-dir`): after CI's dev install the wheels are mostly there already.
Each phase prints its wall time.
"""
from configparser import ConfigParser
from pathlib import Path
import json, os, shutil, signal, subprocess, sys, time
import pytest

ROOT = Path(__file__).resolve().parent.parent
_cfg = ConfigParser(delimiters=['=']); _cfg.read(ROOT / 'settings.ini', encoding='utf-8')
CFG = _cfg['DEFAULT']
SCRIPTS = [s.split('=')[0].strip() for s in CFG.get('console_scripts', '').split()]
INDEX_NB = Path(os.environ.get('DM_INDEX_NB') or ROOT / 'nbs' / 'index.ipynb')
QUICKSTART_LINE = 'import dynamic_matching as dm'
DEV_ONLY = ['nbdev', 'pytest', 'MDAnalysis']   # distributions that only `.[dev]` installs
INSTALL_TIMEOUT_S = 900
QUICKSTART_TIMEOUT_S = int(os.environ.get('DM_QUICKSTART_TIMEOUT', 1800))
# what setup.py packages: the library and the files setup.py reads (settings.ini, README.md)
SOURCES = ['setup.py', 'pyproject.toml', 'settings.ini', 'README.md', 'MANIFEST.in', 'LICENSE', 'dynamic_matching']

def _say(request, msg):
    "Print `msg` past pytest's output capture, so the phase times show in CI's log."
    capman = request.config.pluginmanager.getplugin('capturemanager')
    if capman is None: print(msg, flush=True); return
    with capman.global_and_fixture_disabled(): print(msg, flush=True)

def _env(venv:Path=None):
    "The environment of a fresh shell: nothing of this test's Python leaks in (PYTHONPATH, user site, the dev venv)."
    env = {k: v for k, v in os.environ.items() if k not in ('PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV', '__PYVENV_LAUNCHER__')}
    env['PYTHONNOUSERSITE'] = '1'
    if venv is not None:
        env['VIRTUAL_ENV'] = str(venv)
        env['PATH'] = str(venv / 'bin') + os.pathsep + env.get('PATH', '')
    return env

def _run(cmd, timeout, cwd, env, what):
    "Run `cmd` in its own process group; (returncode or None on timeout, stdout + stderr, seconds)."
    t0 = time.monotonic()
    p = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, start_new_session=True)
    try: out, _ = p.communicate(timeout=timeout); rc = p.returncode
    except subprocess.TimeoutExpired:
        try: os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError): p.kill()
        out, _ = p.communicate(); rc = None
    except BaseException:   # Ctrl-C: leave nothing running
        try: os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError): p.kill()
        raise
    secs = time.monotonic() - t0
    if rc != 0:
        sys.stdout.write(f"\n--- {what}: {' '.join(map(str, cmd))} (cwd {cwd}) ---\n{out[-20000:]}\n")
        assert rc is not None, f"{what} ran past {timeout} s; its output so far is above"
        assert rc == 0, f"{what} failed with exit code {rc}; its output is above"
    return rc, out, secs

@pytest.fixture(scope='module')
def fresh_venv(request, tmp_path_factory):
    "A fresh virtual environment with the wheel installed, no extras; yields its directory."
    tmp = tmp_path_factory.mktemp('install')
    src, dist, venv = tmp / 'src', tmp / 'dist', tmp / 'venv'
    src.mkdir()
    for name in SOURCES:   # a copy: building in the repository would leave build/ and egg-info behind
        p = ROOT / name
        if p.is_dir(): shutil.copytree(p, src / name, ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
        elif p.exists(): shutil.copy2(p, src / name)
    t_all = time.monotonic()
    _, _, s = _run([sys.executable, '-m', 'pip', 'wheel', src, '--no-deps', '-w', dist], 600, tmp, _env(), 'building the wheel')
    wheels = sorted(dist.glob('dynamic_matching-*.whl'))
    assert len(wheels) == 1, f"expected one dynamic_matching wheel in {dist}, found {[w.name for w in dist.iterdir()]}"
    _say(request, f"\n  install: wheel {wheels[0].name} built in {s:.0f} s")
    _, _, s = _run([sys.executable, '-m', 'venv', venv], 300, tmp, _env(), 'creating the virtual environment')
    _say(request, f"  install: fresh venv created in {s:.0f} s")
    py = venv / 'bin' / 'python'
    _, out, s = _run([py, '-m', 'pip', 'install', wheels[0]], INSTALL_TIMEOUT_S, tmp, _env(venv),
                     'pip install of the wheel (runtime requirements only)')
    _say(request, f"  install: pip install of the wheel and its runtime requirements in {s:.0f} s")
    _, freeze, _ = _run([py, '-m', 'pip', 'list', '--format=freeze'], 120, tmp, _env(venv), 'pip list')
    key = {'jax', 'jaxlib', 'jax-md', 'dm-haiku', 'e3nn-jax', 'optax', 'numpy', 'scipy', 'mdtraj', 'openmm', 'fastcore'}
    _say(request, f"  install: {len(freeze.split())} distributions, among them "
                  + ' '.join(l for l in freeze.split() if l.split('==')[0].lower() in key))
    try: yield venv
    finally:
        _say(request, f"  install: all install tests done in {time.monotonic() - t_all:.0f} s")
        shutil.rmtree(tmp, ignore_errors=True)   # a venv with jax is about 1-2 GB

def test_console_scripts_listed():
    assert SCRIPTS, "settings.ini lists no console_scripts"

@pytest.mark.parametrize('script', SCRIPTS)
def test_console_script_help(script, fresh_venv, tmp_path, request):
    exe = fresh_venv / 'bin' / script
    assert exe.exists(), f"{script} was not installed into {fresh_venv / 'bin'}: is it in settings.ini console_scripts?"
    _, out, s = _run([exe, '--help'], 600, tmp_path, _env(fresh_venv), f"{script} --help")
    _say(request, f"  install: {script} --help in {s:.1f} s")
    assert 'usage' in out.lower(), f"{script} --help printed no usage message:\n{out[-5000:]}"

def test_import(fresh_venv, tmp_path):
    code = 'import dynamic_matching as dm, json; print(json.dumps([dm.__version__, dm.__file__]))'
    _, out, _ = _run([fresh_venv / 'bin' / 'python', '-c', code], 600, tmp_path, _env(fresh_venv), 'import dynamic_matching')
    version, file = json.loads(out.strip().splitlines()[-1])
    assert version == CFG['version'], f"installed version {version}, settings.ini says {CFG['version']}"
    assert Path(file).resolve().is_relative_to(fresh_venv.resolve()), \
        f"dynamic_matching was imported from {file}, not from the fresh environment {fresh_venv}"

def test_no_dev_extras(fresh_venv, tmp_path):
    "The runtime requirements alone made the other tests pass: no dev-only distribution came in."
    code = ("import importlib.metadata as md, json, sys\n"
            "found = []\n"
            "for n in sys.argv[1:]:\n"
            "    try: found.append(f'{n}=={md.version(n)}')\n"
            "    except md.PackageNotFoundError: pass\n"
            "print(json.dumps(found))")
    _, out, _ = _run([fresh_venv / 'bin' / 'python', '-c', code, *DEV_ONLY], 120, tmp_path, _env(fresh_venv), 'dev-extras check')
    found = json.loads(out.strip().splitlines()[-1])
    assert not found, f"dev-only distributions were installed without the dev extra: {found} (what requires them?)"

def test_every_import_installed(fresh_venv, tmp_path):
    "Every module that dynamic_matching imports, at module level or inside a function, is there without the dev extras."
    code = r"""
import ast, importlib.util, json, pathlib, sys
pkg = pathlib.Path(importlib.util.find_spec('dynamic_matching').submodule_search_locations[0])
missing = {}
for f in sorted(pkg.rglob('*.py')):
    for n in ast.walk(ast.parse(f.read_text(encoding='utf-8'))):
        if isinstance(n, ast.Import): names = [a.name for a in n.names]
        elif isinstance(n, ast.ImportFrom) and n.level == 0 and n.module: names = [n.module]
        else: continue
        for top in {m.split('.')[0] for m in names}:
            if top not in sys.stdlib_module_names and importlib.util.find_spec(top) is None:
                missing.setdefault(top, []).append(f'{f.name}:{n.lineno}')
print(json.dumps(missing))
"""
    _, out, _ = _run([fresh_venv / 'bin' / 'python', '-c', code], 300, tmp_path, _env(fresh_venv), 'import scan')
    missing = json.loads(out.strip().splitlines()[-1])
    assert not missing, f"imported by dynamic_matching but not installed by its runtime requirements (settings.ini `requirements`): {missing}"

def quickstart_source(nb_path:Path=INDEX_NB) -> str:
    "The first code cell of the readme notebook with the line `import dynamic_matching as dm`."
    assert nb_path.exists(), f"no notebook at {nb_path} (DM_INDEX_NB)"
    nb = json.loads(nb_path.read_text(encoding='utf-8'))
    for cell in nb.get('cells', []):
        src = cell.get('source', '')
        src = ''.join(src) if isinstance(src, list) else src
        if cell.get('cell_type') == 'code' and any(l.strip() == QUICKSTART_LINE for l in src.splitlines()): return src
    pytest.fail(f"{nb_path} has no Python quickstart: no code cell with the line `{QUICKSTART_LINE}`. "
                "It is the README's Python quickstart: add it to nbs/index.ipynb (and README.md).")

def test_quickstart(fresh_venv, tmp_path, request):
    src = quickstart_source()
    magics = [l for l in src.splitlines() if l.lstrip().startswith(('%', '!'))]
    assert not magics, f"the quickstart cell of {INDEX_NB} must run as a plain script; it has IPython lines: {magics}"
    script = tmp_path / 'quickstart.py'
    script.write_text(src + '\n', encoding='utf-8')
    _, out, s = _run([fresh_venv / 'bin' / 'python', script], QUICKSTART_TIMEOUT_S, tmp_path, _env(fresh_venv),
                     f"the quickstart of {INDEX_NB.name}")
    _say(request, f"  install: quickstart of {INDEX_NB.name} ran in {s:.1f} s; its output ends:\n    "
                  + '\n    '.join(out.strip().splitlines()[-5:]))
