package dev.vgp.run;

import dev.vgp.command.ExternalCommand;
import dev.vgp.spec.ModelSpec;
import dev.vgp.train.StepBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What oneDNN says it dispatches to on this machine, e.g. "oneDNN v3.5.0, Intel AVX-512 with
 * Intel DL Boost and bfloat16 support": the instruction set its kernels were built for, which
 * can be less than the CPU has (oneDNN caps it by {@code ONEDNN_MAX_CPU_ISA}, or lacks kernels
 * for a new extension).
 *
 * <p>oneDNN prints this only to standard output, and only with {@code ONEDNN_VERBOSE} set before
 * its first primitive; a JVM can neither set its own environment nor read what its native code
 * prints. So one training step of a one-image VGG08 runs in a JVM of its own (this class's
 * {@code main}, about two seconds), with the environment of this one and {@code
 * ONEDNN_VERBOSE=dispatch}, the quietest level that prints the header.
 */
public final class OneDnnProbe {

  private static final String PREFIX = "onednn_verbose,info,";

  private OneDnnProbe() {}

  /** Runs the probe with this JVM's java and classpath; a sentence either way. */
  public static String dispatched() {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OneDnnProbe.class.getName());
    try {
      ExternalCommand.Result result = ExternalCommand.of(command, Duration.ofMinutes(2))
          .withEnvironment(Map.of("ONEDNN_VERBOSE", "dispatch", "TF_CPP_MIN_LOG_LEVEL", "2"))
          .run();
      if (result.exitCode() != 0) {
        return "oneDNN's instruction set unknown: the probe exited with " + result.exitCode();
      }
      return fromVerboseOutput(result.stdout());
    } catch (RuntimeException e) {
      return "oneDNN's instruction set unknown: " + e.getMessage();
    }
  }

  /** The version and ISA lines of oneDNN's verbose header, as one phrase. */
  static String fromVerboseOutput(String stdout) {
    String version = null;
    String isa = null;
    for (String line : stdout.split("\n")) {
      if (!line.startsWith(PREFIX)) continue;
      String info = line.substring(PREFIX.length()).strip();
      if (info.startsWith("oneDNN ")) version = info.split(" \\(")[0];
      if (info.startsWith("cpu,isa:")) isa = info.substring("cpu,isa:".length());
    }
    if (version == null && isa == null) {
      return "no oneDNN kernel ran (TensorFlow's oneDNN is off: TF_ENABLE_ONEDNN_OPTS=0?)";
    }
    return (version == null ? "oneDNN" : version) + ", " + (isa == null ? "ISA not said" : isa);
  }

  /** One training step of a one-image VGG08, for oneDNN to print its header. */
  public static void main(String[] args) {
    StepBenchmark.measure(ModelSpec.vgg08(), 1, 0, 1, 1);
  }
}
