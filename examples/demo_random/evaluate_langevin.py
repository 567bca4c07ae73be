"Evaluate dm_demo --start random's Langevin training (the Brownian one went non-finite at step 66): initial vs trained, 50 ps at 5 / 10 fs."
import sys, json
from dataclasses import replace
from pathlib import Path
from dynamic_matching.cli import random_model, _model_stage
from dynamic_matching.reference import ReferenceConfig, run_reference
from dynamic_matching.data import load_cg
from dynamic_matching.train import load_trained
from dynamic_matching.evaluate import analyze_reference, models_table, plot_models
from dynamic_matching.structure import IBIConfig
from dynamic_matching.reference import run_info
out = Path(sys.argv[1])
ref = run_reference(ReferenceConfig(system='spce', ps=100., equil_ps=100., seed=1))
cg = load_cg(ref / 'traj.xtc', ref / 'top.pdb')
ref_an = analyze_reference(cg)
icfg = IBIConfig(max_iter=12, tol=0.008)
start = random_model(cg, icfg, seed=1)
tr = load_trained(out / 'train_langevin')
print(type(tr))
_, pot, dyn, dcfg, _, _ = tr
model = replace(start, dynamics=dcfg, dyn=dyn, pot_params=pot, source=str(out / 'train_langevin'))
untrained = start
summary, results = {}, {}
train_min = json.loads((out / 'train_langevin' / 'summary.json').read_text()).get('seconds', 0) / 60
for name, m, dt in (('untrained', untrained, 0.005), ('langevin_dt5', model, 0.005), ('langevin_dt10', model, 0.010)):
    summary[name], results[name] = _model_stage(name, m, cg, ref_an, cg, out, 50., dt, False, {})
plot_models(ref_an['full'], results, out / 'models.png')
info = run_info(ref)
(out / 'models_table.md').write_text(models_table(summary, aa_ns_per_day=info['ns_per_day']))
json.dump(summary, open(out / 'summary.json', 'w'), indent=1, default=float)
print(json.dumps({k: {kk: summary[k][kk] for kk in ('rdf_mae', 'adf_mae', 'msd_rel_err', 'D_ratio')} for k in summary}))
