package dev.vgp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-op table of `StepBenchmark --profile`, from TensorFlow's timeline labels. */
class StepProfileTest {

  @Test
  void aTimelineLabelNamesItsKernel() {
    assertEquals("_MklNativeConv2DBackpropInput", StepProfile.op(
        "gradients/Conv2D_grad/Conv2DBackpropInput = _MklNativeConv2DBackpropInput(a, b, c)"));
    assertEquals("NoOp", StepProfile.op("train_step = NoOp()"));
    assertEquals("_SOURCE", StepProfile.op("_SOURCE"));
  }

  @Test
  void theTableListsTheCostlyKindsAndSumsTheRest() {
    StepProfile profile = new StepProfile(90, List.of(
        new StepProfile.OpTime("Conv2D", 80, 37), new StepProfile.OpTime("LeakyRelu", 19.99, 37),
        new StepProfile.OpTime("Shape", 0.004, 80), new StepProfile.OpTime("NoOp", 0.006, 3)));
    assertEquals(List.of(
        "step 90.0 ms (traced); ops summed 100.0 ms",
        "  op                                      ms/step   share per step",
        "  Conv2D                                    80.00   80.0%       37",
        "  LeakyRelu                                 19.99   20.0%       37",
        "  2 other kinds                              0.01    0.0%"), profile.table());
  }
}
