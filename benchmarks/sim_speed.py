"""CG water speed against all-atom SPC/E, measured side by side in one run, and the memory of rollout gradients.

1. All-atom: 256 OpenMM SPC/E molecules (rigid, PME, 0.9 nm cutoff, LangevinMiddle 2 fs, 300 K, CPU platform) in
   a cubic box of 1.9734 nm (1 g/cm^3), started on a lattice with random orientations, timed after minimisation and
   a warm-up (the cost of a step does not depend on how well the liquid is equilibrated).
2. CG: the same molecules as beads (their centres of mass, 18.015 amu), Langevin (BAOAB) at dt = 10 fs through the
   checked rollout of `dynamic_matching.simulate` (chunked, Dense neighbour list, frames every 20 fs), one row per
   potential family: lj, spline, lj+sw3 (pair + Stillinger-Weber three-body, the mW-like model), mw (sw2 + sw3),
   gnn (SchNet-like), nequip, lj+hf, spline+ang3 (the 71-knot table + the learned angular term, 17 knots) and
   spline+ang3/shells (the same with one angular function per pair of shells split at 0.34 nm). Timed after a warm-up rollout that compiles everything. Parameters are the
   configs' initial values; lj+hf uses A = 1e-3 kJ/mol nm^2 (with omega = 1000/nm a large A needs ~1 fs steps, as
   in seed 001; the cost of a step does not depend on A). All families share the Dense neighbour list of their
   largest cutoff (0.9 nm + 0.1 nm skin for the pair terms).
3. Peak scratch memory of the gradient of a loss through 1,000 Langevin steps of the 256-bead LJ model, plain
   backpropagation against `jax.checkpoint` segments (XLA's `memory_analysis().temp_size_in_bytes` of the compiled
   gradient: what the executable allocates besides its inputs and outputs).

The last line is `cg_over_aa_ns_per_day=<ratio>` for the lj+sw3 model.

    python benchmarks/sim_speed.py [--steps 2000] [--aa-steps 2000] [--grad-steps 1000] [--quick] [--only lj,lj+sw3]
"""
import argparse, math, time, warnings
import numpy as np
import jax, jax.numpy as jnp
import openmm as mm
from openmm import app, unit
from dynamic_matching.core import lattice
from dynamic_matching.simulate import model_from_config
from dynamic_matching.dynamics import CGDynamics, DynamicsConfig

warnings.filterwarnings('ignore', message='Explicitly requested dtype float64')
N_MOL = 256
BOX = 1.9734          # [nm]: 256 SPC/E molecules at 1 g/cm^3
DT_CG, FRAME_CG = 0.01, 0.02  # [ps]
FAMILIES = {'lj': dict(terms=['lj']), 'spline': dict(terms=['spline'], spline_init='lj'),
            'lj+sw3': dict(terms=['lj', 'sw3']), 'mw': dict(terms=['mw']),
            'gnn': dict(terms=['gnn']), 'nequip': dict(terms=['nequip']), 'lj+hf': dict(terms=['lj', 'hf'], hf_A=1e-3),
            'spline+ang3': dict(terms=['spline', 'ang3'], spline_init='lj', spline_knots=71),
            'spline+ang3/shells': dict(terms=['spline', 'ang3'], spline_init='lj', spline_knots=71, ang_shell=0.34)}

