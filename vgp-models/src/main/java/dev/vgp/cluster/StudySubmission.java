package dev.vgp.cluster;

import dev.vgp.files.AtomicFiles;
import dev.vgp.files.WriterLock;
import dev.vgp.run.ChildTask;
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
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Submits a study to Slurm: one training job per experiment to train, running its frozen plan,
 * and a report job after all of them ({@code afterany}, so that a failed experiment still gets a
 * report that marks it). An experiment whose job is still pending or running is not submitted
 * again: its job is found by its batch script in {@code squeue}, or by the job id recorded in
 * {@value #JOB_FILE}.
 */
public final class StudySubmission {

  /** The id of an experiment's latest job, in its results directory. */
  public static final String JOB_FILE = "slurm-job";
  /** The id of the latest report job, in the directory of results directories. */
  public static final String REPORT_JOB_FILE = "slurm-report-job";

  /** What happened to one experiment: its job, new or already queued, and its log. */
  public record Submitted(String experiment, String jobId, boolean alreadyQueued, Path log) {}

  /** The training jobs and the report job; empty ids on a dry run. */
  public record Outcome(List<Submitted> training, Optional<String> reportJob) {}

  private final Optional<Slurm> slurm;
  private final String user;
  private final Path outputDirectory;
  private final SlurmResources resources;
  private final Consumer<String> log;

  /**
   * @param slurm empty for a dry run without Slurm: scripts are written and shown, not submitted
   * @param user whose queue is searched for jobs already submitted
   */
  public StudySubmission(Optional<Slurm> slurm, String user, Path outputDirectory,
      SlurmResources resources, Consumer<String> log) {
    this.slurm = slurm;
    this.user = user;
    this.outputDirectory = outputDirectory;
    this.resources = resources;
    this.log = log;
  }

  /**
   * The experiments among {@code ids} that have a live job (pending, running, requeued): those
   * must not be planned again, which could set their results aside under a running job.
   */
  Map<String, Slurm.Job> liveJobs(List<String> ids) {
    return slurm.map(s -> liveJobs(s.liveJobs(user), outputDirectory, ids)).orElse(Map.of());
  }

  /**
   * The experiments among {@code ids}, results directories of {@code outputDirectory}, whose job
   * is in {@code queue}: found by its batch script, or by the id recorded in {@value #JOB_FILE}
   * (a script submitted by hand from elsewhere).
   */
  public static Map<String, Slurm.Job> liveJobs(List<Slurm.Job> queue, Path outputDirectory,
      List<String> ids) {
    Map<String, Slurm.Job> live = new LinkedHashMap<>();
    for (String id : ids) {
      Path directory = outputDirectory.resolve(id);
      Optional<String> recorded = recordedJob(directory.resolve(JOB_FILE));
      queue.stream()
          .filter(job -> job.command().equals(
              directory.resolve(BatchScripts.TRAINING_SCRIPT).toString())
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
        message -> log.accept("submission: " + message))) {
      Map<String, Slurm.Job> queued = liveJobs(ids);
      return submit(freeze.apply(queued.keySet()), queued, reportCommand, workingDirectory);
    }
  }

  /**
   * Writes each frozen experiment's {@code slurm.sh} and submits it, then the report job.
   *
   * @param queued experiments left out because their jobs are live ({@link #liveJobs}): the
   *     report job waits for those too
   * @param reportCommand what the report job runs, in {@code workingDirectory}
   */
  Outcome submit(List<ExperimentRunner.Frozen> frozen, Map<String, Slurm.Job> queued,
      List<String> reportCommand, Path workingDirectory) {
    List<Submitted> submitted = new ArrayList<>();
    queued.forEach((id, job) -> {
      log.accept(id + ": job " + job.id() + " is " + job.describe()
          + " already: not submitted again");
      submitted.add(new Submitted(id, job.id(), true,
          logOf(outputDirectory.resolve(id), job.id())));
    });
    for (ExperimentRunner.Frozen experiment : frozen) {
      FrozenPlan plan = experiment.plan();
      Path directory = plan.resultsDirectory();
      Path script = directory.resolve(BatchScripts.TRAINING_SCRIPT);
      String text = BatchScripts.training(plan.experiment().id(), directory,
          directory.resolve(ChildTask.LAUNCH_SCRIPT), resources);
      AtomicFiles.writeScript(script, text);
      if (slurm.isEmpty()) {
        log.accept(plan.experiment().id() + ": dry run, not submitted: " + script + "\n" + text);
        submitted.add(new Submitted(plan.experiment().id(), "", false, null));
        continue;
      }
      String id = slurm.get().submit(script, List.of());
      AtomicFiles.writeString(directory.resolve(JOB_FILE), id + "\n");
      Path jobLog = logOf(directory, id);
      log.accept(plan.experiment().id() + ": job " + id + " submitted, log " + jobLog);
      submitted.add(new Submitted(plan.experiment().id(), id, false, jobLog));
    }
    return new Outcome(submitted, submitReport(submitted, reportCommand, workingDirectory));
  }

  private Optional<String> submitReport(List<Submitted> training, List<String> command,
      Path workingDirectory) {
    if (training.isEmpty()) {
      Optional<String> killed = killedReportJob();
      if (killed.isEmpty()) {
        log.accept("nothing to submit: every selected experiment is up to date; vgp:report"
            + " reports them");
        return Optional.empty();
      }
      log.accept("report: job " + killed.get() + " did not end by itself (killed, cancelled, or"
          + " its node failed): submitting the report job again");
    }
    Path script = outputDirectory.resolve(BatchScripts.REPORT_SCRIPT);
    String text = BatchScripts.report(outputDirectory, workingDirectory, command, resources);
    AtomicFiles.writeScript(script, text);
    if (slurm.isEmpty()) {
      log.accept("report: dry run, not submitted: " + script + "\n" + text);
      return Optional.empty();
    }
    Path recorded = outputDirectory.resolve(REPORT_JOB_FILE);
    boolean anyNew = training.stream().anyMatch(s -> !s.alreadyQueued());
    if (!training.isEmpty() && !anyNew) {
      Optional<String> live = recordedJob(recorded).filter(id ->
          slurm.get().liveJobs(user).stream().anyMatch(job -> job.id().equals(id)));
      if (live.isPresent()) {
        log.accept("report: job " + live.get() + " already waits for them: not submitted again");
        return live;
      }
    }
    String ids = String.join(":", training.stream().map(Submitted::jobId).toList());
    String id = slurm.get().submit(script,
        training.isEmpty() ? List.of() : List.of("--dependency=afterany:" + ids));
    AtomicFiles.writeString(recorded, id + "\n");
    log.accept("report: job " + id + " submitted" + (training.isEmpty() ? ""
        : " after " + ids.replace(':', ',')) + ", log "
        + outputDirectory.resolve(BatchScripts.REPORT_LOG.replace("%j", id)));
    return Optional.of(id);
  }

  /**
   * The latest report job when it did not end by itself: gone from the queue without the exit
   * code its script writes last, or ended by a signal. A report job that ended with its own
   * verdict (an expectation failed) is not run again.
   */
  private Optional<String> killedReportJob() {
    Optional<String> id = recordedJob(outputDirectory.resolve(REPORT_JOB_FILE));
    if (id.isEmpty() || slurm.isEmpty()
        || slurm.get().liveJobs(user).stream().anyMatch(job -> job.id().equals(id.get()))) {
      return Optional.empty();
    }
    return StudyStatus.killed(StudyStatus.reportExitCode(outputDirectory, id.get()))
        ? id : Optional.empty();
  }

  private static Path logOf(Path directory, String jobId) {
    return directory.resolve(BatchScripts.TRAINING_LOG.replace("%j", jobId));
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
