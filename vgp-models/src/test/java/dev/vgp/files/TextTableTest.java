package dev.vgp.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void padsEveryColumnButTheLastToItsWidestCellTwoSpacesApart() {
    assertEquals(List.of(
        "verdict  expectation     measured",
        "PASSED   VGG38 vanishes  ratio 9.6e-15",
        "SKIPPED  beats           only meaningful for a full run",
        "FAILED   x"), TextTable.align(List.of(
            new String[] {"verdict", "expectation", "measured"},
            new String[] {"PASSED", "VGG38 vanishes", "ratio 9.6e-15"},
            new String[] {"SKIPPED", "beats", "only meaningful for a full run"},
            new String[] {"FAILED", "x", ""})));
  }
}
