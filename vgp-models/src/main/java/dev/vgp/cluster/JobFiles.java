package dev.vgp.cluster;

import java.util.List;

/**
 * The files a scheduler keeps beside a study, named after it: for Slurm ({@code slurm}), each
 * experiment's job script {@code slurm.sh}, its jobs' logs {@code slurm-<job id>.log} (a
 * requeued job appends to its own) and the latest job's id in {@code slurm-job}, all in the
 * experiment's results directory; the report job's {@code slurm-report.sh},
 * {@code slurm-report-<job id>.log} and {@code slurm-report-job} in the directory of results
 * directories.
 *
 * @param prefix the scheduler's name in lower case
 */
public record JobFiles(String prefix) {

  public String trainingScript() {
    return prefix + ".sh";
  }

  /** @param jobId an id, or the scheduler's placeholder for it (Slurm's {@code %j}) */
  public String trainingLog(String jobId) {
    return prefix + "-" + jobId + ".log";
  }

  public String jobFile() {
    return prefix + "-job";
  }

  public String reportScript() {
    return prefix + "-report.sh";
  }

  public String reportLog(String jobId) {
    return prefix + "-report-" + jobId + ".log";
  }

  public String reportJobFile() {
    return prefix + "-report-job";
  }

  /**
   * The files of a results directory that belong to the job under way, as glob patterns: a
   * set-aside of earlier results leaves them (the job writes its log while it trains).
   */
  public List<String> ofTheJobUnderWay() {
    return List.of(trainingScript(), jobFile(), trainingLog("*"));
  }
}
