"""Recovery of known dynamics by dynamic matching, at a size that takes minutes.

"AA" data are made with a CG model whose dynamics we know; dynamic matching starts from dynamical parameters off by a
factor 2.5 and must recover the identifiable combinations:

- Brownian: free beads, D = alpha kT / gamma = 2.5e-3 nm^2/ps (Wasserstein loss with gradient penalty);
- Langevin: a Lennard-Jones liquid (sigma 0.3166 nm, epsilon 0.65 kJ/mol, 18 amu, 300 K, 33.4 beads/nm^3, the
  density of water) with m_eff = 18 amu and gamma_eff = 180 amu/ps (logistic loss), the potential fixed at the truth;
  with --learn-potential the LJ parameters are trained too (learning rate --lr-potential, default 1e-3, gradient through the last 8 CG steps
  only), from the true values or, with --potential-start 1.5,1.1, from epsilon and sigma off by those factors;
  --rdf-weight adds the structural term of the generator loss (MatchingConfig.rdf_weight). A 100 ps run of each
  trained Langevin model is then compared with the reference: RDF MAE against the reference's noise floor (its two
  halves), and D_CG / D_AA.

The estimate of each combination is its mean over the last fifth of the training steps. With --seeds 0,1,2 each case
is trained once per seed (MatchingConfig.seed: the classifier's initial parameters, the window sampling and the
rollout noise; the reference data stay the same), in its own run directory, and the seed-to-seed spread
max/min - 1 of each combination is printed, then the line `seed_spread=<largest spread>` (robustness: three seeds
should land within 5% of each other). The last line printed is
`worst_rel_err=<largest relative error of the identifiable combinations, over all seeds>`.

    python benchmarks/recovery.py [--steps 300] [--out DIR] [--cases brownian,langevin] [--seeds 0] [--learn-potential]
                                  [--potential-start 1,1] [--rdf-weight 0] [--brownian-beads 24] [--decay-to 0.1]
"""
import argparse, shutil, tempfile, time
from pathlib import Path
import numpy as np
import jax, jax.numpy as jnp
from dynamic_matching.core import CGTrajectory, lattice, kT as thermal_energy
from dynamic_matching.dynamics import DynamicsConfig, CGDynamics, dyn_params
from dynamic_matching.potentials import Potential, lennard_jones
from dynamic_matching.classifier import ClassifierConfig
from dynamic_matching.matching import MatchingConfig, fit
from dynamic_matching.evaluate import evaluate

KT300 = thermal_energy(300.)
runs_rdf = []   # RDF MAE / noise floor of the trained Langevin models (--learn-potential)
CLF = ClassifierConfig(irreps_hidden="8x0e + 4x1o", irreps_out="8x0e + 4x1o", n_layers=1, max_ell=1, width=16, n_heads=2)

def free_particles(L):
    "A Potential without interactions in a cubic box of edge L [nm]."
    return Potential(lambda key, R, nb: {}, lambda p, R, nb: 0. * jnp.sum(R), None, None, 'free', (L, L, L))

def reference(potential, dyn_config, dyn, R0, n_frames, pot_params, seed, n_equil=0):
    "A known-model trajectory (after n_equil discarded frames) as a CGTrajectory."
    sim = CGDynamics(potential.energy, potential.box, potential.cutoff, dyn_config)
    if n_equil:
        R0 = sim.rollout(jax.random.PRNGKey(seed + 100), R0, dyn, pot_params, n_equil)[-1]
    frames = sim.rollout(jax.random.PRNGKey(seed), R0, dyn, pot_params, n_frames)
    L = potential.box[0]
    return CGTrajectory(np.asarray(frames), np.full(3, L), dyn_config.frame_dt, np.full(R0.shape[0], 18.))

def run_dir(out, name, seed, seeds):
    "Run directory of one fit: out/name for a single seed (as before), out/name/seed<k> for several."
    return out / name if len(seeds) == 1 else out / name / f'seed{seed}'

