package dev.vgp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vgp.results.DepthSweepRow;
import dev.vgp.spec.Initialization;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CriticalDepthsTest {

  @Test
  void theCriticalDepthIsTheShallowestBelowTheVanishingThreshold() {
    // vgp:depth-sweep's plain VGG at the reference init on Fashion-MNIST, rounded
    List<DepthSweepRow> sweep = List.of(
        new DepthSweepRow("plain", Initialization.REFERENCE, 2, 20, 3e-7, 5e-8),
        new DepthSweepRow("plain", Initialization.REFERENCE, 0, 8, 2.7e-2, 6.7e-3),
        new DepthSweepRow("plain", Initialization.REFERENCE, 1, 14, 1.06e-4, 1.9e-5),
        new DepthSweepRow("plain", Initialization.HE, 0, 8, 0.2, 0.1),
        new DepthSweepRow("plain", Initialization.HE, 12, 80, 0.2, 0.03));
    List<CriticalDepths.Depth> depths = CriticalDepths.of(sweep);
    assertEquals(2, depths.size());
    assertEquals(Optional.of(20), depths.get(0).measured());
    assertEquals(Optional.of(14), depths.get(0).predicted());
    assertEquals("20 (predicted 14)", depths.get(0).text());
    assertEquals("none up to 80 (predicted none up to 80)", depths.get(1).text());
    assertEquals("plain                  he        critical depth none up to 80 (predicted none"
        + " up to 80)", CriticalDepths.lines(depths).get(1));
  }
}
