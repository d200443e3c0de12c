package dev.vgp.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The leaky ReLU's Gaussian expectations against their known forms and a Monte Carlo. */
class GaussianTest {

  private static final double A = 0.01;

  @Test
  void atMeanZeroTheMomentsAreTheTextbookOnes() {
    // the error function is good to 1.2e-7
    assertEquals((1 + A * A) / 2 * 3.0, Gaussian.secondMoment(0, 3, A), 1e-6);
    assertEquals((1 + A * A) / 2, Gaussian.slopeSquare(0, 3, A), 1e-6);
    assertEquals((1 - A) * Math.sqrt(3 / (2 * Math.PI)), Gaussian.mean(0, 3, A), 1e-6);
    // fully correlated pairs are squares, independent ones products of means
    assertEquals(Gaussian.secondMoment(0, 3, A), Gaussian.product(0, 3, 3, A), 1e-12);
    assertEquals(Math.pow(Gaussian.mean(0, 3, A), 2), Gaussian.product(0, 3, 0, A), 1e-6);
    assertEquals(A + (1 - A) * (1 - A) / 4, Gaussian.slopeProduct(0, 3, 0, A), 1e-12);
  }

  @Test
  void withAMeanTheIntegralsMeetTheClosedFormsAtTheirEnds() {
    double m = 0.7;
    double v = 0.5;
    // Simpson's rule over the kink of f: good to 1e-4
    assertEquals(Math.pow(Gaussian.mean(m, v, A), 2), Gaussian.product(m, v, 0, A), 1e-4);
    assertEquals(Gaussian.secondMoment(m, v, A), Gaussian.product(m, v, v * 0.999999, A), 1e-3);
    double positive = Gaussian.cdf(m / Math.sqrt(v));
    double slope = A + (1 - A) * positive;
    assertEquals(slope * slope, Gaussian.slopeProduct(m, v, 0, A), 1e-3);
  }

  @Test
  void aCorrelatedPairWithAMeanMatchesSampling() {
    double m = 0.4;
    double v = 1.2;
    double c = 0.5;
    SplittableRandom random = new SplittableRandom(1);
    double products = 0;
    double slopes = 0;
    int n = 2_000_000;
    double rho = c / v;
    for (int i = 0; i < n; i++) {
      double u1 = random.nextGaussian();
      double u2 = rho * u1 + Math.sqrt(1 - rho * rho) * random.nextGaussian();
      double z1 = m + Math.sqrt(v) * u1;
      double z2 = m + Math.sqrt(v) * u2;
      products += (z1 > 0 ? z1 : A * z1) * (z2 > 0 ? z2 : A * z2);
      slopes += (z1 > 0 ? 1 : A) * (z2 > 0 ? 1 : A);
    }
    assertEquals(products / n, Gaussian.product(m, v, c, A), 0.005);
    assertEquals(slopes / n, Gaussian.slopeProduct(m, v, c, A), 0.005);
  }

  @Test
  void theErrorFunctionIsAccurate() {
    assertEquals(0.5, Gaussian.cdf(0), 1e-7);
    assertEquals(0.8413447460685429, Gaussian.cdf(1), 1e-7);
    assertEquals(0.022750131948179195, Gaussian.cdf(-2), 1e-8);
  }
}
