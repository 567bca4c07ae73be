"""Is the trajectory classifier a real instrument? Two checks on the SPC/E reference (256 waters, one bead each):

1. the same AA trajectory in two classes (alternate blocks of 250 frames = 5 ps, even blocks labelled 1, odd 0):
   a classifier trained on windows of the first 80 % of each class's blocks must stay near chance (50 %) on
   held-out windows from the remaining blocks (alternating blocks, so that slow drifts such as the NPT box volume
   favour neither class; with the first and second halves instead, the held-out end of the first half sits next to
   the second half and one run scored 38 % +- 4 %);
2. AA against a visibly wrong CG model (the untrained Langevin LJ model with the friction of `initial_dynamics`
   multiplied by --friction-factor, 10 by default; CG windows rolled out from AA start frames, as in training):
   held-out accuracy must exceed 90 %.

Logistic loss, Adam, fresh random windows every step. Held-out accuracy is measured on --test-windows windows of
each class that were never trained on, with its binomial standard error. Last line:
`same_acc=<...> wrong_acc=<...>`.

    python benchmarks/classifier_instrument.py [--steps 150] [--batch 8] [--window 8]
"""
import argparse, math, time
import numpy as np
import jax, jax.numpy as jnp, optax
from tqdm.auto import tqdm
from dynamic_matching.reference import ReferenceConfig, run_reference
from dynamic_matching.data import load_cg, sample_windows
from dynamic_matching.potentials import PotentialConfig, make_potential
from dynamic_matching.dynamics import DynamicsConfig, CGDynamics, dyn_params, dyn_summary
from dynamic_matching.classifier import ClassifierConfig, make_classifier
from dynamic_matching.matching import initial_dynamics, _into_box

CLF = ClassifierConfig(irreps_hidden="8x0e + 4x1o", irreps_out="8x0e + 4x1o", n_layers=1, max_ell=1, width=16, n_heads=2)

