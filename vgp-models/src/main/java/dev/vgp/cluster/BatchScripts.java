package dev.vgp.cluster;

import dev.vgp.run.ChildCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the job scripts of every scheduler share: the names of vgp's jobs, and the commands of the
 * report job, whose last log line says how it ended ({@link #REPORT_ENDED}).
 */
public final class BatchScripts {

  /** The report job's last log line, before its exit code. */
  public static final String REPORT_ENDED = "vgp: the report job ended with exit code ";
  /** The prefix of every job name, followed by the experiment's id or {@code report}. */
  public static final String JOB_NAME_PREFIX = "vgp-";

  private BatchScripts() {}

  /**
   * The report job's commands, after its scheduler's header: runs {@code command} in
   * {@code workingDirectory}, then writes {@link #REPORT_ENDED} and its exit code as the log's
   * last line, which {@code vgp:status} reads once the job has left the queue: a log without it is
   * of a job that was killed.
   */
  public static String reportCommands(Path workingDirectory, List<String> command) {
    return "# Written by vgp:submit: the report of the study, once its training jobs have ended\n"
        + "# (finished or not: a failed experiment is marked in the report).\n"
        + "cd " + ChildCommand.quote(workingDirectory.toString()) + " || exit 1\n"
        + command.stream().map(ChildCommand::quote).collect(Collectors.joining(" ")) + "\n"
        + "status=$?\n"
        + "echo \"" + REPORT_ENDED + "$status\"\n"
        + "exit \"$status\"\n";
  }
}
