#!/usr/bin/env python3
"""vgp (TensorFlow Java) against PyTorch on the same training step, in one run.

For each round and each model it times vgp's step (StepBenchmark in a fresh JVM) and PyTorch's
(pytorch_step.py in this process), one after the other, alternating which goes first, so that a
machine that speeds up or slows down during the run affects both columns alike. Prints the median
images/s of each over the rounds and their ratio.

Usage, after `mvn install` (which compiles vgp-models):
  /usr/bin/python3 benchmarks/compare.py [--rounds 3] [--steps 5] [--models "VGG08,VGG38 BN + RC"]
      [--bfloat16]
TF_ENABLE_ONEDNN_OPTS=1 is set for the JVM unless the environment already sets it.
"""
import argparse
import os
import pathlib
import statistics
import subprocess
import sys

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import pytorch_step  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
vgp_models = ROOT / "vgp-models"


def java_classpath():
    """vgp-models' compiled classes and runtime dependencies, as Maven resolves them."""
    out = vgp_models / "target" / "benchmark.classpath"
    mvn = subprocess.run(["mvn", "-q", "-B", "-Dstyle.color=never", "-f",
                          str(vgp_models / "pom.xml"), "dependency:build-classpath",
                          "-Dmdep.includeScope=runtime", f"-Dmdep.outputFile={out}"],
                         capture_output=True, text=True)
    if mvn.returncode != 0:
        sys.exit(f"mvn dependency:build-classpath failed:\n{mvn.stdout}{mvn.stderr}")
    classes = vgp_models / "target" / "classes"
    if not classes.is_dir():
        sys.exit(f"{classes} is missing: run `mvn install` first")
    return f"{classes}{os.pathsep}{out.read_text().strip()}"


def vgp_images_per_second(classpath, model, warmup, steps, bfloat16):
    env = dict(os.environ)
    env.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    run = subprocess.run(["java", "-Xmx4g", "-cp", classpath, "dev.vgp.train.StepBenchmark",
                          "--warmup", str(warmup), "--steps", str(steps), "--rounds", "1"]
                         + (["--bfloat16"] if bfloat16 else []) + [model],
                         env=env, check=True, capture_output=True, text=True)
    row = next(line for line in run.stdout.splitlines() if line.startswith(model + " "))
    # columns after the name: batch, start s, ms/step, min, max, images/s, GFLOP/s, device
    return float(row[len(model):].split()[5])


def cpu():
    """This machine's CPU as /proc/cpuinfo names it, with the ISA flags oneDNN dispatches on."""
    fields, flags = {}, set()
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if not line.strip():
                break
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
        flags = set(fields.get("flags", "").split())
    except OSError:
        pass
    wanted = ["avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16"]
    return (f"{fields.get('model name', 'unknown CPU')} (family {fields.get('cpu family', '?')}"
            f" model {fields.get('model', '?')}), {os.cpu_count()} cores,"
            f" {' '.join(f for f in wanted if f in flags) or 'no AVX2'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--models", default=",".join(pytorch_step.MODELS))
    parser.add_argument("--bfloat16", action="store_true",
                        help="both in bfloat16: vgp's setting, PyTorch's CPU autocast")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    classpath = java_classpath()
    models = args.models.split(",")
    vgp = {m: [] for m in models}
    pytorch = {m: [] for m in models}
    for r in range(args.rounds):
        for m in models:
            def time_vgp():
                vgp[m].append(vgp_images_per_second(classpath, m, args.warmup, args.steps,
                                                    args.bfloat16))

            def time_pytorch():
                pytorch[m].append(pytorch_step.time_model(m, 100, args.warmup, args.steps, 1,
                                                               args.bfloat16)[4])

            for timed in ((time_vgp, time_pytorch) if r % 2 == 0 else (time_pytorch, time_vgp)):
                timed()
            print(f"round {r + 1}/{args.rounds} {m}: vgp {vgp[m][-1]:.0f},"
                  f" PyTorch {pytorch[m][-1]:.0f} images/s", flush=True)
    print(f"\nCPU: {cpu()}")
    print(f"PyTorch {torch.__version__} ({args.threads} threads) against vgp, batch 100,"
          f" median of {args.rounds} rounds of {args.steps} steps,"
          f" TF_ENABLE_ONEDNN_OPTS={os.environ.get('TF_ENABLE_ONEDNN_OPTS', '1')}"
          + (", both in bfloat16" if args.bfloat16 else ", float32"))
    print(f"{'model':<12} {'vgp images/s':>13} {'PyTorch images/s':>17} {'vgp/PyTorch':>12}")
    for m in models:
        a, b = statistics.median(vgp[m]), statistics.median(pytorch[m])
        print(f"{m:<12} {a:>13.0f} {b:>17.0f} {a / b:>12.2f}")


if __name__ == "__main__":
    main()
