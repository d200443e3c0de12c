package dev.vgp.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.command.ExternalCommand;
import dev.vgp.data.DatasetKind;
import dev.vgp.data.FetchRequest;
import dev.vgp.data.SyntheticCifarArchive;
import dev.vgp.files.RecordingSink;
import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.PlanOverrides;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.run.ChildCommand;
import dev.vgp.run.ChildLauncher;
import dev.vgp.run.ExperimentRunner;
import dev.vgp.run.RunLog;
import dev.vgp.run.VgpVersion;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second scheduler, added with nothing but itself: {@link LocalProcessScheduler} runs each job
 * as a local {@code bash} process. {@link StudySubmission} submits a tiny study to it (the jobs
 * train for real, through the {@code launch.sh} that freezing writes, in training processes
 * started from this test's classpath) and {@link StudyStatus} reads the results and the report
 * job through its files, {@code local.sh}, {@code local-<id>.log} and {@code local-job}. No
 * package outside {@code cluster} knows those names: the set-aside of {@code run} keeps them by
 * the patterns it is handed ({@link JobFiles#ofTheJobUnderWay}).
 */
class LocalProcessSchedulerTest {

  /**
   * Jobs as local processes, in submission order as their dependencies allow: a job starts once
   * every job it waits for has ended, however it ended. A script's {@code #LOCAL --output=}
   * line names its log ({@code %j} the job's id) and {@code #LOCAL --job-name=} its name, as
   * {@code #SBATCH} lines do for Slurm; resources are the machine's, so none is asked for.
   */
  static final class LocalProcessScheduler implements Scheduler, AutoCloseable {

    private static final String DIRECTIVE = "#LOCAL ";

    /** One submitted job; {@code process} once it started, {@code ended} once it ended. */
    private static final class LocalJob {
      final String id;
      final String name;
      final Path script;
      final CompletableFuture<Void> ended = new CompletableFuture<>();
      Process process;
      boolean cancelled;

      LocalJob(String id, String name, Path script) {
        this.id = id;
        this.name = name;
        this.script = script;
      }
    }

    private final Map<String, LocalJob> jobs = new LinkedHashMap<>();
    private final ExecutorService starter = Executors.newCachedThreadPool();
    private int nextId = 1;

    @Override
    public String name() {
      return "Local";
    }

    @Override
    public boolean available() {
      return ExternalCommand.onPath("bash").isPresent();
    }

    @Override
    public String trainingScript(String experimentId, Path resultsDirectory, Path launchScript,
        JobResources resources) {
      return header(BatchScripts.JOB_NAME_PREFIX + experimentId,
          resultsDirectory.resolve(files().trainingLog("%j")))
          + "exec " + ChildCommand.quote(launchScript.toString()) + "\n";
    }

    @Override
    public String reportScript(Path outputDirectory, Path workingDirectory, List<String> command,
        JobResources resources) {
      return header(BatchScripts.JOB_NAME_PREFIX + "report",
          outputDirectory.resolve(files().reportLog("%j")))
          + BatchScripts.reportCommands(workingDirectory, command);
    }

    private static String header(String jobName, Path log) {
      return "#!/bin/bash\n" + DIRECTIVE + "--job-name=" + jobName + "\n" + DIRECTIVE
          + "--output=" + log + "\n";
    }

    @Override
    public synchronized String submit(Path script, List<String> after) {
      String id = Integer.toString(nextId++);
      Map<String, String> directives = directives(script);
      LocalJob job = new LocalJob(id, directives.getOrDefault("job-name", ""), script);
      Path log = Path.of(directives.get("output").replace("%j", id));
      jobs.put(id, job);
      // an id this scheduler never gave out is of a job long gone
      CompletableFuture.allOf(after.stream().map(jobs::get).filter(j -> j != null)
              .map(j -> j.ended).toArray(CompletableFuture[]::new))
          .thenRunAsync(() -> start(job, log), starter);
      return id;
    }

    private void start(LocalJob job, Path log) {
      synchronized (this) {
        if (job.cancelled) return;
        try {
          ProcessBuilder builder = new ProcessBuilder("bash", job.script.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
          builder.environment().put("LOCAL_JOB_ID", job.id);
          job.process = builder.start();
        } catch (IOException e) {
          job.ended.complete(null);
          throw new UncheckedIOException(e);
        }
      }
      job.process.onExit().thenRun(() -> job.ended.complete(null));
    }

    private static Map<String, String> directives(Path script) {
      try (Stream<String> lines = Files.lines(script)) {
        Map<String, String> directives = new LinkedHashMap<>();
        lines.filter(line -> line.startsWith(DIRECTIVE + "--"))
            .map(line -> line.substring(DIRECTIVE.length() + 2).split("=", 2))
            .forEach(option -> directives.put(option[0], option[1]));
        return directives;
      } catch (IOException e) {
        throw new SchedulerException("cannot read " + script + ": " + e.getMessage());
      }
    }

    @Override
    public synchronized List<Job> liveJobs() {
      return jobs.values().stream().filter(job -> !job.ended.isDone())
          .map(job -> job.process == null
              ? new Job(job.id, job.name, "PENDING", "Dependency", false, job.script.toString())
              : new Job(job.id, job.name, "RUNNING", "", true, job.script.toString()))
          .toList();
    }

    /** A waiting job never starts; a running one loses its whole process tree. */
    @Override
    public synchronized void cancel(String jobId) {
      LocalJob job = jobs.get(jobId);
      if (job == null || job.ended.isDone()) return;
      job.cancelled = true;
      if (job.process == null) {
        job.ended.complete(null);
      } else {
        job.process.descendants().forEach(ProcessHandle::destroyForcibly);
        job.process.destroyForcibly();
      }
    }

    synchronized List<String> submitted() {
      return List.copyOf(jobs.keySet());
    }

    /** Waits for every job to end. */
    void awaitAll(Duration timeout) throws Exception {
      CompletableFuture<?>[] all;
      synchronized (this) {
        all = jobs.values().stream().map(job -> job.ended).toArray(CompletableFuture[]::new);
      }
      CompletableFuture.allOf(all).get(timeout.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public synchronized void close() {
      jobs.keySet().forEach(this::cancel);
      starter.shutdownNow();
    }
  }

  @TempDir
  Path dir;

  private final LocalProcessScheduler local = new LocalProcessScheduler();
  private final RecordingSink sink = new RecordingSink();

  @AfterEach
  void stopEveryJob() {
    local.close();
  }

  @Test
  void aStudySubmittedToLocalProcessesTrainsReportsAndReadsBackByTheToysFileNames()
      throws Exception {
    Path out = dir.resolve("out");
    ExperimentPlan plan = plan("a", "b");
    List<String> ids = List.of("a", "b");
    StudySubmission submission = new StudySubmission(local, false, out,
        new JobResources(null, 0, 0, null, null, null, null, 10, List.of(),
            Notification.NONE), sink);
    // the report job: a stand-in for vgp:report and vgp:check, which fails unless both ran
    List<String> report = List.of("bash", "-c", "grep -H '\"status\": \"finished\"'"
        + " a/experiment.json b/experiment.json");

    StudySubmission.Outcome outcome;
    List<Scheduler.Job> justSubmitted;
    try (ExperimentRunner planner = planner(out)) {
      outcome = submission.submit(ids, freeze(planner, plan), report, out);
      justSubmitted = local.liveJobs();
      // again while they run, or after: nothing is submitted twice
      submission.submit(ids, freeze(planner, plan), report, out);
    }
    assertEquals(List.of("1", "2"), outcome.training().stream()
        .map(StudySubmission.Submitted::jobId).toList());
    assertEquals(Optional.of("3"), outcome.reportJob());
    // the report job waits as long as any training job is live
    if (justSubmitted.stream().anyMatch(job -> !job.id().equals("3"))) {
      assertEquals(List.of("PENDING (Dependency)"), justSubmitted.stream()
          .filter(job -> job.id().equals("3")).map(Scheduler.Job::describe).toList());
    }

    local.awaitAll(Duration.ofMinutes(5));
    assertEquals(List.of("1", "2", "3"), local.submitted(), "each job submitted once");
    for (StudySubmission.Submitted job : outcome.training()) {
      Path results = out.resolve(job.experiment());
      assertEquals(results.resolve("local-" + job.jobId() + ".log"), job.log());
      assertTrue(new ResultsDirectory(results).readExperiment().orElseThrow().finished(),
          job.experiment() + ": " + Files.readString(job.log()));
      assertEquals(job.jobId() + "\n", Files.readString(results.resolve("local-job")));
      assertTrue(Files.isExecutable(results.resolve("local.sh")));
      assertEquals(List.of(), slurmFiles(results), "no other scheduler's names");
    }
    String reportLog = Files.readString(out.resolve("local-report-3.log"));
    assertTrue(reportLog.endsWith(BatchScripts.REPORT_ENDED + "0\n"), reportLog);
    assertEquals("3\n", Files.readString(out.resolve("local-report-job")));

    StudyStatus status = new StudyStatus(out, local, VgpVersion.current(), Instant.now());
    Map<String, Scheduler.Job> live = StudySubmission.liveJobs(local.liveJobs(), local.files(),
        out, ids);
    assertEquals(List.of(StudyStatus.State.FINISHED, StudyStatus.State.FINISHED),
        status.rows(plan.experiments(), live).stream().map(StudyStatus.Row::state).toList());
    assertEquals(Optional.of("report job 3 (vgp:report, vgp:check): done; log "
        + out.resolve("local-report-3.log")), status.reportJob(Optional.of(local.liveJobs())));

    // submitted again when up to date: nothing to train, and the report job is not rerun
    try (ExperimentRunner planner = planner(out)) {
      submission.submit(ids, freeze(planner, plan), report, out);
    }
    assertEquals(List.of(), local.liveJobs());
    assertEquals("3\n", Files.readString(out.resolve("local-report-job")));
  }

  @Test
  void aCancelledJobLosesItsProcessTreeAndWhatWaitsForItStarts() throws Exception {
    Path pid = dir.resolve("grandchild.pid");
    Path script = dir.resolve("local.sh");
    Files.writeString(script, "#!/bin/bash\n#LOCAL --job-name=vgp-a\n#LOCAL --output="
        + dir.resolve("local-%j.log") + "\n"
        + "bash -c 'while true; do sleep 0.1; done' &\necho $! > " + pid + ".tmp\n"
        + "mv " + pid + ".tmp " + pid + "\nwait\n");
    Path after = dir.resolve("local-report.sh");
    Files.writeString(after, "#!/bin/bash\n#LOCAL --output=" + dir.resolve("local-report-%j.log")
        + "\necho started\n");
    String first = local.submit(script, List.of());
    String second = local.submit(after, List.of(first));
    for (int i = 0; i < 600 && Files.notExists(pid); i++) Thread.sleep(50);
    ProcessHandle grandchild = ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
        .orElseThrow();
    assertEquals(List.of("RUNNING", "PENDING (Dependency)"),
        local.liveJobs().stream().map(Scheduler.Job::describe).toList());

    local.cancel(first);
    local.awaitAll(Duration.ofMinutes(1));
    assertEquals(List.of(), local.liveJobs());
    assertEquals("started\n", Files.readString(dir.resolve("local-report-" + second + ".log")));
    grandchild.onExit().get(1, TimeUnit.MINUTES);
    assertFalse(grandchild.isAlive(), "the job's background process was left running");
    local.cancel(first); // ended meanwhile: no error
  }

  /** Two tiny VGG08s (width 8, one epoch of 180 synthetic CIFAR-100 images, batch 50). */
  private ExperimentPlan plan(String... ids) {
    return ExperimentPlan.resolve(new ExperimentSettings(Map.of("epochs", "1")),
        Arrays.stream(ids).map(id -> new ExperimentDeclaration(id, id, new ExperimentSettings(
            Map.of("model", "vgg08", "width", "8", "batchSize", "50")))).toList(),
        PlanOverrides.none(), DataShape.cifar100());
  }

  /**
   * What vgp:submit freezes with: plans and {@code launch.sh} scripts whose training processes
   * start from this test's classpath.
   */
  private ExperimentRunner planner(Path out) {
    List<Path> classpath = Arrays.stream(System.getProperty("java.class.path")
        .split(File.pathSeparator)).map(Path::of).toList();
    ChildCommand command = new ChildCommand(Path.of(System.getProperty("java.home"), "bin",
        "java"), List.of(), classpath, Map.of("TF_CPP_MIN_LOG_LEVEL", "2"));
    return new ExperimentRunner(out, ExperimentRunner.Options.defaults(),
        new ChildLauncher(command, out, sink, Duration.ZERO));
  }

  private Function<Set<String>, List<ExperimentRunner.Frozen>> freeze(
      ExperimentRunner planner, ExperimentPlan plan) {
    Path archive = dir.resolve("cifar-100-binary.tar.gz");
    String checksum = SyntheticCifarArchive.write(archive, DatasetKind.CIFAR100, 200, 20, 0);
    FetchRequest data = new FetchRequest(DatasetKind.CIFAR100, dir.resolve("cache"), null,
        checksum, archive, null, true);
    return queued -> planner.freeze(new ExperimentPlan(plan.experiments().stream()
            .filter(e -> !queued.contains(e.id())).toList()), data, false,
        local.files().ofTheJobUnderWay(), new RunLog(sink, Duration.ZERO));
  }

  private static List<String> slurmFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString())
          .filter(name -> name.startsWith("slurm")).toList();
    }
  }
}
