"""Structure of a Brownian CG water model by two integrators of the same cost, measured side by side in one run.

The trained Brownian model of the committed demo (`examples/demo_learned_mass/brownian_dt5/model.npz`: the IBI pair potential and
D_free fitted by dynamic matching) is run from the last frame of the cached SPC/E reference (`dm_reference`, the
demo's 100 ps) with Euler-Maruyama (`DynamicsConfig.brownian_scheme='euler'`) and with the Leimkuhler-Matthews scheme
(`'lm'`) at 5, 10 and 20 fs, and each run is compared with the reference by `evaluate.evaluate`: RDF MAE, ADF MAE,
D_CG / D_AA. The reference's own noise floor (its two halves) is printed beside them. Euler-Maruyama's stationary
distribution is wrong at first order in dt; Leimkuhler-Matthews' at second order, so its RDF error should barely grow
with the step.

The last line is `rdf_mae_euler_over_lm_at_10fs=<ratio>`.

    python benchmarks/brownian_schemes.py [--ps 50] [--dts 5,10,20] [--model examples/demo_learned_mass/brownian_dt5/model.npz]
"""
import argparse, dataclasses, tempfile
from pathlib import Path
from dynamic_matching.reference import ReferenceConfig, run_reference
from dynamic_matching.data import load_cg
from dynamic_matching.simulate import load_model, simulate_model
from dynamic_matching.evaluate import analyze_reference, evaluate

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--ps', type=float, default=50., help='length of each CG run [ps]')
    ap.add_argument('--dts', default='5,10,20', help='CG steps [fs]')
    ap.add_argument('--model', default=str(Path(__file__).parent.parent / 'examples/demo_learned_mass/brownian_dt5/model.npz'))
    a = ap.parse_args()
    ref = run_reference(ReferenceConfig(system='spce', ps=100., equil_ps=100., seed=1))
    cg = load_cg(ref / 'traj.xtc', ref / 'top.pdb')
    ref_an = analyze_reference(cg)
    model = load_model(a.model)
    if model.dynamics.integrator != 'brownian': raise SystemExit(f"{a.model} is not a Brownian model")
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for dt_fs in [float(x) for x in a.dts.split(',')]:
            for scheme in ('euler', 'lm'):
                m = dataclasses.replace(model, dynamics=dataclasses.replace(model.dynamics, brownian_scheme=scheme))
                d = Path(tmp) / f'{scheme}_{dt_fs:g}'
                sim = simulate_model(m, cg, a.ps, d, dt=dt_fs / 1000, frame_dt=cg.dt, progress=False)
                c = evaluate(ref_an, load_cg(d / 'cg.xtc', d / 'cg.pdb'), ref_traj=cg)
                rows[scheme, dt_fs] = c
                print(f"{scheme:5s} dt {dt_fs:4g} fs: RDF MAE {c['rdf_mae']:.4f}  ADF MAE {c['adf_mae']:.2e}  "
                      f"D_CG/D_AA {c['D_ratio']:.3f}  ({sim['ns_per_day']:.0f} ns/day incl. compilation)", flush=True)
    c = next(iter(rows.values()))
    print(f"noise floor (reference halves): RDF MAE {c['rdf_mae_noise']:.4f}  ADF MAE {c['adf_mae_noise']:.2e}")
    print(f"rdf_mae_euler_over_lm_at_10fs={rows['euler', 10.]['rdf_mae'] / rows['lm', 10.]['rdf_mae']:.3f}"
          if ('lm', 10.) in rows else "")

if __name__ == '__main__': main()
