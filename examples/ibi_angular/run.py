"""IBI with the learned angular term on the SPC/E demo reference: 12 or 25 iterations, default or finer table, one or three angular functions.

    python examples/ibi_angular/run.py OUT_NAME '{"max_iter": 25}'
    python examples/ibi_angular/run.py OUT_NAME '{"max_iter": 25, "n_knots": 141, "smooth_width": 0.004, "g_min": 0.005, "sampling": {"dr": 0.0025}}'
    python examples/ibi_angular/run.py OUT_NAME '{"max_iter": 25, "angular_shell": 0.34}'

The fit is stage 2 of `dm_demo --angular 17 --ibi_iter N` (same reference, same seeds, same iterates); the model is then
run for 50 ps from the reference's last frame at 5 fs and compared with the mapped reference, as `dm_demo` does.
"""
import sys, time, json
from pathlib import Path
from dynamic_matching.cli import PRESETS, _reference_stage, ibi_model, _model_stage
from dynamic_matching.reference import ReferenceConfig
from dynamic_matching.structure import ibi, IBIConfig, SamplingConfig
from dynamic_matching.evaluate import analyze_reference
from dynamic_matching.core import save_json

name = sys.argv[1]; kw = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
out = Path(sys.argv[3] if len(sys.argv) > 3 else 'runs/ibi_angular') / name; out.mkdir(parents=True, exist_ok=True)
p = PRESETS['demo']
cg, res, s = _reference_stage(out, ReferenceConfig(system='spce', ps=p.ps, equil_ps=p.equil_ps, seed=1), None, False)
ref_an = analyze_reference(cg)
sampling = SamplingConfig(**kw.pop('sampling', {}))
icfg = IBIConfig(max_iter=kw.pop('max_iter', 12), tol=p.ibi_tol, angular=kw.pop('angular', 17), sampling=sampling, **kw)
t = time.perf_counter(); fit = ibi(cg, icfg, progress=True); minutes = (time.perf_counter() - t) / 60
save_json([dict(iteration=r['iteration'], rdf_mae=r['rdf_mae'], angular_err=r.get('angular_err')) for r in fit.history],
          out / 'ibi_history.json')
c, _ = _model_stage('structure_only', ibi_model(cg, icfg, fit), cg, ref_an, cg, out, 50., 0.005, True, dict(train_minutes=minutes))
print(f"{name}: IBI {minutes:.1f} min; 50 ps: rdf_mae {c['rdf_mae']:.4f} (noise {c['rdf_mae_noise']:.4f}), "
      f"adf_mae {c['adf_mae']:.3e} (noise {c['adf_mae_noise']:.3e}), D_cg/D_aa {c['D_ratio']:.3f}")
