package dev.vgp.cluster;

import dev.vgp.command.ExternalCommand;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

  /** How long a Slurm client command may take: the controller answers in seconds when up. */
  static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

  /** The Slurm of this machine's PATH, when {@code sbatch} is on it. */
  public static Optional<Slurm> onPath() {
    return ExternalCommand.onPath("sbatch").map(sbatch -> new Slurm(commands(COMMAND_TIMEOUT)));
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

  /**
   * Client commands run as processes; one that hangs (a controller that does not answer, an
   * squeue that keeps its output open) is stopped after {@code timeout} and named.
   */
  static Commands commands(Duration timeout) {
    return command -> {
      try {
        ExternalCommand.Result result = ExternalCommand.of(command, timeout).run();
        return new Result(result.exitCode(), result.stdout(), result.stderr());
      } catch (ExternalCommand.TimedOutException e) {
        throw new SlurmException(e.getMessage() + "; is the Slurm controller up (scontrol "
            + "ping)?");
      }
    };
  }
}