def train_and_test(name, draw_a, draw_b, steps, lr, seed, n_test):
    "Train a fresh classifier on windows draw_a(key, 'train') (label 1) vs draw_b(key, 'train') (label 0)."
    clf = make_classifier(CLF)
    k0, key = jax.random.split(jax.random.PRNGKey(seed))
    params = jax.jit(clf.init)(k0, *draw_a(k0, 'train'))
    opt = optax.adam(lr); state = opt.init(params)
    def loss(p, a, b):
        return jnp.mean(jax.nn.softplus(-clf.apply(p, *a))) + jnp.mean(jax.nn.softplus(clf.apply(p, *b)))
    @jax.jit
    def step(p, s, a, b):
        l, g = jax.value_and_grad(loss)(p, a, b)
        u, s = opt.update(g, s, p)
        return optax.apply_updates(p, u), s, l
    score = jax.jit(clf.apply)
    t0 = time.perf_counter()
    for i in tqdm(range(steps), desc=name):
        key, ka, kb = jax.random.split(key, 3)
        params, state, l = step(params, state, draw_a(ka, 'train'), draw_b(kb, 'train'))
    sec = (time.perf_counter() - t0) / steps
    right, total = 0, 0
    while total < 2 * n_test:
        key, ka, kb = jax.random.split(key, 3)
        right += int(jnp.sum(score(params, *draw_a(ka, 'test')) > 0)) + int(jnp.sum(score(params, *draw_b(kb, 'test')) < 0))
        total += 2 * draw_a(ka, 'test')[0].shape[0]
    acc = right / total
    err = math.sqrt(max(acc * (1 - acc), 0.25 / total) / total)
    print(f"{name}: held-out accuracy {acc:.1%} +- {err:.1%} on {total} windows; last training loss {float(l):.3f}; "
          f"{sec:.2f} s per step", flush=True)
    return acc, err

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--steps', type=int, default=150)
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--window', type=int, default=8)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--friction-factor', type=float, default=10.)
    ap.add_argument('--test-windows', type=int, default=64)
    ap.add_argument('--ps', type=float, default=100.)
    ap.add_argument('--block', type=int, default=250, help='frames per block of the same-data check')
    a = ap.parse_args()
    ref_dir = run_reference(ReferenceConfig(system='spce', ps=a.ps))
    cg = load_cg(ref_dir / 'traj.xtc', ref_dir / 'top.pdb')
    n = cg.n_frames
    B, T = a.batch, a.window
    print(f"SPC/E reference: {n} frames of {cg.dt:g} ps, {cg.n_beads} beads; B = {B}, T = {T}")

    # 1. the same AA data in two classes: alternate blocks of --block frames (even blocks labelled 1, odd 0), so that
    #    slow drifts of the trajectory (box volume under NPT, collective modes) favour neither class; the last 20 % of
    #    the blocks of each class are held out
    nb_ = n // a.block
    blocks_of = {c: [cg[i * a.block:(i + 1) * a.block] for i in range(c, nb_, 2)] for c in (0, 1)}
    cut = {c: max(1, int(round(0.8 * len(blocks_of[c])))) for c in (0, 1)}
    def draw_same(c):
        def draw(k, part):
            pool = blocks_of[c][:cut[c]] if part == 'train' else blocks_of[c][cut[c]:]
            kb, kw = jax.random.split(k)
            return sample_windows(kw, pool[int(jax.random.randint(kb, (), 0, len(pool)))], B, T)
        return draw
    same = train_and_test('the same AA data in two classes (alternate blocks)', draw_same(0), draw_same(1),
                          a.steps, a.lr, 0, a.test_windows)

    # 2. AA against a wrong CG model, rolled out from AA start frames of the same block
    dc = DynamicsConfig(frame_dt=cg.dt, neighbor_format='Dense')
    box = tuple(float(b) for b in cg.box.mean(0))
    pot = make_potential(PotentialConfig(terms=('lj',)), box)
    sim = CGDynamics(pot.energy, pot.box, pot.cutoff, dc)
    d0 = initial_dynamics(cg, dc)
    s0 = dyn_summary(d0, dc.kT)
    wrong = dyn_params(gamma=float(np.mean(s0['gamma_eff'])) * a.friction_factor, m=float(np.mean(s0['m_eff'])))
    print(f"wrong model: LJ (sigma 0.3166 nm, epsilon 0.65 kJ/mol), m_eff {np.mean(s0['m_eff']):.1f} amu, "
          f"gamma_eff {np.mean(s0['gamma_eff']):.0f} x {a.friction_factor:g} amu/ps")
    split = {'train': cg[:int(0.8 * n)], 'test': cg[int(0.8 * n):]}
    R_all = jnp.asarray(cg.xyz[:: max(1, n // 64)][:64], jnp.float32)
    nb = sim.allocate(_into_box(R_all, jnp.asarray(cg.box[:: max(1, n // 64)][:64], jnp.float32), sim.box))
    pot_params = pot.init(jax.random.PRNGKey(0), R_all[0], nb)
    roll = jax.jit(lambda k, R0, Rp: sim.simulate(k, R0, wrong, pot_params, T, nb, Rp)[0])
    box_cg = jnp.broadcast_to(jnp.asarray(sim.box, jnp.float32), (B, T, 3))
    def draw_cg(k, part):
        k1, k2 = jax.random.split(k)
        x, b = sample_windows(k1, split[part], B, 2)
        return roll(k2, _into_box(x[:, 1], b[:, 1], sim.box), _into_box(x[:, 0], b[:, 1], sim.box)), box_cg
    wrong_acc = train_and_test(f'AA vs CG with friction x {a.friction_factor:g}',
                               lambda k, part: sample_windows(k, split[part], B, T), draw_cg, a.steps, a.lr, 1, a.test_windows)
    print(f"same data: {same[0]:.1%} +- {same[1]:.1%} (chance 50 %); wrong model: {wrong_acc[0]:.1%} +- {wrong_acc[1]:.1%} "
          f"(goal > 90 %)")
    print(f"same_acc={same[0]:.3f} wrong_acc={wrong_acc[0]:.3f}")

if __name__ == '__main__':
    main()
