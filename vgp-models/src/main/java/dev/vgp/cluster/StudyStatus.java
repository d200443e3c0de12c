package dev.vgp.cluster;

import dev.vgp.files.Durations;
import dev.vgp.files.Sizes;
import dev.vgp.files.TextTable;
import dev.vgp.files.WriterLock;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.results.DamagedResultsException;
import dev.vgp.results.EpochMetrics;
import dev.vgp.results.ExperimentRecord;
import dev.vgp.results.ResourceUse;
import dev.vgp.results.ResultsDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where each declared experiment stands, read from its results directory ({@code experiment.json},
 * {@code summary.csv}, {@code vgp.lock}, logs) and, when its scheduler is there, from its live
 * job.
 */
public final class StudyStatus {

  /** The states of the table, in the words it prints. */
  public enum State {
    FINISHED("finished"), OUT_OF_DATE("out of date"), RUNNING("running"), QUEUED("queued"),
    INTERRUPTED("interrupted"), DIVERGED("diverged"), FAILED("failed"),
    NOT_STARTED("not started");

    private final String word;

    State(String word) {
      this.word = word;
    }

    @Override
    public String toString() {
      return word;
    }
  }

  /**
   * One experiment's line.
   *
   * @param epochsDone epochs in summary.csv; {@code epochs} the run's total
   * @param imagesPerSecond of the last epoch, 0 when none
   * @param eta time left at the mean epoch time so far, empty when not running
   * @param where the host of a running run, the job id and scheduler's state of a job
   * @param detail why it stopped, the last error line, or what is out of date
   * @param cost the CPU time and peak memory of the epochs so far
   */
  public record Row(String id, State state, int epochsDone, int epochs, double imagesPerSecond,
      Optional<Duration> eta, String where, String detail, ResourceUse cost) {}

  private final Path outputDirectory;
  private final Scheduler scheduler;
  private final String vgpVersion;
  private final Instant now;

  /**
   * @param scheduler whose jobs and files to read
   * @param vgpVersion this vgp's, part of what makes finished results up to date
   */
  public StudyStatus(Path outputDirectory, Scheduler scheduler, String vgpVersion, Instant now) {
    this.outputDirectory = outputDirectory;
    this.scheduler = scheduler;
    this.vgpVersion = vgpVersion;
    this.now = now;
  }

  /** @param jobs live jobs by experiment id ({@link StudySubmission#liveJobs}) */
  public List<Row> rows(List<ExperimentDefinition> experiments,
      Map<String, Scheduler.Job> jobs) {
    return experiments.stream().map(e -> row(e, Optional.ofNullable(jobs.get(e.id())))).toList();
  }

  Row row(ExperimentDefinition experiment, Optional<Scheduler.Job> job) {
    String jobWhere = job.map(j -> "job " + j.id() + " " + j.describe()).orElse("");
    try {
      return row(experiment, job, jobWhere);
    } catch (DamagedResultsException e) {
      // one experiment's damaged file is its line's detail, not the end of the table
      return new Row(experiment.id(), State.FAILED, 0, experiment.training().epochs(), 0,
          Optional.empty(), jobWhere, e.getMessage(), ResourceUse.UNMEASURED);
    }
  }

