"""RDF and MSD of `dynamic_matching.metrics` against MDAnalysis on a short SPC/E reference run.

The reference (20 ps of SPC/E water after 10 ps of equilibration, NPT, frames every 20 fs) comes from
`run_reference` and is cached, so it is simulated once (about a minute on two cores). It is mapped to one bead per
molecule at its centre of mass with `load_cg`, and MDAnalysis sees exactly those bead positions (in angstrom),
through in-memory universes: wrapped into each frame's box for the RDF, unwrapped for the MSD.

MDAnalysis conventions matched here: `InterRDF` bins with `np.histogram` over `range=(0, r_max)` into `nbins`,
which are our bins when `r_max` is a whole number of bins; with `exclusion_block=(1, 1)` it drops the self pairs
and normalises by N(N-1) pairs, as we do; it divides by the mean volume where we weight each frame by its own
volume (NPT), a difference far below the tolerance. `EinsteinMSD(fft=True)` (which needs tidynamics; without it the
direct windowed algorithm runs) averages over all time origins and beads, as `msd` does.
"""
import warnings
import numpy as np
import pytest

mda = pytest.importorskip('MDAnalysis')
from MDAnalysis.analysis.rdf import InterRDF
from MDAnalysis.analysis.msd import EinsteinMSD
from dynamic_matching.reference import ReferenceConfig, run_reference
from dynamic_matching.data import load_cg
from dynamic_matching.metrics import rdf, msd

CFG = ReferenceConfig(system='spce', ps=20.0, equil_ps=10.0)


@pytest.fixture(scope='module')
def spce():
    d = run_reference(CFG, progress=False)
    return load_cg(d / 'traj.xtc', d / 'top.pdb')


def universe(xyz_nm, box_nm, dt):
    "In-memory universe of positions [T, N, 3] [nm], boxes [T, 3] [nm], frame interval dt [ps]."
    u = mda.Universe.empty(xyz_nm.shape[1], trajectory=True)
    dims = np.concatenate([box_nm * 10, np.full((len(box_nm), 3), 90.0)], axis=1).astype(np.float32)
    u.load_new((xyz_nm * 10).astype(np.float32), format='memory', dimensions=dims, dt=dt)
    return u


def test_reference_is_spce(spce):
    assert spce.n_frames >= 1000 and spce.n_beads >= 200
    assert np.ptp(spce.box[:, 0]) > 0                 # NPT: the box fluctuates, per-frame volumes matter
    np.testing.assert_allclose(spce.dt, 0.02)


def test_rdf_matches_interrdf(spce):
    dr = 0.005
    n_bins = int(np.floor(spce.box.min() / 2 / dr))
    r, g = rdf(spce, r_max=n_bins * dr, dr=dr)
    u = universe(spce.wrapped, spce.box, spce.dt)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        ref = InterRDF(u.atoms, u.atoms, nbins=n_bins, range=(0.0, n_bins * dr * 10), exclusion_block=(1, 1)).run()
    np.testing.assert_allclose(ref.results.bins / 10, r, atol=1e-6)
    well = r > 0.25                                   # beyond the excluded core, where pairs are counted by thousands
    diff = np.abs(ref.results.rdf - g)
    assert diff[well].max() <= 0.02, f"max |g - g_MDAnalysis| = {diff[well].max():.4f} at r = {r[well][diff[well].argmax()]:.3f} nm"
    assert g.max() > 2.0                              # the first shell of liquid water is there


def test_msd_matches_einsteinmsd(spce):
    lag, m = msd(spce.xyz, spce.dt)
    u = universe(spce.xyz, spce.box, spce.dt)
    try:
        import tidynamics  # noqa: F401
        fft = True
    except ImportError:
        fft = False
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        ref = EinsteinMSD(u, select='all', msd_type='xyz', fft=fft).run()
    m_ref = ref.results.timeseries / 100             # angstrom^2 -> nm^2
    np.testing.assert_allclose(ref.times, lag, rtol=1e-6)
    rel = np.abs(m[1:] / m_ref[1:] - 1)
    assert rel.max() <= 0.01, f"max relative MSD difference {rel.max():.2e}"
