"""Brownian dynamic matching below the potential's linear stability limit: the angular-shell model of
`examples/demo_shell_brownian10fs` with the shell switch widened to 0.05 nm, trained with a 5 fs step.

Usage: python run.py OUT   (this README's numbers: OUT = runs/shell_brownian5fs)

The steps of `dm_demo --angular 17 --angular_shell 0.34 --angular_shell_width 0.05 --ibi_iter 25 --calibrate
--train_dt_brownian 0.005`, the Brownian model only (no Langevin training, which a 2-core session has no time for),
and 20 training steps with 10 of warm-up instead of 30 with 20: the same 10 generator updates."""
import sys, json, time
from dataclasses import replace, asdict
from pathlib import Path
from dynamic_matching.cli import PRESETS, train_dm, _model_stage, _reference_stage, ibi_model
from dynamic_matching.reference import ReferenceConfig
from dynamic_matching.structure import ibi, IBIConfig
from dynamic_matching.evaluate import analyze_reference, models_table, plot_models
from dynamic_matching.core import save_json

out = Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
p = replace(PRESETS['demo'], ibi_iter=25, angular=17, angular_shell=0.34, angular_shell_width=0.05, calibrate=True,
            train_dt_brownian=0.005, train_steps=20, warmup=10)
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
model, summ, dm_min = train_dm(cg, base, 'brownian', out / 'train_brownian', p, True)
print(f"training {dm_min:.1f} min", flush=True)
summary, results = {}, {}
runs = [('structure_only', base, 0.005, dict(train_minutes=ibi_min))]
runs += [(f'brownian_dt{dt * 1e3:.0f}', model, dt, dict(train_minutes=ibi_min + dm_min)) for dt in (0.005, 0.010)]
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
