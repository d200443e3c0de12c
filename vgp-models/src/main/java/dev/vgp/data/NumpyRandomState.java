package dev.vgp.data;

/**
 * The parts of numpy's legacy {@code numpy.random.RandomState} that the reference split uses:
 * the MT19937 generator seeded by {@code init_genrand}, and {@code permutation}, bit for bit.
 */
final class NumpyRandomState {

  private static final int N = 624;
  private static final int M = 397;

  private final int[] state = new int[N];
  private int position;

  /** As {@code RandomState(seed)} for an integer seed in [0, 2^32). */
  NumpyRandomState(long seed) {
    state[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
    }
    position = N;
  }

  /** The next 32-bit output, as an unsigned value (MT19937's genrand_int32). */
  long nextUint32() {
    if (position >= N) twist();
    int y = state[position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xffffffffL;
  }

  /**
   * A uniform integer in [0, max], as numpy's legacy {@code rk_interval}: draw 32 bits, mask them
   * to the smallest all-ones value covering max, and reject draws above max.
   */
  long interval(long max) {
    if (max == 0) return 0;
    if (max > 0xffffffffL) throw new IllegalArgumentException("only 32-bit ranges are needed");
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    long value;
    do {
      value = nextUint32() & mask;
    } while (value > max);
    return value;
  }

  /** As {@code RandomState.permutation(n)}: 0..n-1 shuffled by Fisher-Yates from the end. */
  int[] permutation(int n) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) values[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = (int) interval(i);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
    return values;
  }

  private void twist() {
    for (int i = 0; i < N; i++) {
      int y = (state[i] & 0x80000000) | (state[(i + 1) % N] & 0x7fffffff);
      state[i] = state[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
    }
    position = 0;
  }
}
