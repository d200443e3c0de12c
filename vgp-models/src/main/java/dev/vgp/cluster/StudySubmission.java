package dev.vgp.cluster;

import dev.vgp.files.AtomicFiles;
import dev.vgp.files.LogSink;
import dev.vgp.files.WriterLock;
import dev.vgp.run.ChildLauncher;
import dev.vgp.run.ExperimentRunner;
import dev.vgp.run.FrozenPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Submits a study to a {@link Scheduler}: one training job per experiment to train, running its
 * frozen plan, and a report job after all of them (however they end, so that a failed experiment
 * still gets a report that marks it). An experiment whose job is still pending or running is not
 * submitted again: its job is found by its batch script in the scheduler's queue, or by the job
 * id recorded beside it ({@link JobFiles#jobFile}).
 */
public final class StudySubmission {

  /** What happened to one experiment: its job, new or already queued, and its log. */
  public record Submitted(String experiment, String jobId, boolean alreadyQueued, Path log) {}

  /** The training jobs and the report job; empty ids on a dry run. */
  public record Outcome(List<Submitted> training, Optional<String> reportJob) {}

  private final Scheduler scheduler;
  private final JobFiles files;
  private final boolean dryRun;
  private final Path outputDirectory;
  private final JobResources resources;
  private final LogSink log;

  /**
   * @param dryRun write and show the scripts, submit nothing; the scheduler's client need not be
   *     there
   */
  public StudySubmission(Scheduler scheduler, boolean dryRun, Path outputDirectory,
      JobResources resources, LogSink log) {
    this.scheduler = scheduler;
    this.files = scheduler.files();
    this.dryRun = dryRun;
    this.outputDirectory = outputDirectory;
    this.resources = resources;
    this.log = log;
  }

  /**
   * The experiments among {@code ids} that have a live job (pending, running, requeued): those
   * must not be planned again, which could set their results aside under a running job.
   */
  Map<String, Scheduler.Job> liveJobs(List<String> ids) {
    return dryRun ? Map.of() : liveJobs(scheduler.liveJobs(), files, outputDirectory, ids);
  }

  /**
   * The experiments among {@code ids}, results directories of {@code outputDirectory}, whose job
   * is in {@code queue}: found by its batch script, or by the id recorded beside it (a script
   * submitted by hand from elsewhere).
   */
  public static Map<String, Scheduler.Job> liveJobs(List<Scheduler.Job> queue, JobFiles files,
      Path outputDirectory, List<String> ids) {
    Map<String, Scheduler.Job> live = new LinkedHashMap<>();
    for (String id : ids) {
      Path directory = outputDirectory.resolve(id);
      Optional<String> recorded = recordedJob(directory.resolve(files.jobFile()));
      queue.stream()
          .filter(job -> job.script().equals(directory.resolve(files.trainingScript()).toString())
              || recorded.filter(job.id()::equals).isPresent())
          .findFirst().ifPresent(job -> live.put(id, job));
    }
    return live;
  }

  /**
   * Submits a study: the experiments among {@code ids} whose jobs are live are left alone, the
   * others are frozen by {@code freeze} (handed the live ones, which it must leave out) and
   * submitted, then the report job. All of it under the lock of the directory of results
   * directories: a second {@code vgp:submit} on the same results, started meanwhile, waits, then
   * finds these jobs in the queue rather than submitting them again.
   *
   * @param reportCommand what the report job runs, in {@code workingDirectory}
   */
  public Outcome submit(List<String> ids,
      Function<Set<String>, List<ExperimentRunner.Frozen>> freeze, List<String> reportCommand,
      Path workingDirectory) {
    try (WriterLock submitting = WriterLock.acquire(outputDirectory,
        new WriterLock.Policy(true, WriterLock.DEFAULT_STALE_AFTER),
        log.withPrefix("submission: "))) {
      Map<String, Scheduler.Job> queued = liveJobs(ids);
      return submit(freeze.apply(queued.keySet()), queued, reportCommand, workingDirectory);
    }
  }

  /**
   * Writes each frozen experiment's job script and submits it, then the report job.
   *
   * @param queued experiments left out because their jobs are live ({@link #liveJobs}): the
   *     report job waits for those too
   * @param reportCommand what the report job runs, in {@code workingDirectory}
   */
  Outcome submit(List<ExperimentRunner.Frozen> frozen, Map<String, Scheduler.Job> queued,
      List<String> reportCommand, Path workingDirectory) {
    List<Submitted> submitted = new ArrayList<>();
    queued.forEach((id, job) -> {
      log.info(id + ": job " + job.id() + " is " + job.describe()
          + " already: not submitted again");
      submitted.add(new Submitted(id, job.id(), true,
          logOf(outputDirectory.resolve(id), job.id())));
    });
    for (ExperimentRunner.Frozen experiment : frozen) {
      FrozenPlan plan = experiment.plan();
      Path directory = plan.resultsDirectory();
      Path script = directory.resolve(files.trainingScript());
      String text = scheduler.trainingScript(plan.experiment().id(), directory,
          directory.resolve(ChildLauncher.LAUNCH_SCRIPT), resources);
      AtomicFiles.writeScript(script, text);
      if (dryRun) {
        log.info(plan.experiment().id() + ": dry run, not submitted: " + script + "\n" + text);
        submitted.add(new Submitted(plan.experiment().id(), "", false, null));
        continue;
      }
      String id = scheduler.submit(script, List.of());
      AtomicFiles.writeString(directory.resolve(files.jobFile()), id + "\n");
      Path jobLog = logOf(directory, id);
      log.info(plan.experiment().id() + ": job " + id + " submitted, log " + jobLog);
      submitted.add(new Submitted(plan.experiment().id(), id, false, jobLog));
    }
    return new Outcome(submitted, submitReport(submitted, reportCommand, workingDirectory));
  }

  private Optional<String> submitReport(List<Submitted> training, List<String> command,
      Path workingDirectory) {
    if (training.isEmpty()) {
      Optional<String> killed = killedReportJob();
      if (killed.isEmpty()) {
        log.info("nothing to submit: every selected experiment is up to date; vgp:report"
            + " reports them");
        return Optional.empty();
      }
      log.info("report: job " + killed.get() + " did not end by itself (killed, cancelled, or"
          + " its node failed): submitting the report job again");
    }
    Path script = outputDirectory.resolve(files.reportScript());
    String text = scheduler.reportScript(outputDirectory, workingDirectory, command, resources);
    AtomicFiles.writeScript(script, text);
    if (dryRun) {
      log.info("report: dry run, not submitted: " + script + "\n" + text);
      return Optional.empty();
    }
    Path recorded = outputDirectory.resolve(files.reportJobFile());
    Optional<Scheduler.Job> earlier = recordedJob(recorded).flatMap(this::liveJob);
    boolean anyNew = training.stream().anyMatch(s -> !s.alreadyQueued());
    if (!training.isEmpty() && !anyNew && earlier.isPresent()) {
      log.info("report: job " + earlier.get().id() + " already waits for them: not submitted"
          + " again");
      return earlier.map(Scheduler.Job::id);
    }
    List<String> after = training.stream().map(Submitted::jobId).toList();
    String id = scheduler.submit(script, after);
    AtomicFiles.writeString(recorded, id + "\n");
    log.info("report: job " + id + " submitted" + (training.isEmpty() ? ""
        : " after " + String.join(",", after)) + ", log "
        + outputDirectory.resolve(files.reportLog(id)));
    // one report, after all of them: the earlier one waits for fewer jobs
    earlier.filter(job -> !job.started()).ifPresent(job -> {
      scheduler.cancel(job.id());
      log.info("report: job " + job.id() + ", which waited for fewer jobs, is cancelled");
    });
    return Optional.of(id);
  }

  private Optional<Scheduler.Job> liveJob(String id) {
    return scheduler.liveJobs().stream().filter(job -> job.id().equals(id)).findFirst();
  }

  /**
   * The latest report job when it did not end by itself: gone from the queue without the exit
   * code its script writes last, or ended by a signal. A report job that ended with its own
   * verdict (an expectation failed) is not run again.
   */
  private Optional<String> killedReportJob() {
    Optional<String> id = recordedJob(outputDirectory.resolve(files.reportJobFile()));
    if (id.isEmpty() || dryRun || liveJob(id.get()).isPresent()) return Optional.empty();
    return StudyStatus.killed(StudyStatus.reportExitCode(outputDirectory, files, id.get()))
        ? id : Optional.empty();
  }

  private Path logOf(Path directory, String jobId) {
    return directory.resolve(files.trainingLog(jobId));
  }

  /** The job id recorded in {@code file}, empty when there is none. */
  static Optional<String> recordedJob(Path file) {
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file).strip())
          .filter(id -> !id.isEmpty()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
    }
  }
}