def brownian(out, steps, seeds=(0,), n_beads=24, decay_to=0.1):
    "One fit per seed; a list of ({combination: (estimate, truth)}, seconds per step, size, wall s) per seed."
    free = free_particles(1.15)
    dc = DynamicsConfig(integrator='brownian', dt=0.01, frame_dt=0.02)
    D = 2.5e-3
    R0 = jax.random.uniform(jax.random.PRNGKey(0), (n_beads, 3)) * 1.15
    ref = reference(free, dc, dyn_params(gamma=KT300 / D), R0, 4001, {}, seed=1)
    runs = []
    for seed in seeds:
        t0 = time.perf_counter()
        mc = MatchingConfig(loss='wasserstein', n_critic=3, batch=16, window=8, lr_dynamics=0.03, steps=steps,
                            warmup=20, checkpoint_every=50, seed=seed, decay_to=decay_to)
        res = fit(ref, free, dc, CLF, mc, run_dir(out, 'brownian', seed, seeds), dyn=dyn_params(gamma=2.5 * KT300 / D),
                  progress=True)
        est = float(np.mean(res.summary['D_free_tail_mean']))
        runs.append(({'D_free': (est, D)}, res.summary['seconds_per_step'], dict(B=mc.batch, T=mc.window, N=n_beads),
                     time.perf_counter() - t0))
    return runs

