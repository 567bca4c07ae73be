"""Linear stability limit (`dynamics.max_stable_dt`) of each model of a run, on the `cg.pdb` frames of its folders.

Usage: python stability.py RUN   (writes RUN/stability_models.json and prints one line per model)"""
import sys, json
from pathlib import Path
import numpy as np
from dynamic_matching.simulate import load_model
from dynamic_matching.data import load_cg
from dynamic_matching.dynamics import max_stable_dt, dyn_summary
from dynamic_matching.core import save_json

run = Path(sys.argv[1])
folders = sorted(p.parent for p in run.glob('*/model.npz'))
frames = [load_cg(f / 'cg.pdb', dt=1.) for f in folders]
res = {}
for f in folders:
    model = load_model(f / 'model.npz')
    box = np.asarray(model.box)
    R = np.stack([np.asarray(c.wrapped[0]) * box / np.asarray(c.box[0]) for c in frames])   # each frame scaled into the model's box
    m = model.bind(R=R[0])
    sim = m.simulator()
    st = max_stable_dt(sim, m.dyn, m.pot_params, R)
    st['dynamics'] = {k: float(np.mean(v)) for k, v in dyn_summary(m.dyn, sim.config.kT).items()}
    # max_stable_dt's eigenvalues are those of H / gamma (Brownian) or M^-1/2 H M^-1/2 (Langevin); of H itself:
    w = st['dynamics']['gamma_eff'] if st['integrator'] == 'brownian' else st['dynamics']['m_eff']
    st['lambda_max_H'], st['lambda_min_H'] = st['lambda_max'] * w, st['lambda_min'] * w
    res[f.name] = st
    print(f"{f.name}: {st['integrator']} dt {st['dt'] * 1e3:g} fs, dt_max {st['dt_max'] * 1e3:.3g} fs (ratio {st['ratio']:.2f}), "
          f"Hessian eigenvalues {st['lambda_min_H']:.3g} to {st['lambda_max_H']:.3g} kJ/(mol nm^2)", flush=True)
save_json(res, run / 'stability_models.json')
