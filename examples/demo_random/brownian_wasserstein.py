"""Brownian model from random_model(seed=1) with the Wasserstein loss (the paper preset's), 0.1 ps frames, partial backprop 10.

Usage: python brownian_wasserstein.py OUT STEPS   (this README's numbers: STEPS = 100)"""
import sys, json
from dataclasses import replace
from pathlib import Path
from dynamic_matching.cli import PRESETS, train_dm, _model_stage, random_model
from dynamic_matching.reference import ReferenceConfig, run_reference
from dynamic_matching.data import load_cg
from dynamic_matching.evaluate import analyze_reference
out = Path(sys.argv[1]); steps = int(sys.argv[2])
ref = run_reference(ReferenceConfig(system='spce', ps=100., equil_ps=100., seed=1))
cg = load_cg(ref / 'traj.xtc', ref / 'top.pdb')
start = random_model(cg, seed=1)
p = replace(PRESETS['demo'], stride_brownian=5, rdf_weight=100., lr_potential=0.03, partial_steps=10, train_steps=steps,
            loss='wasserstein', start='random')
model, summ, minutes = train_dm(cg, start, 'brownian', out / 'train_brownian', p, True)
ref_an = analyze_reference(cg)
res = {}
for dt in (0.005, 0.01):
    res[dt], _ = _model_stage(f'brownian_dt{dt*1e3:.0f}', model, cg, ref_an, cg, out, 50., dt, True, dict(train_minutes=minutes))
print(json.dumps({k: {kk: res[k][kk] for kk in ('rdf_mae', 'adf_mae', 'msd_rel_err', 'D_ratio')} for k in res}))
print('minutes', minutes)
