#!/usr/bin/env bash
# The trained Langevin model of this example and the Brownian model of examples/demo_shell_brownian5fs against an
# independent 500 ps SPC/E reference (seed 2): 200 ps of CG at 5 and 10 fs from the reference's last frame each,
# compared with every second frame of both. Usage: bash eval_ref500.sh RUNS   (this README: RUNS = runs)
# A model whose folder already holds comparison.json is skipped, so the script resumes where it stopped.
set -euo pipefail
runs=${1:-runs}
here=$(cd "$(dirname "$0")" && pwd)
[ -f "$runs/ref500/traj.xtc" ] || dm_reference --ps 500 --seed 2 --out "$runs/ref500" --quiet
for model in "langevin:$here/langevin_dt5/model.npz" "brownian:$here/../demo_shell_brownian5fs/brownian_dt5/model.npz"; do
  for pair in 5:0.005 10:0.010; do
    name=${model%%:*}_dt${pair%%:*}; dt=${pair#*:}; out="$runs/eval500_shell/$name"
    [ -f "$out/comparison.json" ] && continue
    dm_simulate --model "${model#*:}" --start "$runs/ref500/traj.xtc" --top "$runs/ref500/top.pdb" \
      --ps 200 --dt "$dt" --frame_dt 0.02 --out "$out" --quiet
    dm_evaluate --ref "$runs/ref500/traj.xtc" --top "$runs/ref500/top.pdb" --cg "$out/cg.xtc" --cg-top "$out/cg.pdb" \
      --stride 2 --label "$name" --out "$out"
  done
done
