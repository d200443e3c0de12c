package dev.vgp.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.data.DatasetKind;
import dev.vgp.data.PreparedData;
import dev.vgp.files.RecordingSink;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.run.ExperimentRunner;
import dev.vgp.run.FrozenPlan;
import dev.vgp.run.RunDecision;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudySubmissionTest {

  @TempDir
  Path out;

  private final List<List<String>> submitted = new ArrayList<>();
  private final List<String> queue = new ArrayList<>();
  private final RecordingSink sink = new RecordingSink();
  private final List<String> log = sink.lines;
  private int nextId = 100;

  private final List<String> cancelled = new ArrayList<>();

  /**
   * A Slurm whose sbatch hands out ids 100, 101..., whose squeue lists {@link #queue} and whose
   * scancel records what it cancels.
   */
  private final Slurm slurm = new Slurm(command -> {
    switch (command.get(0)) {
      case "sbatch":
        submitted.add(command);
        return new Slurm.Result(0, nextId++ + "\n", "");
      case "squeue":
        assertTrue(command.contains("--user=ann"), command::toString);
        return new Slurm.Result(0, String.join("\n", queue), "");
      case "scancel":
        cancelled.add(command.get(1));
        return new Slurm.Result(0, "", "");
      default:
        throw new AssertionError("ran " + command);
    }
  }, "ann");

  private StudySubmission submission(Scheduler scheduler) {
    return submission(scheduler, false);
  }

  private StudySubmission submission(Scheduler scheduler, boolean dryRun) {
    return new StudySubmission(scheduler, dryRun, out,
        new JobResources(null, 0, 0, null, null, null, null, 10, List.of(),
            Notification.NONE), sink);
  }

  private ExperimentRunner.Frozen frozen(String id) {
    return new ExperimentRunner.Frozen(new FrozenPlan(new ExperimentDefinition(id, id,
        ModelSpec.vgg08(), TrainingConfig.reference()),
        new PreparedData(DatasetKind.CIFAR100, out.resolve("data"), "abc"), "0.1.0", out,
        slurm.files().ofTheJobUnderWay()),
        RunDecision.decide(Optional.empty(), null, false));
  }

  @Test
  void oneJobPerExperimentThenAReportJobAfterAllOfThem() throws Exception {
    StudySubmission.Outcome outcome = submission(slurm).submit(
        List.of(frozen("a"), frozen("b")), Map.of(), List.of("mvn", "vgp:report"), out);
    assertEquals(List.of("sbatch", "--parsable", out.resolve("a/slurm.sh").toString()),
        submitted.get(0));
    assertEquals(List.of("sbatch", "--parsable", "--dependency=afterany:100:101",
        out.resolve("slurm-report.sh").toString()), submitted.get(2));
    assertEquals(Optional.of("102"), outcome.reportJob());
    assertEquals("100\n", Files.readString(out.resolve("a/slurm-job")));
    assertEquals("102\n", Files.readString(out.resolve("slurm-report-job")));
    assertEquals(List.of("a: job 100 submitted, log " + out.resolve("a/slurm-100.log"),
        "b: job 101 submitted, log " + out.resolve("b/slurm-101.log"),
        "report: job 102 submitted after 100,101, log " + out.resolve("slurm-report-102.log")),
        log);
    assertTrue(Files.isExecutable(out.resolve("b/slurm.sh")));
  }

  @Test
  void experimentsWithALiveJobAreFoundByScriptOrRecordedIdAndNotSubmittedAgain()
      throws Exception {
    Files.createDirectories(out.resolve("b"));
    Files.writeString(out.resolve("b/slurm-job"), "8\n");
    Files.writeString(out.resolve("slurm-report-job"), "9\n");
    queue.add("7|vgp-a|RUNNING|None|" + out.resolve("a/slurm.sh"));
    queue.add("8|vgp-b|PENDING|BeginTime|/elsewhere/b/slurm.sh");
    queue.add("9|vgp-report|PENDING|Dependency|" + out.resolve("slurm-report.sh"));
    queue.add("10|vgp-c|RUNNING|None|/another/study/c/slurm.sh");
    StudySubmission submission = submission(slurm);
    Map<String, Scheduler.Job> live = submission.liveJobs(List.of("a", "b", "c"));
    assertEquals(List.of("a", "b"), List.copyOf(live.keySet()));

    StudySubmission.Outcome outcome = submission.submit(List.of(), live, List.of("mvn"), out);
    assertEquals(List.of(), submitted);
    assertEquals(Optional.of("9"), outcome.reportJob());
    assertEquals(List.of("a: job 7 is RUNNING already: not submitted again",
        "b: job 8 is PENDING (BeginTime) already: not submitted again",
        "report: job 9 already waits for them: not submitted again"), log);
  }

  @Test
  void twoSubmissionsAtOnceSubmitEachJobOnce() throws Exception {
    // a Slurm whose queue holds every job submitted, as squeue would list it
    List<String> live = Collections.synchronizedList(new ArrayList<>());
    Slurm cluster = new Slurm(command -> {
      if (!command.get(0).equals("sbatch")) {
        return new Slurm.Result(0, String.join("\n", live), "");
      }
      synchronized (submitted) {
        submitted.add(command);
        String id = Integer.toString(nextId++);
        live.add(id + "|vgp-x|PENDING|None|" + command.get(command.size() - 1));
        return new Slurm.Result(0, id + "\n", "");
      }
    }, "ann");
    CountDownLatch firstIsFreezing = new CountDownLatch(1);
    Function<Set<String>, List<ExperimentRunner.Frozen>> freeze = queued -> {
      firstIsFreezing.countDown();
      try {
        Thread.sleep(300); // the second submission starts meanwhile
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return Stream.of("a", "b").filter(id -> !queued.contains(id)).map(this::frozen).toList();
    };
    AtomicReference<Throwable> secondFailed = new AtomicReference<>();
    Thread second = new Thread(() -> {
      try {
        firstIsFreezing.await();
        submission(cluster).submit(List.of("a", "b"), freeze, List.of("mvn"), out);
      } catch (Throwable e) {
        secondFailed.set(e);
      }
    });
    second.start();
    submission(cluster).submit(List.of("a", "b"), freeze, List.of("mvn"), out);
    second.join(30_000);
    assertEquals(null, secondFailed.get());
    assertEquals(List.of("a/slurm.sh", "b/slurm.sh", "slurm-report.sh"), submitted.stream()
        .map(command -> out.relativize(Path.of(command.get(command.size() - 1))).toString())
        .toList());
    assertTrue(log.contains("a: job 100 is PENDING already: not submitted again"), log::toString);
    assertTrue(log.contains("report: job 102 already waits for them: not submitted again"),
        log::toString);
  }

  @Test
  void aNewJobBesideALiveOneGetsANewReportJobWaitingForBoth() {
    queue.add("7|vgp-a|RUNNING|None|" + out.resolve("a/slurm.sh"));
    StudySubmission submission = submission(slurm);
    submission.submit(List.of(frozen("b")), submission.liveJobs(List.of("a", "b")),
        List.of("mvn"), out);
    assertEquals("--dependency=afterany:7:100", submitted.get(1).get(2));
  }

  @Test
  void aNewReportJobReplacesTheEarlierOneThatWaitsForFewerJobsUnlessItRuns() throws Exception {
    Files.writeString(out.resolve("slurm-report-job"), "9\n");
    queue.add("7|vgp-a|RUNNING|None|" + out.resolve("a/slurm.sh"));
    queue.add("9|vgp-report|PENDING|Dependency|" + out.resolve("slurm-report.sh"));
    StudySubmission submission = submission(slurm);
    StudySubmission.Outcome outcome = submission.submit(List.of(frozen("b")),
        submission.liveJobs(List.of("a", "b")), List.of("mvn"), out);
    assertEquals(Optional.of("101"), outcome.reportJob());
    assertEquals("--dependency=afterany:7:100", submitted.get(1).get(2));
    assertEquals("101\n", Files.readString(out.resolve("slurm-report-job")));
    assertEquals(List.of("9"), cancelled);
    assertEquals("report: job 9, which waited for fewer jobs, is cancelled",
        log.get(log.size() - 1));

    // a report job already running is left to finish: the new one reports after it
    queue.set(1, "101|vgp-report|RUNNING|None|" + out.resolve("slurm-report.sh"));
    submission.submit(List.of(frozen("c")), submission.liveJobs(List.of("a", "c")),
        List.of("mvn"), out);
    assertEquals(List.of("9"), cancelled);
    assertEquals("103\n", Files.readString(out.resolve("slurm-report-job")));
  }

  @Test
  void aDryRunWritesAndShowsTheScriptsAndSubmitsNothing() {
    Slurm absent = new Slurm(command -> {
      throw new AssertionError("a dry run needs no Slurm client, but ran " + command);
    }, "ann");
    StudySubmission.Outcome outcome = submission(absent, true)
        .submit(List.of(frozen("a")), Map.of(), List.of("mvn", "vgp:report"), out);
    assertEquals(Optional.empty(), outcome.reportJob());
    assertTrue(log.get(0).startsWith("a: dry run, not submitted: " + out.resolve("a/slurm.sh")
        + "\n#!/bin/bash\n#SBATCH --job-name=vgp-a\n"), log.get(0));
    assertTrue(log.get(1).startsWith("report: dry run, not submitted: "), log.get(1));
    assertTrue(Files.notExists(out.resolve("a/slurm-job")));
  }

  @Test
  void nothingToTrainSubmitsNothingAndSaysSo() throws Exception {
    submission(slurm).submit(List.of(), Map.of(), List.of("mvn"), out);
    assertEquals(List.of(), submitted);
    assertTrue(log.get(0).startsWith("nothing to submit"), log.toString());

    // nor when the last report job ended by itself, well or with a failed expectation
    Files.writeString(out.resolve("slurm-report-job"), "9\n");
    for (String ended : new String[] {"0", "1"}) {
      Files.writeString(out.resolve("slurm-report-9.log"), BatchScripts.REPORT_ENDED + ended);
      submission(slurm).submit(List.of(), Map.of(), List.of("mvn"), out);
      assertEquals(List.of(), submitted);
    }
  }

  @Test
  void aReportJobThatDidNotEndByItselfIsSubmittedAgainWithNothingToTrain() throws Exception {
    Files.writeString(out.resolve("slurm-report-job"), "9\n");
    queue.add("9|vgp-report|RUNNING|None|" + out.resolve("slurm-report.sh"));
    submission(slurm).submit(List.of(), Map.of(), List.of("mvn"), out);
    assertEquals(List.of(), submitted, "still running");

    queue.clear();
    // its Maven killed (the log's last line), or the job with its node (no last line)
    for (String ending : new String[] {BatchScripts.REPORT_ENDED + "137\n", "[INFO] Report"}) {
      Files.writeString(out.resolve("slurm-report-9.log"), ending);
      Files.writeString(out.resolve("slurm-report-job"), "9\n");
      log.clear();
      submission(slurm).submit(List.of(), Map.of(), List.of("mvn"), out);
      assertEquals(List.of("sbatch", "--parsable", out.resolve("slurm-report.sh").toString()),
          submitted.get(submitted.size() - 1), "no training job to wait for");
      assertEquals(List.of("report: job 9 did not end by itself (killed, cancelled, or its node"
          + " failed): submitting the report job again", "report: job " + (nextId - 1)
          + " submitted, log " + out.resolve("slurm-report-" + (nextId - 1) + ".log")), log);
    }
  }
}
