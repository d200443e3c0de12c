package dev.vgp.theory;

import java.util.function.DoubleUnaryOperator;

/**
 * The Gaussian expectations of a leaky ReLU {@code f(z) = max(z, a z)} that signal propagation
 * needs: its mean and second moment on N(m, v), and for two jointly Gaussian pre-activations with
 * a common mean the expectations of {@code f(z1) f(z2)} and {@code f'(z1) f'(z2)}. Zero-mean pairs
 * have closed forms (the arc-cosine kernel); pairs with a mean, as on a residual stream, are
 * integrated over z1 with z2 given z1 in closed form.
 */
final class Gaussian {

  /** Simpson intervals on each side of the kink at z1 = 0, over +-8 standard deviations. */
  private static final int INTERVALS = 64;
  private static final double SPAN = 8;

  private Gaussian() {}

  static double density(double x) {
    return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  }

  /** P(N(0, 1) < x). */
  static double cdf(double x) {
    return 0.5 * erfc(-x / Math.sqrt(2));
  }

  /** The complementary error function, to 1.2e-7 relative (Numerical Recipes' erfcc). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196
        + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398
        + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  /** E[f(z)], z ~ N(m, v). */
  static double mean(double m, double v, double a) {
    if (v <= 0) return m > 0 ? m : a * m;
    double s = Math.sqrt(v);
    double positivePart = m * cdf(m / s) + s * density(m / s);
    return a * m + (1 - a) * positivePart;
  }

  /** E[f(z)^2], z ~ N(m, v). */
  static double secondMoment(double m, double v, double a) {
    if (v <= 0) return m > 0 ? m * m : a * a * m * m;
    double s = Math.sqrt(v);
    double positivePart = (m * m + v) * cdf(m / s) + m * s * density(m / s);
    return a * a * (m * m + v) + (1 - a * a) * positivePart;
  }

  /** E[f'(z)^2] = a^2 + (1 - a^2) P(z > 0), z ~ N(m, v). */
  static double slopeSquare(double m, double v, double a) {
    double positive = v <= 0 ? (m > 0 ? 1 : 0) : cdf(m / Math.sqrt(v));
    return a * a + (1 - a * a) * positive;
  }

  /**
   * E[f(z1) f(z2)] for z1, z2 ~ N(m, v) with covariance {@code c} (between -v and v).
   */
  static double product(double m, double v, double c, double a) {
    if (v <= 0) return m > 0 ? m * m : a * a * m * m;
    double rho = Math.max(-1, Math.min(1, c / v));
    if (rho >= 1) return secondMoment(m, v, a);
    if (m == 0) {
      double theta = Math.acos(rho);
      double reluProduct = v / (2 * Math.PI) * (Math.sqrt(1 - rho * rho) + (Math.PI - theta) * rho);
      return a * rho * v + (1 - a) * (1 - a) * reluProduct;
    }
    double s = Math.sqrt(v);
    double conditional = v * (1 - rho * rho);
    return overZ1(m, s, z1 -> (z1 > 0 ? z1 : a * z1) * mean(m + rho * (z1 - m), conditional, a));
  }

  /** E[f'(z1) f'(z2)] for z1, z2 ~ N(m, v) with covariance {@code c}. */
  static double slopeProduct(double m, double v, double c, double a) {
    if (v <= 0) return slopeSquare(m, v, a);
    double rho = Math.max(-1, Math.min(1, c / v));
    if (rho >= 1) return slopeSquare(m, v, a);
    if (m == 0) {
      double bothPositive = 0.25 + Math.asin(rho) / (2 * Math.PI);
      return a + (1 - a) * (1 - a) * bothPositive;
    }
    double s = Math.sqrt(v);
    double conditionalSd = s * Math.sqrt(1 - rho * rho);
    return overZ1(m, s, z1 -> (z1 > 0 ? 1 : a)
        * (a + (1 - a) * cdf((m + rho * (z1 - m)) / conditionalSd)));
  }

  /**
   * E[g(z1)] for z1 ~ N(m, s^2), by Simpson's rule on each side of z1 = 0, where f kinks and f'
   * jumps, so that neither side integrates across it.
   */
  private static double overZ1(double m, double s, DoubleUnaryOperator g) {
    double kink = Math.max(-SPAN, Math.min(SPAN, -m / s));
    // at the kink each side takes its own limit: z1 just below 0, then just above
    return simpson(-SPAN, kink, m, s, g, -Double.MIN_VALUE)
        + simpson(kink, SPAN, m, s, g, Double.MIN_VALUE);
  }

  /** Simpson's rule over u in [from, to], z1 = m + s u; {@code atKink} is z1 where u = -m/s. */
  private static double simpson(double from, double to, double m, double s,
      DoubleUnaryOperator g, double atKink) {
    if (to <= from) return 0;
    double kink = -m / s;
    double h = (to - from) / INTERVALS;
    double sum = 0;
    for (int i = 0; i <= INTERVALS; i++) {
      double u = from + i * h;
      double weight = i == 0 || i == INTERVALS ? 1 : i % 2 == 1 ? 4 : 2;
      double z1 = (i == 0 && from == kink) || (i == INTERVALS && to == kink) ? atKink : m + s * u;
      sum += weight * density(u) * g.applyAsDouble(z1);
    }
    return sum * h / 3;
  }
}
