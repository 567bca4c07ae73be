"""Langevin dynamic matching of the angular-shell model with the 0.05 nm shell switch of
`examples/demo_shell_brownian5fs`, so that both integrators of that setup are trained below their stable step.

Usage: python run.py OUT   (this README's numbers: OUT = runs/shell_langevin)

The steps of `dm_demo --angular 17 --angular_shell 0.34 --angular_shell_width 0.05 --ibi_iter 25 --calibrate`
for the Langevin model only (training step 10 fs, the preset's), with 20 training steps of which 10 are classifier
warm-up, as in `demo_shell_brownian5fs`. The committed Brownian model of that example runs beside it from the same
start frame, so that the table holds both integrators against one reference."""
import sys, json, time
from dataclasses import replace, asdict
from pathlib import Path
from dynamic_matching.cli import PRESETS, train_dm, _model_stage, _reference_stage, ibi_model
from dynamic_matching.reference import ReferenceConfig
from dynamic_matching.structure import ibi, IBIConfig
from dynamic_matching.matching import initial_dynamics
from dynamic_matching.simulate import load_model
from dynamic_matching.evaluate import analyze_reference, models_table, plot_models
from dynamic_matching.core import save_json

here = Path(__file__).resolve().parent
out = Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
p = replace(PRESETS['demo'], ibi_iter=25, angular=17, angular_shell=0.34, angular_shell_width=0.05, calibrate=True,
            train_steps=20, warmup=10)
t0 = time.perf_counter()
cg, res, s = _reference_stage(out, ReferenceConfig(system='spce', ps=p.ps, equil_ps=p.equil_ps, seed=1), None, True)
ref_an = analyze_reference(cg)
icfg = IBIConfig(max_iter=p.ibi_iter, tol=p.ibi_tol, angular=p.angular, angular_shell=p.angular_shell,
                 angular_shell_width=p.angular_shell_width)
t = time.perf_counter()
fit = ibi(cg, icfg, progress=True)
ibi_min = (time.perf_counter() - t) / 60
base = ibi_model(cg, icfg, fit)
print(f"IBI {ibi_min:.1f} min", flush=True)
model, summ, dm_min = train_dm(cg, base, 'langevin', out / 'train_langevin', p, True)
print(f"training {dm_min:.1f} min", flush=True)
untrained = replace(base, dyn=initial_dynamics(cg, base.dynamics), source='ibi potential, initial dynamics')
brownian = load_model(here.parent / 'demo_shell_brownian5fs' / 'brownian_dt5' / 'model.npz')
summary, results = {}, {}
runs = [('structure_only', base, 0.005, dict(train_minutes=ibi_min)),
        ('untrained', untrained, 0.005, dict(train_minutes=ibi_min))]
runs += [(f'langevin_dt{dt * 1e3:.0f}', model, dt, dict(train_minutes=ibi_min + dm_min)) for dt in (0.005, 0.010)]
runs += [(f'brownian_dt{dt * 1e3:.0f}', brownian, dt, dict(source='examples/demo_shell_brownian5fs')) for dt in (0.005, 0.010)]
for name, m, dt, extra in runs:
    summary[name], results[name] = _model_stage(name, m, cg, ref_an, cg, out, p.cg_ps, dt, True, extra)
plot_models(ref_an['full'], results, out / 'models.png')
table = models_table(summary, aa_ns_per_day=s['aa_ns_per_day'])
(out / 'table.md').write_text(table)
save_json(dict(reference=s, preset=asdict(p), ibi_minutes=ibi_min, train_minutes=dm_min,
               wall_minutes=(time.perf_counter() - t0) / 60, **summary), out / 'summary.json')
print(table)
print(json.dumps({k: {kk: summary[k][kk] for kk in ('rdf_mae', 'adf_mae', 'msd_rel_err', 'D_ratio')} for k in summary}))
print(f"total {(time.perf_counter() - t0) / 60:.1f} min", flush=True)