def spce_box(n:int, box:float):
    """n rigid SPC/E molecules on a lattice with random orientations in a cubic box [nm] (force field as in
    `reference.build_spce`: OpenMM's spce.xml, PME, 0.9 nm cutoff, Ewald tolerance 5e-4)."""
    rng = np.random.default_rng(0)
    side = math.ceil(round(n ** (1 / 3), 9))
    sites = lattice(side ** 3, box)[np.sort(rng.choice(side ** 3, n, replace=False))]   # n random sites
    half = math.radians(109.47) / 2
    local = np.array([[0, 0, 0], [0.1 * math.sin(half), 0.1 * math.cos(half), 0], [-0.1 * math.sin(half), 0.1 * math.cos(half), 0]])
    top = app.Topology(); chain = top.addChain(); xyz = []
    for c in sites:
        q, _ = np.linalg.qr(rng.normal(size=(3, 3)))               # random rotation
        xyz.append(c + local @ q.T)
        res = top.addResidue('HOH', chain)
        o = top.addAtom('O', app.Element.getBySymbol('O'), res)
        for h in ('H1', 'H2'): top.addBond(o, top.addAtom(h, app.Element.getBySymbol('H'), res))
    top.setPeriodicBoxVectors([mm.Vec3(box, 0, 0), mm.Vec3(0, box, 0), mm.Vec3(0, 0, box)] * unit.nanometer)
    system = app.ForceField('spce.xml').createSystem(top, nonbondedMethod=app.PME, nonbondedCutoff=0.9 * unit.nanometer,
                                                     rigidWater=True, ewaldErrorTolerance=5e-4)
    return top, system, np.concatenate(xyz)

def aa_speed(n_steps:int, warmup:int):
    "ns/day of OpenMM SPC/E; returns (ns_per_day, n_molecules, centres of mass [n, 3] of the minimised box)."
    top, system, xyz = spce_box(N_MOL, BOX)
    integ = mm.LangevinMiddleIntegrator(300 * unit.kelvin, 1 / unit.picosecond, 0.002 * unit.picoseconds)
    sim = app.Simulation(top, system, integ, mm.Platform.getPlatformByName('CPU'))
    sim.context.setPositions(xyz * unit.nanometer)
    sim.minimizeEnergy(maxIterations=200)
    sim.context.setVelocitiesToTemperature(300 * unit.kelvin, 1)
    sim.step(warmup)
    t0 = time.perf_counter(); sim.step(n_steps)
    sim.context.getState(getEnergy=True)   # wait for the work to finish
    sec = time.perf_counter() - t0
    pos = sim.context.getState(getPositions=True, enforcePeriodicBox=False).getPositions(asNumpy=True).value_in_unit(unit.nanometer)
    m = np.array([system.getParticleMass(i).value_in_unit(unit.dalton) for i in range(system.getNumParticles())])
    res = [[a.index for a in r.atoms()] for r in top.residues()]
    com = np.stack([(pos[r] * m[r, None]).sum(0) / m[r].sum() for r in res]) % BOX
    threads = sim.context.getPlatform().getPropertyValue(sim.context, 'Threads')
    return n_steps * 0.002 / 1000 / sec * 86400, len(res), com, threads

def cg_speed(name:str, R0, n_steps:int):
    "ns/day of a CG family through the checked rollout (after a compiling warm-up); None and the error if it fails."
    model = model_from_config(dict(FAMILIES[name], integrator='langevin', temperature=300., dt=DT_CG, frame_dt=FRAME_CG,
                                   gamma=180., m=18.015, box=[BOX] * 3, chunk_frames=100))
    sim = model.simulator()
    n_frames = n_steps * DT_CG / FRAME_CG
    R = jnp.asarray(R0, jnp.float32)
    t0 = time.perf_counter()
    sim.rollout(jax.random.PRNGKey(0), R, model.dyn, model.pot_params, 201, progress=False).block_until_ready()
    compile_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    fr = sim.rollout(jax.random.PRNGKey(1), R, model.dyn, model.pot_params, int(n_frames) + 1, progress=False)
    fr.block_until_ready(); sec = time.perf_counter() - t0
    return n_steps * DT_CG / 1000 / sec * 86400, n_steps / sec, compile_s, sim.neighbor.idx.shape[-1]

def _loss(frames): return jnp.mean(jnp.sum(frames[:, 1:] - frames[:, :-1], axis=-1) ** 2)

