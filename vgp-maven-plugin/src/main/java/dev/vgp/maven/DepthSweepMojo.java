package dev.vgp.maven;

import dev.vgp.analysis.CriticalDepths;
import dev.vgp.analysis.GradientDiagnosis;
import dev.vgp.results.DepthSweepRow;
import dev.vgp.run.DepthSweep;
import dev.vgp.run.ExperimentRunner;
import dev.vgp.run.RunLog;
import dev.vgp.spec.Initialization;
import dev.vgp.spec.Settings;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * How deep the study's VGG can go before its gradient vanishes at initialisation: measures the
 * first/last layer gradient ratio of each variant (plain, BN, RC, BN + RC, and the cures
 * zero-gamma, ReZero and Fixup) under each initialisation at each depth, on a few batches of the
 * declared dataset without training, beside the ratio mean-field propagation predicts. Writes
 * {@code depth_sweep.csv} into the report directory, where {@code vgp:report} draws it, and
 * prints each variant's critical depth.
 */
@Mojo(name = "depth-sweep", threadSafe = true, configurator = CheckedConfigurator.HINT)
public class DepthSweepMojo extends AbstractTrainingMojo {

  /**
   * The depths, as processing blocks per stage (comma-separated): 0 is VGG08, 5 VGG38, 12
   * VGG80.
   */
  @Parameter(property = "vgp.sweep.blocks", defaultValue = "0,1,2,3,5,8,12")
  String sweepBlocks;

  /** The initialisations (comma-separated): reference, he, glorot. */
  @Parameter(property = "vgp.sweep.initializations", defaultValue = "reference,he,glorot")
  String sweepInitializations;

  /** Images per measured batch. */
  @Parameter(property = "vgp.sweep.batchSize", defaultValue = "16")
  @Range("[1, inf)")
  int sweepBatchSize;

  /** Batches measured per model (the last one's ratio is recorded). */
  @Parameter(property = "vgp.sweep.batches", defaultValue = "1")
  @Range("[1, inf)")
  int sweepBatches;

  /** Seed of the initialisation and of the batches. */
  @Parameter(property = "vgp.sweep.seed", defaultValue = "0")
  long sweepSeed;

  /** Where depth_sweep.csv goes: the report directory, so that the report draws it. */
  @Parameter(property = "vgp.reportDirectory",
      defaultValue = "${project.build.directory}/vgp-report")
  File reportDirectory;

  @Override
  protected void run() {
    DepthSweep.Plan plan = new DepthSweep.Plan(
        commaSeparated(sweepBlocks).stream().map(b -> (Integer) Settings.parseValue(
            "vgp.sweep.blocks", int.class, "[0, inf)", b)).toList(),
        commaSeparated(sweepInitializations).stream().map(i -> (Initialization)
            Settings.parseValue("vgp.sweep.initializations", Initialization.class, "", i))
            .toList(),
        sweepBatchSize, sweepBatches, sweepSeed);
    Path csv = reportDirectory.toPath().resolve(DepthSweepRow.CSV);
    try (ExperimentRunner runner = runner(ExperimentRunner.Options.defaults(), Duration.ZERO)) {
      runner.depthSweep(fetchRequest(), plan, csv,
          new RunLog(new MavenLogSink(getLog()), Duration.ZERO));
    }
    List<CriticalDepths.Depth> depths = CriticalDepths.of(DepthSweepRow.read(csv));
    getLog().info("Critical depth (the fewest weight layers whose first/last layer ratio at"
        + " initialisation is below "
        + GradientDiagnosis.scientific(GradientDiagnosis.RELATIVE_VANISHING)
        + "), measured (predicted):");
    CriticalDepths.lines(depths).forEach(line -> getLog().info("  " + line));
  }
}
