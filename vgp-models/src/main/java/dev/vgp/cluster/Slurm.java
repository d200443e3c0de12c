package dev.vgp.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Slurm's client commands as vgp uses them: {@code sbatch --parsable} to submit, {@code squeue}
 * to see a user's live jobs. They run with this process's environment, so {@code SLURM_CONF}
 * and the like apply.
 */
public final class Slurm {

  /** Runs a command to its end: the real one starts a process, tests give their answers. */
  public interface Commands {
    Result run(List<String> command);
  }

  /** A finished command. */
  public record Result(int exitCode, String output, String errors) {}

  /** A job as {@code squeue} lists it; {@code command} is the batch script of a batch job. */
  public record Job(String id, String name, String state, String reason, String command) {

    /** "PENDING (BeginTime)", or the state alone when Slurm gives no reason. */
    public String describe() {
      return reason.isEmpty() || reason.equals("None") ? state : state + " (" + reason + ")";
    }
  }

  /** squeue's fields, separated by a character no id, name, state or path holds here. */
  static final String QUEUE_FORMAT = "%i|%j|%T|%r|%o";

  private final Commands commands;

  public Slurm(Commands commands) {
    this.commands = commands;
  }

  /** The Slurm of this machine's PATH, when {@code sbatch} is on it. */
  public static Optional<Slurm> onPath() {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String directory : path.split(File.pathSeparator)) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "sbatch"))) {
        return Optional.of(new Slurm(Slurm::runProcess));
      }
    }
    return Optional.empty();
  }

  /**
   * Submits a batch script whose options are its {@code #SBATCH} lines.
   *
   * @param moreOptions options given on the command line, e.g. a dependency
   * @return the job id
   */
  public String submit(Path script, List<String> moreOptions) {
    List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
    command.addAll(moreOptions);
    command.add(script.toString());
    Result result = commands.run(command);
    if (result.exitCode() != 0) {
      throw new SlurmException("sbatch refused " + script + " (exit code " + result.exitCode()
          + "): " + firstLine(result.errors(), result.output()) + ". Check the resources"
          + " (vgp.partition, vgp.account, vgp.qos, vgp.timeLimit, vgp.sbatchOptions) against"
          + " what the cluster offers (sinfo, sacctmgr show assoc user=$USER)");
    }
    return parseJobId(result.output());
  }

  /** {@code --parsable} prints {@code id} or {@code id;cluster}. */
  static String parseJobId(String output) {
    String line = output.strip();
    int cluster = line.indexOf(';');
    String id = cluster < 0 ? line : line.substring(0, cluster);
    if (!id.matches("\\d+(_\\d+)?")) {
      throw new SlurmException("sbatch --parsable printed '" + line + "', not a job id");
    }
    return id;
  }

  /** The user's jobs that are pending, running, suspended or being requeued. */
  public List<Job> liveJobs(String user) {
    Result result = commands.run(List.of("squeue", "--noheader", "--user=" + user,
        "--format=" + QUEUE_FORMAT));
    if (result.exitCode() != 0) {
      throw new SlurmException("squeue failed (exit code " + result.exitCode() + "): "
          + firstLine(result.errors(), result.output()));
    }
    return parseQueue(result.output());
  }

  static List<Job> parseQueue(String output) {
    List<Job> jobs = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.isBlank()) continue;
      String[] fields = line.strip().split("\\|", 5);
      if (fields.length < 5) {
        throw new SlurmException("squeue printed '" + line + "', not " + QUEUE_FORMAT);
      }
      jobs.add(new Job(fields[0], fields[1], fields[2], fields[3], fields[4]));
    }
    return jobs;
  }

  private static String firstLine(String errors, String output) {
    String text = errors.isBlank() ? output : errors;
    return text.isBlank() ? "no message" : text.strip().lines().findFirst().orElseThrow();
  }

  private static Result runProcess(List<String> command) {
    try {
      Path errors = Files.createTempFile("vgp-slurm", ".err");
      try {
        Process process = new ProcessBuilder(command)
            .redirectError(errors.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(),
            StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new SlurmException(command.get(0) + " did not answer within 2 minutes");
        }
        return new Result(process.exitValue(), output, Files.readString(errors));
      } finally {
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command.get(0) + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SlurmException(command.get(0) + " was interrupted");
    }
  }
}
