package dev.vgp.results;

import dev.vgp.files.CsvFiles;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.Settings;
import java.nio.file.Path;
import java.util.List;

/**
 * One model of a depth sweep ({@code vgp:depth-sweep}, {@code depth_sweep.csv}): a variant at an
 * initialisation and a depth, its first/last layer gradient ratio at initialisation as measured
 * and as predicted.
 *
 * @param variant the model's cures as the study names them ("BN + RC"), "plain" for none
 * @param weightLayers convs and dense layers: the depth VGG names (38 for VGG38)
 */
public record DepthSweepRow(String variant, Initialization initialization, int blocksPerStage,
    int weightLayers, double measuredRatio, double predictedRatio) {

  public static final String CSV = "depth_sweep.csv";
  private static final String[] HEADER = {"variant", "initialization", "blocks_per_stage",
      "weight_layers", "measured_ratio", "predicted_ratio"};

  /** Writes {@code rows} to {@code file}, replaced atomically. */
  public static void write(Path file, List<DepthSweepRow> rows) {
    CsvFiles.write(file, HEADER, printer -> {
      for (DepthSweepRow r : rows) {
        printer.printRecord(r.variant(), Settings.text(r.initialization()), r.blocksPerStage(),
            r.weightLayers(), r.measuredRatio(), r.predictedRatio());
      }
    });
  }

  /**
   * The rows of {@code file}; none when it does not exist.
   *
   * @throws DamagedResultsException naming the line that does not parse
   */
  public static List<DepthSweepRow> read(Path file) {
    return ResultsDirectory.readCsv(file, r -> new DepthSweepRow(r.get("variant"),
        (Initialization) Settings.parseValue("initialization", Initialization.class, "",
            r.get("initialization")),
        Integer.parseInt(r.get("blocks_per_stage")), Integer.parseInt(r.get("weight_layers")),
        Double.parseDouble(r.get("measured_ratio")), Double.parseDouble(r.get("predicted_ratio"))));
  }
}
