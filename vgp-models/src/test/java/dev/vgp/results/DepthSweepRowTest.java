package dev.vgp.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.spec.Initialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepthSweepRowTest {

  @TempDir Path tmp;

  @Test
  void rowsSurviveTheirCsv() throws Exception {
    List<DepthSweepRow> rows = List.of(
        new DepthSweepRow("plain", Initialization.REFERENCE, 5, 38, 1.3e-14, 1.1e-15),
        new DepthSweepRow("RC + ReZero", Initialization.GLOROT, 0, 8, 0.9, Double.NaN));
    Path csv = tmp.resolve(DepthSweepRow.CSV);
    DepthSweepRow.write(csv, rows);
    assertTrue(Files.readString(csv).startsWith("variant,initialization,blocks_per_stage,"
        + "weight_layers,measured_ratio,predicted_ratio\nplain,reference,5,38,"));
    assertEquals(rows, DepthSweepRow.read(csv));
    assertEquals(List.of(), DepthSweepRow.read(tmp.resolve("none.csv")));
  }

  @Test
  void aDamagedLineIsNamed() throws Exception {
    Path csv = tmp.resolve(DepthSweepRow.CSV);
    Files.writeString(csv, "variant,initialization,blocks_per_stage,weight_layers,"
        + "measured_ratio,predicted_ratio\nplain,sideways,5,38,1,1\n");
    DamagedResultsException e = assertThrows(DamagedResultsException.class,
        () -> DepthSweepRow.read(csv));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }
}
