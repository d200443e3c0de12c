#!/usr/bin/env python3
"""PyTorch's counterpart of ConvPasses.java: the three passes of one stage-0 convolution (batch 100,
32x32x32 -> 32, 3x3, padding 1), each alone, the best of 5 runs after 2, in ms; the reorders
between PyTorch's NCHW and oneDNN's blocked layout are part of each pass, as in a training step.

Usage: /usr/bin/python3 benchmarks/conv_passes.py [--threads 2]; DNNL_VERBOSE=1 names the kernels.
"""
import argparse
import time

import torch


def best_ms(run):
    best = float("inf")
    for i in range(7):
        start = time.perf_counter()
        run()
        if i >= 2:
            best = min(best, time.perf_counter() - start)
    return best * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=2)
    torch.set_num_threads(parser.parse_args().threads)
    torch.set_flush_denormal(True)
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(100, 32, 32, 32, generator=generator)
    w = torch.randn(32, 32, 3, 3, generator=generator)
    dy = torch.randn(100, 32, 32, 32, generator=generator)

    def backward(input_gradient):
        torch.ops.aten.convolution_backward(dy, x, w, None, [1, 1], [1, 1], [1, 1], False, [0, 0],
                                            1, [input_gradient, not input_gradient, False])

    with torch.no_grad():
        passes = {"forward": lambda: torch.nn.functional.conv2d(x, w, padding=1),
                  "gradient of the input": lambda: backward(True),
                  "gradient of the weights": lambda: backward(False)}
        for name, run in passes.items():
            print(f"PyTorch {torch.__version__} {name:<24} {best_ms(run):6.1f} ms")


if __name__ == "__main__":
    main()
