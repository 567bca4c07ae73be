"""Seconds per dynamic-matching training step at the package defaults, and where the time goes.

On the SPC/E reference of the default protocol (256 waters mapped to one bead each, frames every 20 fs; generated and
cached by `dm_reference` / `run_reference` on first use) with the default configs of `dm_train`
(PotentialConfig(), DynamicsConfig(), ClassifierConfig(), MatchingConfig()), this times, each jitted and after a
warm-up, the median of --repeats calls:

- rollout: the CG windows of one classifier update (B windows of T frames from AA start frames);
- classifier forward: scores of B AA and B CG windows;
- classifier update: value and gradient of the classifier loss (with the gradient penalty for the Wasserstein loss);
- generator gradient: value and gradient of the generator loss through the rollout and the classifier;
- the whole training step (n_critic classifier updates and one generator update), as `fit` runs it.

The last line is `seconds_per_step=<seconds>`.

    python benchmarks/train_step.py [--repeats 3] [--batch 8] [--window 8] [--n-critic 5] [--terms lj]
"""
import argparse, time, json
from dataclasses import replace
import numpy as np
import jax, jax.numpy as jnp
from dynamic_matching.reference import ReferenceConfig, run_reference
from dynamic_matching.data import load_cg, split_blocks, sample_windows
from dynamic_matching.potentials import PotentialConfig, make_potential
from dynamic_matching.dynamics import DynamicsConfig, CGDynamics
from dynamic_matching.classifier import ClassifierConfig, make_classifier
from dynamic_matching.matching import (MatchingConfig, make_train_step, critic_loss, generator_loss, gradient_penalty,
                                       initial_dynamics, Batch, _into_box)

def timed(fn, *args, repeats=3):
    "Median wall seconds of fn(*args) after one warm-up (compilation) call."
    t0 = time.perf_counter(); jax.block_until_ready(fn(*args)); compile_s = time.perf_counter() - t0
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter(); jax.block_until_ready(fn(*args)); ts.append(time.perf_counter() - t0)
    return float(np.median(ts)), compile_s

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--batch', type=int, default=MatchingConfig.batch)
    ap.add_argument('--window', type=int, default=MatchingConfig.window)
    ap.add_argument('--n-critic', type=int, default=MatchingConfig.n_critic)
    ap.add_argument('--loss', default=MatchingConfig.loss)
    ap.add_argument('--terms', default='lj', help="potential terms joined by '+'")
    ap.add_argument('--ps', type=float, default=100., help='reference length [ps] (default: the dm_demo reference)')
    a = ap.parse_args()

    ref_dir = run_reference(ReferenceConfig(system='spce', ps=a.ps))
    cg = load_cg(ref_dir / 'traj.xtc', ref_dir / 'top.pdb')
    mc = MatchingConfig(batch=a.batch, window=a.window, n_critic=a.n_critic, loss=a.loss)
    dc, cc = DynamicsConfig(frame_dt=cg.dt, neighbor_format='Dense'), ClassifierConfig()
    box = tuple(float(b) for b in cg.box.mean(0))
    pot = make_potential(PotentialConfig(terms=tuple(a.terms.split('+'))), box)
    sim = CGDynamics(pot.energy, pot.box, pot.cutoff, dc)
    clf = make_classifier(cc)
    B, T, N = mc.batch, mc.window, cg.n_beads
    print(f"B = {B} windows, T = {T} frames of {cg.dt:g} ps ({dc.steps_per_frame} CG steps of {dc.dt * 1e3:g} fs each), "
          f"N = {N} beads; potential {pot.name}, {dc.integrator}, loss {mc.loss}, n_critic {mc.n_critic}; "
          f"{jax.devices()[0].platform.upper()}, {jax.device_count()} device(s)")

    train, _ = split_blocks(cg, mc.train_frac)
    sets = [sample_windows(k, train, B, T + 1, 1) for k in jax.random.split(jax.random.PRNGKey(0), mc.n_critic + 1)]
    xyz, bx = jnp.stack([x for x, _ in sets]), jnp.stack([b for _, b in sets])
    R0 = _into_box(xyz[0, :, 1], bx[0, :, 1], sim.box); Rp = _into_box(xyz[0, :, 0], bx[0, :, 1], sim.box)
    nb = sim.allocate(jnp.concatenate([_into_box(xyz[i, :, 1], bx[i, :, 1], sim.box) for i in range(len(xyz))]))
    dyn = initial_dynamics(cg, dc)
    key = jax.random.PRNGKey(1)
    pot_params = pot.init(key, R0[0], nb)
    gen = {'dyn': dyn, 'pot': pot_params}
    cg_box = jnp.broadcast_to(jnp.asarray(sim.box, jnp.float32), (B, T, 3))
    aa = (xyz[0, :, 1:], bx[0, :, 1:])

    rollout = jax.jit(lambda k, g: sim.simulate(k, R0, g['dyn'], g['pot'], T, nb, Rp)[0])
    frames = rollout(key, gen)
    clf_params = jax.jit(clf.init)(key, frames, cg_box)
    forward = jax.jit(lambda p: (clf.apply(p, *aa), clf.apply(p, frames, cg_box)))
    def critic_obj(p, k):
        f_aa, f_cg = clf.apply(p, *aa), clf.apply(p, frames, cg_box)
        l = critic_loss(f_aa, f_cg, mc.loss)
        if mc.loss == 'wasserstein':
            l = l + mc.gp_weight * gradient_penalty(clf.apply, p, k, *aa, frames, cg_box, cc.step_scale)[0]
        return l
    critic_grad = jax.jit(jax.value_and_grad(critic_obj))
    gen_grad = jax.jit(jax.value_and_grad(
        lambda g, k: generator_loss(clf.apply(clf_params, sim.simulate(k, R0, g['dyn'], g['pot'], T, nb, Rp)[0], cg_box), mc.loss)))
    init_state, step = make_train_step(sim, clf, mc, cc)
    state = jax.jit(init_state)(key, gen, Batch(xyz, bx, nb))
    step = jax.jit(step)

    rows = []
    for name, fn, args in [('rollout (B windows)', rollout, (key, gen)),
                           ('classifier forward (B AA + B CG)', forward, (clf_params,)),
                           ('classifier update (value + grad)', critic_grad, (clf_params, key)),
                           ('generator gradient (rollout + classifier)', gen_grad, (gen, key)),
                           ('whole training step', step, (key, state, Batch(xyz, bx, nb)))]:
        s, c = timed(fn, *args, repeats=a.repeats)
        rows.append((name, s, c)); print(f"  {name:<44s} {s:8.3f} s   (compile {c:6.1f} s)", flush=True)
    r, f, cu, gg, total = (x[1] for x in rows)
    est = mc.n_critic * (r + cu) + gg
    print(f"\nbreakdown of one step (n_critic = {mc.n_critic}): {mc.n_critic} x rollout {mc.n_critic * r:.2f} s "
          f"({mc.n_critic * r / est:.0%}), {mc.n_critic} x classifier update {mc.n_critic * cu:.2f} s "
          f"({mc.n_critic * cu / est:.0%}), generator gradient {gg:.2f} s ({gg / est:.0%}); sum {est:.2f} s "
          f"vs measured step {total:.2f} s")
    print(f"classifier update / forward = {cu / f:.1f}; generator gradient / rollout = {gg / r:.1f}")
    print(f"seconds_per_step={total:.3f}")

if __name__ == '__main__':
    main()
