#!/usr/bin/env bash
# Installs the Debian packages the tests and the report need beyond Java and Maven: real
# Fashion-MNIST for the data tests, headless Chromium to render index.html, pdflatex with the
# LaTeX packages templates/report.tex.ftl loads, poppler to turn the PDF into PNG, Slurm and
# munge for the slurm-study IT's one-node cluster; then, from npm, action-validator, which
# .ci/check-workflows runs on the example GitHub Actions workflow.
# Each package is named here itself: apt-get runs with --no-install-recommends, so a package
# reached only through a Recommends (lmodern is one of texlive-latex-recommended) would be
# missing on a fresh machine. .ci/check-setup checks this list against templates/ and .ci/tools.
# `bash .ci/setup.sh --list` prints the list and installs nothing.
set -euo pipefail
packages=(
  dataset-fashion-mnist  # /usr/share/datasets/fashion-mnist
  chromium               # renders index.html in RenderingToolsTest
  texlive-latex-base     # pdflatex's LaTeX format; fontenc, inputenc, geometry
  texlive-latex-recommended  # booktabs, xcolor, caption
  texlive-pictures       # pgfplots, pgfplotstable
  lmodern                # lmodern.sty and its Type 1 fonts
  poppler-utils          # pdftoppm
  slurm-wlm              # sbatch, squeue, scontrol, slurmctld, slurmd: src/it/slurm-study
  munge                  # munged, mungekey: Slurm's authentication in src/it/slurm-study
  nodejs                 # node and npm, to install action-validator below
)
if [ "${1:-}" = --list ]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Validates GitHub workflow files against their schema (docs/examples/*.yml, .ci/check-workflows);
# the npm package ships its own WebAssembly build, so nothing else is downloaded.
if ! command -v action-validator >/dev/null; then
  # Debian's own nodejs comes without npm (NodeSource's, on the development machines, has it)
  if ! command -v npm >/dev/null; then
    $sudo_cmd apt-get install -y -q --no-install-recommends npm
  fi
  $sudo_cmd npm install --global --no-fund --no-audit @action-validator/cli@0.6.0
fi
