package dev.vgp.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that write into the report directory: report, check and benchmark. */
public abstract class AbstractReportingMojo extends AbstractVgpMojo {

  /**
   * Where the report goes: {@code vgp:report} writes it here, {@code vgp:check} its JUnit file
   * under {@code expectations/}, and {@code vgp:benchmark} its benchmark.csv, which the report
   * then shows.
   */
  @Parameter(property = "vgp.reportDirectory",
      defaultValue = "${project.build.directory}/vgp-report")
  File reportDirectory;
}
