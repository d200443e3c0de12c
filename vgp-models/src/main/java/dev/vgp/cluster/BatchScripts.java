package dev.vgp.cluster;

import dev.vgp.run.ChildCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The text of the batch scripts vgp submits. Every option is an {@code #SBATCH} line, so a script
 * can be read, and submitted again by hand with a plain {@code sbatch <script>}.
 */
public final class BatchScripts {

  /** The training job's script, in the experiment's results directory. */
  public static final String TRAINING_SCRIPT = "slurm.sh";
  /** Its log, one per job id; requeued runs of the same job append to it. */
  public static final String TRAINING_LOG = "slurm-%j.log";
  /** The report job's script and log, in the directory of results directories. */
  public static final String REPORT_SCRIPT = "slurm-report.sh";
  public static final String REPORT_LOG = "slurm-report-%j.log";
  /** The report job's last log line, before its exit code. */
  public static final String REPORT_ENDED = "vgp: the report job ended with exit code ";
  /** The prefix of every job name, followed by the experiment's id or {@code report}. */
  public static final String JOB_NAME_PREFIX = "vgp-";

  private BatchScripts() {}

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
  public static String training(String experimentId, Path resultsDirectory, Path launchScript,
      SlurmResources resources) {
    List<String> directives = new ArrayList<>(List.of(
        "--job-name=" + JOB_NAME_PREFIX + experimentId,
        "--output=" + resultsDirectory.resolve(TRAINING_LOG),
        "--open-mode=append"));
    directives.addAll(resources.trainingDirectives());
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

  /**
   * The report job's script: runs {@code command} in {@code workingDirectory}, then writes
   * {@link #REPORT_ENDED} and its exit code as the log's last line, which {@code vgp:status}
   * reads once the job has left the queue: a log without it is of a job that was killed.
   */
  public static String report(Path outputDirectory, Path workingDirectory, List<String> command,
      SlurmResources resources) {
    List<String> directives = new ArrayList<>(List.of(
        "--job-name=" + JOB_NAME_PREFIX + "report",
        "--output=" + outputDirectory.resolve(REPORT_LOG)));
    directives.addAll(resources.placement());
    return "#!/bin/bash\n"
        + directives(directives)
        + "# Written by vgp:submit: the report of the study, once its training jobs have ended\n"
        + "# (finished or not: a failed experiment is marked in the report).\n"
        + "cd " + ChildCommand.quote(workingDirectory.toString()) + " || exit 1\n"
        + command.stream().map(ChildCommand::quote).collect(Collectors.joining(" ")) + "\n"
        + "status=$?\n"
        + "echo \"" + REPORT_ENDED + "$status\"\n"
        + "exit \"$status\"\n";
  }

  private static String directives(List<String> options) {
    return options.stream().map(option -> "#SBATCH " + option + "\n")
        .collect(Collectors.joining());
  }
}