  private Row row(ExperimentDefinition experiment, Optional<Scheduler.Job> job, String jobWhere) {
    ResultsDirectory results = new ResultsDirectory(outputDirectory.resolve(experiment.id()));
    Optional<ExperimentRecord> record = results.readExperiment();
    if (record.isEmpty()) {
      if (job.isPresent()) {
        return new Row(experiment.id(), waiting(job.get()), 0, experiment.training().epochs(), 0,
            Optional.empty(), jobWhere, job.get().started() ? "starting" : "",
            ResourceUse.UNMEASURED);
      }
      Optional<String> error = lastErrorLine(results.root());
      return new Row(experiment.id(), error.isPresent() ? State.FAILED : State.NOT_STARTED, 0,
          experiment.training().epochs(), 0, Optional.empty(), "", error.orElse(""),
          ResourceUse.UNMEASURED);
    }
    ExperimentRecord r = record.get();
    List<EpochMetrics> epochs = results.readSummary();
    ResourceUse cost = ResourceUse.ofRun(epochs);
    int total = r.training().epochs();
    double speed = epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).imagesPerSecond();
    ExperimentRecord.Environment environment = r.environment();
    switch (r.status()) {
      case FINISHED -> {
        boolean upToDate = experiment.record(ExperimentRecord.Status.RUNNING, r.dataset(),
            r.dataChecksum(), vgpVersion, ExperimentRecord.Environment.NONE).fingerprint()
            .equals(r.fingerprint());
        return new Row(experiment.id(), upToDate ? State.FINISHED : State.OUT_OF_DATE,
            epochs.size(), total, speed, Optional.empty(), jobWhere, upToDate ? ""
                : "the declaration or vgp changed since it ran: vgp:submit trains it again",
            cost);
      }
      case DIVERGED -> {
        return new Row(experiment.id(), State.DIVERGED, epochs.size(), total, speed,
            Optional.empty(), jobWhere, environment.divergedAt().orElse(""), cost);
      }
      case RUNNING -> {
        Optional<WriterLock.Holder> holder = WriterLock.read(results.root());
        if (holder.isPresent() && holder.get().live(WriterLock.DEFAULT_STALE_AFTER, now)) {
          String where = holder.get().host() + " pid " + holder.get().pid()
              + (jobWhere.isEmpty() ? "" : ", " + jobWhere);
          return new Row(experiment.id(), State.RUNNING, epochs.size(), total, speed,
              eta(epochs, total), where, "", cost);
        }
        if (job.isPresent()) {
          return new Row(experiment.id(), waiting(job.get()), epochs.size(), total, speed,
              Optional.empty(), jobWhere, "its last run was killed; the job resumes it", cost);
        }
        return new Row(experiment.id(), State.INTERRUPTED, epochs.size(), total, speed,
            Optional.empty(), "", "killed (its process is gone); a rerun resumes it", cost);
      }
      default -> {
        if (environment.failure().isPresent()) {
          return new Row(experiment.id(), State.FAILED, epochs.size(), total, speed,
              Optional.empty(), jobWhere, lastErrorLine(results.root())
                  .orElse("failure: " + environment.failure().get()), cost);
        }
        String stoppedBy = environment.stoppedBy().orElse("");
        return new Row(experiment.id(), job.map(StudyStatus::waiting).orElse(State.INTERRUPTED),
            epochs.size(), total, speed, Optional.empty(), jobWhere,
            "stopped: " + stoppedBy + (job.isPresent() ? "; the job resumes it" : ""), cost);
      }
    }
  }

  /**
   * Where the latest report job of {@code vgp:submit} stands, in one line: queued or running
   * (from the scheduler's queue), done or failed (from the last line of its log, which the job
   * writes as it ends: a log without it is of a job that was cancelled, killed or lost with its
   * node).
   * Empty when no report job was submitted.
   *
   * @param queue the user's live jobs; empty when the scheduler's queue could not be read
   */
  public Optional<String> reportJob(Optional<List<Scheduler.Job>> queue) {
    JobFiles files = scheduler.files();
    Optional<String> recorded =
        StudySubmission.recordedJob(outputDirectory.resolve(files.reportJobFile()));
    if (recorded.isEmpty()) return Optional.empty();
    String id = recorded.get();
    Path log = outputDirectory.resolve(files.reportLog(id));
    String job = "report job " + id + " (vgp:report, vgp:check): ";
    Optional<Scheduler.Job> live = queue.flatMap(jobs -> jobs.stream()
        .filter(j -> j.id().equals(id)).findFirst());
    if (live.isPresent()) {
      return Optional.of(job + waiting(live.get()) + ", " + live.get().describe() + "; log "
          + log);
    }
    Optional<Integer> ended = reportExitCode(outputDirectory, files, id);
    if (ended.filter(code -> code == 0).isPresent()) return Optional.of(job + "done; log " + log);
    if (ended.isPresent() && !killed(ended)) {
      // Maven's first error line names the goal and why; the later ones are its help
      String error = readLines(log).stream().filter(l -> l.startsWith("[ERROR] ")).findFirst()
          .map(l -> ": " + l.substring("[ERROR] ".length()).strip()).orElse("");
      return Optional.of(job + "failed, exit code " + ended.get() + error + "; log " + log);
    }
    if (ended.isPresent()) {
      return Optional.of(job + "failed: killed by signal " + (ended.get() - 128) + " (exit code "
          + ended.get() + "); log " + log + "; vgp:submit submits it again");
    }
    if (queue.isEmpty()) {
      return Optional.of(job + "not ended, or killed (" + scheduler.name() + "'s queue is not"
          + " readable); log " + log);
    }
    return Optional.of(job + "failed: it left the queue without ending (cancelled, killed, or"
        + " its node failed)" + (Files.exists(log) ? "; log " : ", and wrote no log ") + log
        + "; vgp:submit submits it again");
  }

  /**
   * The exit code report job {@code id} wrote as the last line of its log; empty when it did
   * not get to (killed outright, cancelled, lost with its node) or left no log.
   */
  static Optional<Integer> reportExitCode(Path outputDirectory, JobFiles files, String id) {
    String ended = BatchScripts.REPORT_ENDED;
    // after whatever Maven left unterminated on its last line (ANSI resets, even with -B)
    return readLines(outputDirectory.resolve(files.reportLog(id)))
        .stream().filter(line -> line.contains(ended)).reduce((first, second) -> second)
        .map(line -> line.substring(line.lastIndexOf(ended) + ended.length()).strip())
        .filter(code -> code.matches("\\d+")).map(Integer::valueOf);
  }

  /** Whether a report job that ended so did not end by itself: no exit code, or a signal's. */
  static boolean killed(Optional<Integer> exitCode) {
    return exitCode.isEmpty() || exitCode.get() > 128;
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  /** A job's run that has not written its lock yet: queued, or running while it starts. */
  private static State waiting(Scheduler.Job job) {
    return job.started() ? State.RUNNING : State.QUEUED;
  }

  /** The mean epoch time so far, times the epochs left. */
  private static Optional<Duration> eta(List<EpochMetrics> epochs, int total) {
    if (epochs.isEmpty()) return Optional.empty();
    double mean = epochs.stream().mapToDouble(EpochMetrics::seconds).average().orElse(0);
    return Optional.of(Duration.ofSeconds(Math.round(mean * (total - epochs.size()))));
  }

  /**
   * The last ERROR line of the experiment's newest log: the training process's
   * ({@code train.log}) or a job's (Slurm's {@code slurm-<id>.log}).
   */
  static Optional<String> lastErrorLine(Path directory) {
    if (!Files.isDirectory(directory)) return Optional.empty();
    Optional<Path> newest;
    try (Stream<Path> files = Files.list(directory)) {
      newest = files.filter(f -> f.getFileName().toString().endsWith(".log"))
          .max(Comparator.comparing(StudyStatus::modified));
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + directory + ": " + e.getMessage(), e);
    }
    if (newest.isEmpty()) return Optional.empty();
    try (Stream<String> lines = Files.lines(newest.get())) {
      return lines.filter(line -> line.startsWith("ERROR ") || line.contains(" ERROR "))
          .reduce((first, second) -> second).map(String::strip);
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private static Instant modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  /** The rows as an aligned text table, one experiment a line. */
  public static String table(List<Row> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"experiment", "state", "epoch", "images/s", "ETA", "CPU", "peak RSS",
        "GPU memory", "where", "detail"});
    for (Row row : rows) {
      ResourceUse cost = row.cost();
      cells.add(new String[] {row.id(), row.state().toString(),
          row.epochsDone() + "/" + row.epochs(),
          row.imagesPerSecond() > 0 ? String.format(Locale.ROOT, "%.0f", row.imagesPerSecond())
              : "",
          row.eta().map(Durations::describe).orElse(""),
          cost.cpuTime().map(Durations::describe).orElse(""),
          Sizes.describe(cost.peakRssBytes()), Sizes.describe(cost.gpuBytes()), row.where(),
          row.detail()});
    }
    return TextTable.align(cells).stream().map(line -> line + "\n")
        .collect(Collectors.joining());
  }
}
