"""Speed of `dynamic_matching.metrics` against MDAnalysis on the same trajectory.

Data: 256 beads random-walking (Gaussian steps, D = 2.3e-3 nm^2/ps, the self-diffusion of SPC/E water) for
5,000 frames 20 fs apart, in a cubic box at the number density of SPC/E water (33.4 molecules/nm^3, edge 1.972 nm),
starting from uniform random positions. The structure is that of an ideal gas, but the work per frame is that of
liquid water: the same number of pairs, and about 12.7 neighbours per bead within the 0.45 nm ADF cutoff.

Ours: `analyze` (RDF with 0.002 nm bins up to half the box, ADF with 1-degree bins, FFT MSD over all lags, D fit),
timed from the `CGTrajectory`, jit compilation included (wall-clock time; CPU time printed as well). MDAnalysis: `InterRDF` (same bins and range, self pairs
excluded) + `EinsteinMSD(fft=True)` (needs tidynamics), on in-memory universes built from the same arrays (building
them is not timed). The two results are compared as a check. The last line printed is
`speedup_vs_mdanalysis=<MDAnalysis time / ours>`.

With `--reference`, the data are instead the default SPC/E reference run (`ReferenceConfig()`: 256 molecules,
100 ps, frames every 20 fs: also 256 beads x 5,000 frames, NPT), mapped to centres of mass with `load_cg`; it is
taken from the cache, or simulated first (about 7 minutes on two cores).

    python benchmarks/analysis_speed.py [--frames 5000] [--beads 256] [--reference]
"""
import argparse, time, warnings
import numpy as np
from dynamic_matching.core import CGTrajectory
from dynamic_matching.metrics import analyze


def random_walk(n_beads, n_frames, D=2.3e-3, dt=0.02, density=33.4, seed=0):
    "Beads random-walking in a cubic box of the given number density [1/nm^3]; frames dt [ps] apart."
    rng = np.random.default_rng(seed)
    L = (n_beads / density) ** (1 / 3)
    xyz = rng.uniform(0, L, (1, n_beads, 3)) + np.cumsum(
        rng.normal(scale=np.sqrt(2 * D * dt), size=(n_frames, n_beads, 3)), axis=0)
    return CGTrajectory(xyz, [L, L, L], dt, 18.015)


def mdanalysis_universe(xyz_nm, box_nm, dt):
    "In-memory MDAnalysis universe of the positions [T, N, 3] [nm] (converted to angstrom)."
    import MDAnalysis as mda
    u = mda.Universe.empty(xyz_nm.shape[1], trajectory=True)
    dims = np.concatenate([box_nm * 10, np.full((len(box_nm), 3), 90.0)], axis=1).astype(np.float32)
    u.load_new((xyz_nm * 10).astype(np.float32), format='memory', dimensions=dims, dt=dt)
    return u


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--frames', type=int, default=5000)
    ap.add_argument('--beads', type=int, default=256)
    ap.add_argument('--reference', action='store_true', help='use the default SPC/E reference run instead')
    args = ap.parse_args()
    from MDAnalysis.analysis.rdf import InterRDF
    from MDAnalysis.analysis.msd import EinsteinMSD
    try: import tidynamics  # noqa: F401  (EinsteinMSD's FFT algorithm)
    except ImportError: raise SystemExit("EinsteinMSD(fft=True) needs tidynamics: pip install tidynamics")

    if args.reference:
        from dynamic_matching.reference import ReferenceConfig, run_reference
        from dynamic_matching.data import load_cg
        d = run_reference(ReferenceConfig())
        cg = load_cg(d / 'traj.xtc', d / 'top.pdb')
    else: cg = random_walk(args.beads, args.frames)
    dr = 0.002
    n_bins = int(np.floor(cg.box.min() / 2 / dr + 1e-9))
    print(f"{cg}; RDF {n_bins} bins of {dr} nm, ADF 180 bins within 0.45 nm, MSD over all {cg.n_frames - 1} lags")

    t0, c0 = time.perf_counter(), time.process_time()
    res = analyze(cg, r_max=n_bins * dr, dr=dr, adf_cutoff=0.45, adf_bins=180)
    t_ours, c_ours = time.perf_counter() - t0, time.process_time() - c0
    print(f"dynamic_matching (RDF + ADF + MSD + D): {t_ours:.2f} s (CPU time {c_ours:.2f} s)")

    t0 = time.perf_counter()
    u_wrapped = mdanalysis_universe(cg.wrapped, cg.box, cg.dt)
    u_unwrapped = mdanalysis_universe(cg.xyz, cg.box, cg.dt)
    t_setup = time.perf_counter() - t0
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        t0, c0 = time.perf_counter(), time.process_time()
        r = InterRDF(u_wrapped.atoms, u_wrapped.atoms, nbins=n_bins, range=(0.0, n_bins * dr * 10),
                     exclusion_block=(1, 1)).run()
        t_rdf = time.perf_counter() - t0
        m = EinsteinMSD(u_unwrapped, select='all', msd_type='xyz', fft=True).run()
        t_msd = time.perf_counter() - t0 - t_rdf
    t_mda, c_mda = t_rdf + t_msd, time.process_time() - c0
    print(f"MDAnalysis InterRDF: {t_rdf:.2f} s, EinsteinMSD(fft=True): {t_msd:.2f} s, total {t_mda:.2f} s "
          f"(CPU time {c_mda:.2f} s; building the universes, not counted: {t_setup:.2f} s)")

    dg = np.abs(r.results.rdf - res['rdf']['g'])[res['rdf']['r_nm'] > 0.25]
    msd_mda = m.results.timeseries / 100
    rel = np.abs(res['msd']['msd_nm2'][1:] / msd_mda[1:] - 1)
    print(f"check: RDF max |diff| (r > 0.25 nm) {dg.max():.2e}, MSD max relative diff {rel.max():.2e}, "
          f"D = {res['D_nm2_per_ps']:.3e} nm^2/ps (fit {res['D_fit_ps'][0]:g}-{res['D_fit_ps'][1]:g} ps)")
    print(f"CPU-time ratio {c_mda / c_ours:.2f} (a steadier measure on a shared machine)")
    print(f"speedup_vs_mdanalysis={t_mda / t_ours:.2f}")


if __name__ == '__main__':
    main()