def grad_memory(R0, n_steps:int):
    "Scratch bytes of the compiled gradient through n_steps Langevin steps (LJ, 256 beads): {'plain', 'checkpoint'}."
    model = model_from_config(dict(terms=['lj'], integrator='langevin', dt=DT_CG, frame_dt=DT_CG, gamma=180., m=18.015,
                                   box=[BOX] * 3))
    out = {}
    for g in ('plain', 'checkpoint'):
        pot = model.make_potential()
        sim = CGDynamics(pot.energy, model.box, pot.cutoff, DynamicsConfig(dt=DT_CG, frame_dt=DT_CG, gradient=g,
                                                                           neighbor_format='Dense'))
        R0s = jnp.asarray(R0, jnp.float32)[None]
        nb = sim.allocate(R0s)
        t0 = time.perf_counter()
        c = sim._jit_vg.lower(_loss, n_steps + 1, jax.random.PRNGKey(0), R0s, None, model.dyn, model.pot_params, nb,
                              (), jnp.int32(n_steps)).compile()
        out[g] = (c.memory_analysis().temp_size_in_bytes, time.perf_counter() - t0)
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--steps', type=int, default=2000, help='timed CG steps per family (default 2000 = 20 ps)')
    ap.add_argument('--aa-steps', type=int, default=2000, help='timed all-atom steps (default 2000 = 4 ps)')
    ap.add_argument('--grad-steps', type=int, default=1000, help='Langevin steps of the memory measurement')
    ap.add_argument('--only', default=None, help='comma-separated families (default all)')
    ap.add_argument('--quick', action='store_true', help='200 CG steps, 500 AA steps, 200 gradient steps')
    a = ap.parse_args()
    if a.quick: a.steps, a.aa_steps, a.grad_steps = min(a.steps, 200), min(a.aa_steps, 500), min(a.grad_steps, 200)
    fams = list(FAMILIES) if a.only is None else a.only.split(',')
    if 'lj+sw3' not in fams: fams.append('lj+sw3')

    aa, n, R0, threads = aa_speed(a.aa_steps, 200 if a.quick else 500)
    print(f"device: {jax.devices()[0].platform} ({jax.device_count()} device(s)); OpenMM CPU threads {threads}; "
          f"{n} molecules in a {BOX} nm box")
    print(f"AA SPC/E OpenMM, PME, 2 fs: {aa:.1f} ns/day ({a.aa_steps} timed steps)\n")
    print(f"{'model':18s} {'beads':>5s} {'nbr slots':>9s} {'compile s':>9s} {'steps/s':>8s} {'ns/day':>9s} {'CG/AA':>7s}")
    print(f"{'AA spce':18s} {3 * n:5d} {'':9s} {'':9s} {aa / 0.002 / 86400 * 1000:8.1f} {aa:9.1f} {1.0:7.2f}")
    ratio = {}
    for f in fams:
        try:
            ns, sps, comp, slots = cg_speed(f, R0, a.steps)
            ratio[f] = ns / aa
            print(f"{f:18s} {n:5d} {slots:9d} {comp:9.1f} {sps:8.1f} {ns:9.1f} {ns / aa:7.2f}")
        except Exception as e:
            print(f"{f:18s} failed: {type(e).__name__}: {str(e)[:200]}")
    print(f"\n(CG: {a.steps} timed Langevin steps of {DT_CG * 1000:g} fs, frames every {FRAME_CG * 1000:g} fs; "
          "the machine is shared, so the numbers are noisy)\n")

    mem = grad_memory(R0, a.grad_steps)
    print(f"gradient through {a.grad_steps} Langevin steps (LJ, {n} beads), XLA temp memory of the compiled gradient:")
    print(f"{'plain':>12s} {'checkpoint':>12s} {'ratio':>7s}")
    print(f"{mem['plain'][0] / 2**20:10.1f}MB {mem['checkpoint'][0] / 2**20:10.1f}MB {mem['plain'][0] / max(1, mem['checkpoint'][0]):7.1f}")
    print(f"cg_over_aa_ns_per_day={ratio.get('lj+sw3', float('nan')):.2f}")

if __name__ == '__main__': main()
