#!/usr/bin/env python3
"""PyTorch counterpart of `vgp:benchmark`: the same five models, the same training step.

Times forward, backward, Adam update, BN statistics and what vgp's step records per gradient layer
(mean |grad|, L2 of the gradient, update-to-weight ratio) at batch 100, so vgp's images/s can be
compared with PyTorch's on the same machine in the same run.
Usage: /usr/bin/python3 benchmarks/pytorch_step.py [--threads 2] [--steps 20] [--rounds 5] [--profile]
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBlock(nn.Module):
    """Processing block (two bias-free convs, optional BN and residual) or reduction block."""

    def __init__(self, width, bn, residual, reduction):
        super().__init__()
        self.reduction, self.residual = reduction, residual
        self.conv0 = nn.Conv2d(width, width, 3, padding=1, bias=reduction)
        self.conv1 = nn.Conv2d(width, width, 3, padding=1, bias=reduction)
        self.bn0 = nn.BatchNorm2d(width) if bn else nn.Identity()
        self.bn1 = nn.BatchNorm2d(width) if bn else nn.Identity()

    def forward(self, x):
        out = F.leaky_relu(self.bn0(self.conv0(x)), 0.01)
        if self.reduction:
            out = F.avg_pool2d(out, 2)
        out = self.bn1(self.conv1(out))
        if self.residual:
            out = out + x
        return F.leaky_relu(out, 0.01)


class Vgg(nn.Module):
    def __init__(self, blocks, bn_processing, bn_reduction, residual, width=32, classes=100):
        super().__init__()
        self.entry = nn.Conv2d(3, width, 3, padding=1, bias=False)
        self.entry_bn = nn.BatchNorm2d(width)
        layers = []
        for _ in range(3):
            layers += [ConvBlock(width, bn_processing, residual, False) for _ in range(blocks)]
            layers.append(ConvBlock(width, bn_reduction, False, True))
        self.body = nn.Sequential(*layers)
        self.logits = nn.Linear(width, classes)

    def forward(self, x):
        x = F.leaky_relu(self.entry_bn(self.entry(x)), 0.01)
        x = self.body(x)
        return self.logits(x.mean(dim=(2, 3)))


MODELS = {
    "VGG08": dict(blocks=0, bn_processing=False, bn_reduction=False, residual=False),
    "VGG38": dict(blocks=5, bn_processing=False, bn_reduction=False, residual=False),
    "VGG38 BN": dict(blocks=5, bn_processing=True, bn_reduction=True, residual=False),
    "VGG38 RC": dict(blocks=5, bn_processing=False, bn_reduction=False, residual=True),
    "VGG38 BN + RC": dict(blocks=5, bn_processing=True, bn_reduction=True, residual=True),
}


def training_step(name, batch, bfloat16=False):
    """The model's parameter count and one training step on a fixed random batch; with bfloat16,
    the forward pass under CPU autocast (convolutions and matmuls in bfloat16), as vgp's
    bfloat16 setting does with TensorFlow's oneDNN rewrite."""
    torch.manual_seed(0)
    model = Vgg(**MODELS[name])
    params = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    weights = [p for n, p in model.named_parameters() if "bias" not in n]
    images = torch.randn(batch, 3, 32, 32)
    labels = torch.randint(0, 100, (batch,))

    def step():
        optimizer.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bfloat16):
            loss = F.cross_entropy(model(images), labels)
        loss.backward()
        # what vgp's step records besides the update: mean |g| and L2(g) per gradient layer, and
        # the update-to-weight ratio |W_after - W_before| / |W_before| (a copy taken before)
        flow = torch.stack([p.grad.abs().mean() for p in weights]
                           + [p.grad.norm() for p in weights])
        before = [p.detach().clone() for p in weights]
        optimizer.step()
        ratios = torch.stack([(p.detach() - b).norm() / b.norm() for p, b in zip(weights, before)])
        return loss.item(), flow, ratios

    return params, step


def time_model(name, batch, warmup, steps, rounds, bfloat16=False):
    params, step = training_step(name, batch, bfloat16)
    for _ in range(warmup):
        step()
    per_step = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        per_step.append((time.perf_counter() - start) / steps * 1000)
    median = statistics.median(per_step)
    return params, median, min(per_step), max(per_step), batch / median * 1000


def profile_model(name, batch, warmup, steps):
    """Lines of torch.profiler's table of `steps` steps: each op's own time per step (the time in
    the ops it calls excluded, so the column sums to the step), share and calls per step."""
    _, step = training_step(name, batch)
    for _ in range(warmup):
        step()
    start = time.perf_counter()
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as profiler:
        for _ in range(steps):
            step()
    wall = (time.perf_counter() - start) / steps * 1000
    ops = sorted(profiler.key_averages(), key=lambda e: -e.self_cpu_time_total)
    total = sum(e.self_cpu_time_total for e in ops) / 1000 / steps
    lines = [f"step {wall:.1f} ms (profiled); ops summed {total:.1f} ms",
             f"  {'op':<36} {'ms/step':>10} {'share':>7} {'per step':>8}"]
    rest, others = 0.0, 0
    for e in ops:
        ms = e.self_cpu_time_total / 1000 / steps
        if ms < total * 5e-4:
            rest, others = rest + ms, others + 1
            continue
        lines.append(f"  {e.key[:36]:<36} {ms:>10.2f} {100 * ms / total:>6.1f}% {e.count / steps:>8.0f}")
    lines.append(f"  {str(others) + ' other kinds':<36} {rest:>10.2f} {100 * rest / total:>6.1f}%")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--profile", action="store_true",
                        help="after each model's row, where its step's time goes, op by op")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)  # TensorFlow flushes denormals too; without it tiny VGG38 gradients crawl
    print(f"PyTorch {torch.__version__}, {args.threads} threads, batch {args.batch}")
    print(f"{'model':<12} {'params':>8} {'ms/step':>9} {'min':>7} {'max':>7} {'images/s':>9}")
    for name in args.models.split(","):
        params, median, low, high, ips = time_model(name, args.batch, args.warmup, args.steps,
                                                    args.rounds)
        print(f"{name:<12} {params:>8,} {median:>9.1f} {low:>7.1f} {high:>7.1f} {ips:>9.0f}")
        if args.profile:
            print("\n".join(profile_model(name, args.batch, args.warmup, args.steps)))


if __name__ == "__main__":
    main()
