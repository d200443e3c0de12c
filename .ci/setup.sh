#!/usr/bin/env bash
# Installs the Debian packages the tests and the report need beyond Java and Maven: real
# Fashion-MNIST for the data tests, headless Chromium to render index.html, pdflatex with the
# LaTeX packages templates/report.tex.ftl loads, poppler to turn the PDF into PNG, Slurm and
# munge for the slurm-study IT's one-node cluster, gpg for the release rehearsal; then, from
# npm, action-validator, which .ci/check-workflows runs on the example GitHub Actions workflow;
# then, from Maven Central, the other Mavens that .ci/run runs the Invoker ITs on.
# Each package is named here itself: apt-get runs with --no-install-recommends, so a package
# reached only through a Recommends (lmodern is one of texlive-latex-recommended) would be
# missing on a fresh machine. .ci/check-setup checks this list against templates/ and .ci/tools.
# `bash .ci/setup.sh --list` prints the list and installs nothing; `--maven-homes` prints the
# homes of the other Mavens, one a line, and installs nothing.
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
  gpg                    # .ci/rehearse-release: a throwaway signing key; verifying the signatures
  gpg-agent              # gpg keeps secret keys through it (gpg only Recommends it)
)
# The Mavens besides the machine's own that .ci/run runs the Invoker ITs on: the newest 3.9 and
# the newest 4.0 release candidate that Maven Central serves, each with the SHA-512 Central
# publishes beside it, checked here before anything is unpacked.
other_mavens=(
  "3.9.16 831a8591fe20c8243b1dbe7d71e3244f31d1665b0804b2e825e38cbbe5ce0cafb8338851f90780735568773e0a6cd07bbec107cda0b896b008b861075358b6f6"
  "4.0.0-rc-7 17b886c0ffb7ec225e514afa8179b3143d855d196cfbb4607ece6272a9b4f51501a389438ab6841b393a4b1391a1b714f07f450daba1951f53f732b400338184"
)
mavens_directory=/opt/vgp-mavens
if [ "${1:-}" = --list ]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi
if [ "${1:-}" = --maven-homes ]; then
  for entry in "${other_mavens[@]}"; do echo "$mavens_directory/apache-maven-${entry%% *}"; done
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

# Maven fetches each distribution itself (org.apache.maven:apache-maven:<version>:tar.gz:bin,
# through the settings and mirrors of whoever runs this); a home is moved into place only once
# unpacked whole, so a run that was interrupted leaves no half Maven that a later run takes as done.
for entry in "${other_mavens[@]}"; do
  version=${entry%% *} sha512=${entry#* }
  home=$mavens_directory/apache-maven-$version
  [ -x "$home/bin/mvn" ] && continue
  download=$(mktemp -d)
  mvn -B -ntp -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.apache.maven:apache-maven:$version:tar.gz:bin" -DoutputDirectory="$download"
  archive=$download/apache-maven-$version-bin.tar.gz
  if ! echo "$sha512  $archive" | sha512sum --check --quiet; then
    echo "apache-maven-$version-bin.tar.gz does not have the SHA-512 in .ci/setup.sh" >&2
    exit 1
  fi
  $sudo_cmd mkdir -p "$mavens_directory"
  $sudo_cmd rm -rf "$home.partial"
  $sudo_cmd mkdir "$home.partial"
  $sudo_cmd tar -xzf "$archive" -C "$home.partial" --strip-components=1
  $sudo_cmd rm -rf "$home"
  $sudo_cmd mv "$home.partial" "$home"
  rm -rf "$download"
done