def langevin(out, steps, learn_potential=False, seeds=(0,), decay_to=0.1, potential_start=(1., 1.), rdf_weight=0., lr_potential=1e-3):
    "One fit per seed; a list of ({combination: (estimate, truth)}, seconds per step, size, wall s) per seed."
    N, rho = 64, 33.4
    L = (N / rho) ** (1 / 3)
    lj = lennard_jones(np.full(3, L), sigma=0.3166, epsilon=0.65, cutoff=0.6, switch_width=0.1)
    dc = DynamicsConfig(integrator='langevin', dt=0.005, frame_dt=0.02, neighbor_format='Dense', partial_steps=8)
    m, g = 18., 180.
    R0 = jnp.asarray(lattice(N, L))
    sim = CGDynamics(lj.energy, lj.box, lj.cutoff, dc)
    theta = lj.init(jax.random.PRNGKey(0), R0, sim.allocate(R0[None]))
    ref = reference(lj, dc, dyn_params(gamma=g, m=m), R0, 4001, theta, seed=2, n_equil=500)
    truth = {k: float(np.exp(v)) for k, v in theta.items()}
    start = {k: v + float(np.log(f)) for (k, v), f in zip(sorted(theta.items()), potential_start)} if learn_potential else theta
    runs = []
    for seed in seeds:
        t0 = time.perf_counter()
        mc = MatchingConfig(loss='logistic', n_critic=3, batch=16, window=8, lr_dynamics=0.03,
                            lr_potential=lr_potential if learn_potential else 0., steps=steps, warmup=min(20, steps - 1), checkpoint_every=50,
                            seed=seed, decay_to=decay_to, rdf_weight=rdf_weight)
        d = run_dir(out, 'langevin', seed, seeds)
        res = fit(ref, lj, dc, CLF, mc, d, dyn=dyn_params(gamma=g / 2.5, m=2.5 * m), pot_params=start, progress=True)
        s = res.summary
        est = {'m_eff': (float(np.mean(s['m_eff_tail_mean'])), m), 'gamma_eff': (float(np.mean(s['gamma_eff_tail_mean'])), g)}
        if learn_potential:
            print(f"seed {seed}: LJ parameters: start", {k[4:]: round(float(np.exp(v)), 4) for k, v in start.items()},
                  "trained", {k[4:]: round(float(np.exp(v)), 4) for k, v in res.pot_params.items()},
                  "true", {k[4:]: round(v, 4) for k, v in truth.items()})
            est.update({k[4:]: (float(np.exp(res.pot_params[k])), v) for k, v in truth.items()})
            cg = reference(lj, dc, res.dyn, ref.xyz[-1], 5001, res.pot_params, seed=100 + seed)
            c = evaluate(ref, cg, out=d / 'evaluation', label=f'trained, seed {seed}')
            print(f"seed {seed}: 100 ps CG run of the trained model: RDF MAE {c['rdf_mae']:.4f} (reference noise floor "
                  f"{c['rdf_mae_noise']:.4f}: ratio {c['rdf_mae'] / c['rdf_mae_noise']:.2f}), ADF MAE {c['adf_mae']:.2e} "
                  f"(floor {c['adf_mae_noise']:.2e}), D_CG / D_AA {c['D_ratio']:.3f}")
            runs_rdf.append(c['rdf_mae'] / c['rdf_mae_noise'])
        runs.append((est, s['seconds_per_step'], dict(B=mc.batch, T=mc.window, N=N), time.perf_counter() - t0))
    return runs

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--steps', type=int, default=300, help='generator steps per run')
    ap.add_argument('--out', default=None, help='run directories (default: a temporary directory, removed)')
    ap.add_argument('--cases', default='brownian,langevin', help='comma-separated: brownian, langevin')
    ap.add_argument('--learn-potential', action='store_true', help='train the LJ parameters of the Langevin case too')
    ap.add_argument('--seeds', default='0', help='comma-separated training seeds (MatchingConfig.seed), one fit each')
    ap.add_argument('--potential-start', default='1,1', help='with --learn-potential: start epsilon, sigma at these factors of the truth')
    ap.add_argument('--lr-potential', type=float, default=1e-3, help='learning rate of the LJ parameters (--learn-potential)')
    ap.add_argument('--rdf-weight', type=float, default=0., help='weight of the structural term (MatchingConfig.rdf_weight)')
    ap.add_argument('--brownian-beads', type=int, default=24, help='free beads of the Brownian case (more: a steadier classifier signal)')
    ap.add_argument('--decay-to', type=float, default=0.1, help='generator learning rates decay (cosine) to this fraction at the last step')
    a = ap.parse_args()
    seeds = tuple(int(x) for x in a.seeds.split(','))
    if len(set(seeds)) != len(seeds): ap.error(f"--seeds must be distinct, got {a.seeds}")
    out = Path(a.out) if a.out else Path(tempfile.mkdtemp())
    errs, spreads = {}, {}
    cases = (('brownian', lambda: brownian(out, a.steps, seeds, a.brownian_beads, a.decay_to)),
             ('langevin', lambda: langevin(out, a.steps, a.learn_potential, seeds, a.decay_to,
                                           tuple(float(x) for x in a.potential_start.split(',')), a.rdf_weight, a.lr_potential)))
    for name, run in cases:
        if name not in a.cases.split(','): continue
        t0 = time.perf_counter()
        runs = run()
        for seed, (est, sec, size, wall) in zip(seeds, runs):
            for k, (x, true) in est.items():
                errs[f"{name}.{k}.seed{seed}"] = err = abs(x / true - 1)
                print(f"{name:8s} seed {seed:<3d} {k:9s} learned {x:.4g}, true {true:.4g}, start off by 2.5x: "
                      f"relative error {err:.1%}")
            print(f"{name} seed {seed}: {sec:.2f} s per training step (B={size['B']}, T={size['T']}, N={size['N']}), "
                  f"{wall:.0f} s")
        if len(seeds) > 1:
            for k in runs[0][0]:
                xs = [r[0][k][0] for r in runs]
                spreads[f"{name}.{k}"] = sp = max(xs) / min(xs) - 1
                print(f"{name:8s} {k:9s} over seeds {','.join(map(str, seeds))}: "
                      f"{', '.join(f'{x:.4g}' for x in xs)}; mean {np.mean(xs):.4g}, spread max/min - 1 = {sp:.1%}")
        print(f"{name}: {time.perf_counter() - t0:.0f} s in all ({len(seeds)} seed{'s' * (len(seeds) > 1)})")
    if not a.out: shutil.rmtree(out)
    if runs_rdf: print(f"rdf_mae_over_noise={max(runs_rdf):.3f}")
    if spreads: print(f"seed_spread={max(spreads.values()):.4f}")
    print(f"worst_rel_err={max(errs.values()):.4f}")

if __name__ == '__main__':
    main()
