package dev.vgp.analysis;

import dev.vgp.results.DepthSweepRow;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.Settings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * What a depth sweep says: for each variant and initialisation, the critical depth, the fewest
 * weight layers at which the first/last layer gradient ratio at initialisation falls below
 * {@link GradientDiagnosis#RELATIVE_VANISHING}, as measured and as predicted.
 */
public final class CriticalDepths {

  /**
   * One variant at one initialisation.
   *
   * @param measured the critical depth measured, empty when no swept depth vanished
   * @param predicted the same, predicted
   * @param deepest the deepest swept model's weight layers
   */
  public record Depth(String variant, Initialization initialization, Optional<Integer> measured,
      Optional<Integer> predicted, int deepest) {

    /** "23 (predicted 23)", "none up to 80 (predicted 50)". */
    public String text() {
      return words(measured) + " (predicted " + words(predicted) + ")";
    }

    private String words(Optional<Integer> depth) {
      return depth.map(String::valueOf).orElse("none up to " + deepest);
    }
  }

  private CriticalDepths() {}

  /** Per variant (in the sweep's order), then initialisation. */
  public static List<Depth> of(List<DepthSweepRow> sweep) {
    Map<String, List<DepthSweepRow>> byModel = new LinkedHashMap<>();
    for (DepthSweepRow row : sweep) {
      byModel.computeIfAbsent(row.variant() + "/" + row.initialization(), k -> new ArrayList<>())
          .add(row);
    }
    List<Depth> depths = new ArrayList<>();
    for (List<DepthSweepRow> rows : byModel.values()) {
      rows.sort(Comparator.comparingInt(DepthSweepRow::weightLayers));
      DepthSweepRow first = rows.get(0);
      depths.add(new Depth(first.variant(), first.initialization(),
          critical(rows, DepthSweepRow::measuredRatio),
          critical(rows, DepthSweepRow::predictedRatio),
          rows.get(rows.size() - 1).weightLayers()));
    }
    return depths;
  }

  private static Optional<Integer> critical(List<DepthSweepRow> rows,
      ToDoubleFunction<DepthSweepRow> ratio) {
    return rows.stream()
        .filter(r -> ratio.applyAsDouble(r) < GradientDiagnosis.RELATIVE_VANISHING)
        .map(DepthSweepRow::weightLayers).findFirst();
  }

  /** One line per variant and initialisation, for a log. */
  public static List<String> lines(List<Depth> depths) {
    return depths.stream().map(d -> String.format(Locale.ROOT, "%-22s %-9s critical depth %s",
        d.variant(), Settings.text(d.initialization()), d.text())).toList();
  }
}
