#!/usr/bin/env bash
# Installs what the test suite needs beyond Java and Maven: real Fashion-MNIST for the data tests,
# headless Chromium and pdflatex (with pgfplots) to render the report, poppler to turn PDF into PNG.
set -euo pipefail
packages=(dataset-fashion-mnist chromium texlive-latex-recommended
  texlive-pictures poppler-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
