package dev.vgp.cluster;

import dev.vgp.command.ExternalCommand;
import dev.vgp.run.ChildCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Slurm as vgp's scheduler: {@code sbatch --parsable} submits, {@code squeue} lists a user's live
 * jobs, {@code scancel} cancels one, and every option of a job is an {@code #SBATCH} line of its
 * script, so a script can be read, and submitted again by hand with a plain
 * {@code sbatch <script>}. The commands run with this process's environment, so
 * {@code SLURM_CONF} and the like apply.
 */
public final class Slurm implements Scheduler {

  /** Runs a command to its end: the real one starts a process, tests give their answers. */
  public interface Commands {
    Result run(List<String> command);
  }

  /** A finished command. */
  public record Result(int exitCode, String output, String errors) {}

  /** squeue's fields, separated by a character no id, name, state or path holds here. */
  static final String QUEUE_FORMAT = "%i|%j|%T|%r|%o";

  /** How long a Slurm client command may take: the controller answers in seconds when up. */
  static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

  private final Commands commands;
  private final String user;

  /** @param user whose queue is listed: the jobs vgp submitted as that user */
  public Slurm(Commands commands, String user) {
    this.commands = commands;
    this.user = user;
  }

  /** The Slurm of this machine's client commands. */
  static Slurm forUser(String user) {
    return new Slurm(commands(COMMAND_TIMEOUT), user);
  }

  @Override
  public String name() {
    return "Slurm";
  }

  @Override
  public boolean available() {
    return ExternalCommand.onPath("sbatch").isPresent();
  }

  /**
   * Runs the experiment's {@code launch.sh} (its frozen plan, without Maven) in the background
   * and forwards signals to it, because a batch shell only runs its traps once its foreground
   * command returns:
   * <ul>
   *   <li>USR1, which {@code --signal=B:USR1@...} sends before the time limit: SIGTERM to the
   *       training process, which stops at a step boundary, records the run {@code interrupted}
   *       and exits; then the job requeues itself;
   *   <li>TERM, which Slurm sends on preemption and {@code scontrol requeue}: the same stop,
   *       and Slurm requeues the job ({@code --requeue}).
   * </ul>
   * A requeued job runs the script again and the training process resumes from the last
   * checkpoint, or finds the run finished.
   */
  @Override
  public String trainingScript(String experimentId, Path resultsDirectory, Path launchScript,
      JobResources resources) {
    List<String> directives = new ArrayList<>(List.of(
        "--job-name=" + BatchScripts.JOB_NAME_PREFIX + experimentId,
        "--output=" + resultsDirectory.resolve(files().trainingLog("%j")),
        "--open-mode=append", "--requeue", "--signal=B:USR1@" + resources.signalMinutes() * 60));
    if (resources.gpus() > 0) directives.add("--gres=gpu:" + resources.gpus());
    if (resources.cpusPerTask() > 0) directives.add("--cpus-per-task=" + resources.cpusPerTask());
    if (JobResources.present(resources.memory())) {
      directives.add("--mem=" + resources.memory().strip());
    }
    if (JobResources.present(resources.timeLimit())) {
      directives.add("--time=" + resources.timeLimit().strip());
    }
    directives.addAll(placement(resources));
    directives.addAll(resources.extraOptions());
    return "#!/bin/bash\n"
        + directives(directives)
        + "# Written by vgp:submit: trains " + experimentId + " from its plan.json, requeue-safe.\n"
        + "echo \"vgp: job $SLURM_JOB_ID (restart ${SLURM_RESTART_COUNT:-0}) on $(hostname)"
        + " at $(date -u +%Y-%m-%dT%H:%M:%SZ)\"\n"
        + "# as many TensorFlow threads as CPUs granted, not as the node has\n"
        + "export TF_NUM_INTRAOP_THREADS=\"${TF_NUM_INTRAOP_THREADS:-${SLURM_CPUS_PER_TASK:-"
        + "$(nproc)}}\"\n"
        + ChildCommand.quote(launchScript.toString()) + " &\n"
        + "trainer=$!\n"
        + "requeue=\n"
        + "trap 'echo \"vgp: the time limit is near: stopping at the next step\"; requeue=1;"
        + " kill -TERM \"$trainer\" 2>/dev/null' USR1\n"
        + "trap 'echo \"vgp: SIGTERM (preemption or requeue): stopping at the next step\";"
        + " kill -TERM \"$trainer\" 2>/dev/null' TERM\n"
        + "# wait returns early when a trapped signal arrives: wait again until the trainer ends\n"
        + "while true; do\n"
        + "  wait \"$trainer\"; status=$?\n"
        + "  kill -0 \"$trainer\" 2>/dev/null || break\n"
        + "done\n"
        + "if [ -n \"$requeue\" ]; then\n"
        + "  echo \"vgp: requeueing job $SLURM_JOB_ID to resume from the last checkpoint\"\n"
        + "  scontrol requeue \"$SLURM_JOB_ID\"\n"
        + "fi\n"
        + "exit \"$status\"\n";
  }

  @Override
  public String reportScript(Path outputDirectory, Path workingDirectory, List<String> command,
      JobResources resources) {
    List<String> directives = new ArrayList<>(List.of(
        "--job-name=" + BatchScripts.JOB_NAME_PREFIX + "report",
        "--output=" + outputDirectory.resolve(files().reportLog("%j"))));
    directives.addAll(placement(resources));
    return "#!/bin/bash\n"
        + directives(directives)
        + BatchScripts.reportCommands(workingDirectory, command);
  }

  /** Where any job of the study runs and is accounted (partition, account, QoS), and its mail. */
  static List<String> placement(JobResources resources) {
    List<String> directives = new ArrayList<>();
    if (JobResources.present(resources.partition())) {
      directives.add("--partition=" + resources.partition().strip());
    }
    if (JobResources.present(resources.account())) {
      directives.add("--account=" + resources.account().strip());
    }
    if (JobResources.present(resources.qos())) {
      directives.add("--qos=" + resources.qos().strip());
    }
    if (resources.mail().any()) {
      directives.add("--mail-type=" + String.join(",", resources.mail().events()));
      directives.add("--mail-user=" + resources.mail().user());
    }
    return directives;
  }

  private static String directives(List<String> options) {
    return options.stream().map(option -> "#SBATCH " + option + "\n")
        .collect(Collectors.joining());
  }

  /** Submits a batch script whose options are its {@code #SBATCH} lines. */
  @Override
  public String submit(Path script, List<String> after) {
    List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
    if (!after.isEmpty()) command.add("--dependency=afterany:" + String.join(":", after));
    command.add(script.toString());
    Result result = commands.run(command);
    if (result.exitCode() != 0) {
      throw new SchedulerException("sbatch refused " + script + " (exit code "
          + result.exitCode() + "): " + firstLine(result.errors(), result.output()) + ". Check"
          + " the resources (vgp.partition, vgp.account, vgp.qos, vgp.timeLimit,"
          + " vgp.sbatchOptions) against what the cluster offers (sinfo, sacctmgr show assoc"
          + " user=$USER)");
    }
    return parseJobId(result.output());
  }

  /** {@code --parsable} prints {@code id} or {@code id;cluster}. */
  static String parseJobId(String output) {
    String line = output.strip();
    int cluster = line.indexOf(';');
    String id = cluster < 0 ? line : line.substring(0, cluster);
    if (!id.matches("\\d+(_\\d+)?")) {
      throw new SchedulerException("sbatch --parsable printed '" + line + "', not a job id");
    }
    return id;
  }

  /** The user's jobs that are pending, running, suspended or being requeued. */
  @Override
  public List<Job> liveJobs() {
    Result result = commands.run(List.of("squeue", "--noheader", "--user=" + user,
        "--format=" + QUEUE_FORMAT));
    if (result.exitCode() != 0) {
      throw new SchedulerException("squeue failed (exit code " + result.exitCode() + "): "
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
        throw new SchedulerException("squeue printed '" + line + "', not " + QUEUE_FORMAT);
      }
      String reason = fields[3].equals("None") ? "" : fields[3];
      jobs.add(new Job(fields[0], fields[1], fields[2], reason, fields[2].equals("RUNNING"),
          fields[4]));
    }
    return jobs;
  }

  @Override
  public void cancel(String jobId) {
    Result result = commands.run(List.of("scancel", jobId));
    if (result.exitCode() != 0
        && liveJobs().stream().anyMatch(job -> job.id().equals(jobId))) {
      throw new SchedulerException("scancel " + jobId + " failed (exit code "
          + result.exitCode() + "): " + firstLine(result.errors(), result.output()));
    }
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
        throw new SchedulerException(e.getMessage() + "; is the Slurm controller up (scontrol "
            + "ping)?");
      }
    };
  }
}
