package dev.vgp.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A batch scheduler that runs a study's experiments as jobs: Slurm ({@link Slurm}) is the first.
 * It writes its jobs' scripts, submits them, lists the live ones and cancels one; the files it
 * keeps beside a study are named after it ({@link JobFiles}). A new scheduler is a class that
 * implements this and a line in {@link Schedulers}.
 */
public interface Scheduler {

  /**
   * A live job (pending, running, being requeued) as the scheduler's queue lists it.
   *
   * @param state the scheduler's word for it, e.g. {@code PENDING}
   * @param reason why it waits, empty when the scheduler gives none
   * @param started whether it runs (or is starting) rather than waits
   * @param script the path of its batch script
   */
  record Job(String id, String name, String state, String reason, boolean started,
      String script) {

    /** "PENDING (BeginTime)", or the state alone when there is no reason. */
    public String describe() {
      return reason.isEmpty() ? state : state + " (" + reason + ")";
    }
  }

  /** Its name in messages, e.g. "Slurm". */
  String name();

  /** The files it keeps beside a study, named after it. */
  default JobFiles files() {
    return new JobFiles(name().toLowerCase(Locale.ROOT));
  }

  /** Whether its client commands are on this machine's PATH. */
  boolean available();

  /**
   * The script of a training job that runs {@code launchScript} (an experiment's frozen plan,
   * without Maven) in {@code resultsDirectory}, where its output goes to
   * {@link JobFiles#trainingLog}; requeue-safe where the scheduler can requeue a job.
   */
  String trainingScript(String experimentId, Path resultsDirectory, Path launchScript,
      JobResources resources);

  /**
   * The script of the report job, which runs {@link BatchScripts#reportCommands}; its output
   * goes to {@link JobFiles#reportLog} in {@code outputDirectory}.
   */
  String reportScript(Path outputDirectory, Path workingDirectory, List<String> command,
      JobResources resources);

  /**
   * Submits {@code script}, to start once the jobs {@code after} have ended, however they ended.
   *
   * @return the new job's id
   * @throws SchedulerException naming what to check when the scheduler refuses it
   */
  String submit(Path script, List<String> after);

  /** This user's live jobs. */
  List<Job> liveJobs();

  /** Cancels a live job; one that ended meanwhile is no error. */
  void cancel(String jobId);
}
