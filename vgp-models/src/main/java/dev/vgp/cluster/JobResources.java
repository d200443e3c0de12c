package dev.vgp.cluster;

import java.util.List;

/**
 * What the jobs of a study ask their scheduler for; each {@link Scheduler} writes them its way
 * (Slurm as {@code #SBATCH} directives). Empty or zero values are left to the cluster's defaults.
 *
 * @param partition where the jobs run (Slurm's {@code --partition})
 * @param gpus GPUs per training job, when more than 0
 * @param cpusPerTask CPUs per training job, when more than 0; the training process uses as many
 *     threads
 * @param memory memory per training job, e.g. {@code 16G}
 * @param timeLimit time limit per training job, as Slurm writes it: e.g. {@code 24:00:00} or
 *     {@code 2-00:00:00}
 * @param account the account to charge
 * @param qos the quality of service
 * @param signalMinutes how long before the time limit the scheduler signals a training job to
 *     checkpoint and requeue itself; long enough to finish a training step and write a checkpoint
 * @param extraOptions further options of the scheduler's submit command as written, e.g.
 *     {@code --constraint=a100}
 * @param mail the mail every job of the study asks for, training and report jobs alike
 */
public record JobResources(String partition, int gpus, int cpusPerTask, String memory,
    String timeLimit, String account, String qos, int signalMinutes, List<String> extraOptions,
    Notification mail) {

  public JobResources {
    mail = mail == null ? Notification.NONE : mail;
    extraOptions = extraOptions == null ? List.of() : extraOptions.stream()
        .filter(option -> option != null && !option.isBlank()).map(String::strip).toList();
    if (gpus < 0) throw new IllegalArgumentException("gpus must be 0 or more, not " + gpus);
    if (cpusPerTask < 0) {
      throw new IllegalArgumentException("cpusPerTask must be 0 or more, not " + cpusPerTask);
    }
    if (signalMinutes < 1) {
      throw new IllegalArgumentException("signalMinutes must be at least 1, not "
          + signalMinutes + ": the job needs time to stop at a step and checkpoint");
    }
    if (present(timeLimit) && minutes(timeLimit) <= signalMinutes) {
      throw new IllegalArgumentException("timeLimit " + timeLimit + " leaves no training time"
          + " before the checkpoint signal " + signalMinutes + " minutes before it: raise"
          + " vgp.timeLimit or lower vgp.signalMinutes");
    }
    for (String option : extraOptions) {
      if (!option.startsWith("-")) {
        throw new IllegalArgumentException("sbatch option '" + option + "' does not start with"
            + " '-': write each as on the submit command's line, e.g. --constraint=a100");
      }
    }
  }

  /**
   * A Slurm time limit in whole minutes: {@code M}, {@code M:S}, {@code H:M:S}, {@code D-H},
   * {@code D-H:M} or {@code D-H:M:S}.
   *
   * @throws IllegalArgumentException for anything else
   */
  static long minutes(String limit) {
    String text = limit.strip();
    if (!text.matches("(\\d+-)?\\d+(:\\d+){0,2}")) {
      throw new IllegalArgumentException("timeLimit '" + limit + "' is not a Slurm time: write"
          + " minutes, MM:SS, HH:MM:SS or D-HH[:MM[:SS]], e.g. 24:00:00 or 2-00:00:00");
    }
    long days = 0;
    int dash = text.indexOf('-');
    if (dash >= 0) {
      days = Long.parseLong(text.substring(0, dash));
      text = text.substring(dash + 1);
    }
    String[] parts = text.split(":");
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) values[i] = Long.parseLong(parts[i]);
    long minutes;
    if (dash >= 0) {
      // days-hours[:minutes[:seconds]]
      minutes = values[0] * 60 + (values.length > 1 ? values[1] : 0);
    } else {
      // minutes[:seconds] or hours:minutes:seconds
      minutes = values.length == 3 ? values[0] * 60 + values[1] : values[0];
    }
    return days * 24 * 60 + minutes;
  }

  static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
