package dev.vgp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.results.GradientFlowRecord;
import dev.vgp.results.GradientStatistic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictedFlowTest {

  private static final List<String> LAYERS = List.of("a", "b", "c", "d");

  @Test
  void namesTheLayersMoreThanTenTimesOffEitherWay() {
    PredictedFlow flow = PredictedFlow.of(records(new double[] {1e-3, 5e-6, 0, 2e-4},
        new double[] {2e-4, 1e-4, 0, 1e-4})).orElseThrow();
    assertEquals(List.of("b"), flow.disagreements().stream()
        .map(PredictedFlow.Disagreement::layer).toList());
    assertEquals(0.05, flow.disagreements().get(0).factor(), 1e-12);
    assertEquals(5, flow.measuredFirstToLast(), 1e-9);
    assertTrue(flow.summary().startsWith("Predicted first/last layer ratio at initialisation"
        + " 2.0e+00, measured 5.0e+00; 1 of 4 layers more than 10x off: b (measured 5.0e-02"
        + " times the prediction)."), flow.summary());
    assertEquals(5, flow.table().size());
    assertTrue(flow.table().get(1).matches("a +1\\.0e-03 +2\\.0e-04 +5\\.0e\\+00"),
        flow.table().get(1));
  }

  @Test
  void aMeasurementWithoutAPredictionHasNone() {
    List<GradientFlowRecord> measuredOnly = records(new double[] {1, 1, 1, 1}, null);
    assertTrue(PredictedFlow.of(measuredOnly).isEmpty());
  }

  private static List<GradientFlowRecord> records(double[] measured, double[] predicted) {
    List<GradientFlowRecord> rows = new ArrayList<>();
    for (int i = 0; i < LAYERS.size(); i++) {
      rows.add(new GradientFlowRecord(-1, i, LAYERS.get(i), GradientStatistic.LAST_BATCH_MEAN_ABS,
          measured[i]));
      if (predicted != null) {
        rows.add(new GradientFlowRecord(-1, i, LAYERS.get(i),
            GradientStatistic.PREDICTED_MEAN_ABS, predicted[i]));
      }
    }
    return rows;
  }
}
