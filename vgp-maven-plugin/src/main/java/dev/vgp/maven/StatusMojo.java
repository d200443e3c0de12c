package dev.vgp.maven;

import dev.vgp.cluster.Scheduler;
import dev.vgp.cluster.SchedulerException;
import dev.vgp.cluster.Schedulers;
import dev.vgp.cluster.StudyStatus;
import dev.vgp.cluster.StudySubmission;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.run.VgpVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * One table of the declared experiments: finished (up to date), running (host, epoch n/N,
 * images/s, ETA), queued (job and state), interrupted, diverged, failed (the last error line of
 * its log), not started. Read from the results directories, plus the scheduler's queue when its
 * client is on the PATH (Slurm's {@code squeue}); then where the report job of
 * {@code vgp:submit} stands (queued, running, done, failed). It trains and submits nothing.
 */
@Mojo(name = "status", threadSafe = true, configurator = CheckedConfigurator.HINT)
public class StatusMojo extends AbstractVgpMojo {

  @Override
  protected void run() {
    ExperimentPlan plan = plan();
    Path output = outputDirectory.toPath().toAbsolutePath();
    // without its client, the scheduler's files are still read: results copied from a cluster
    Scheduler scheduler = Schedulers.onPathOrFirst(System.getProperty("user.name"));
    Optional<List<Scheduler.Job>> queue = Optional.empty();
    if (scheduler.available()) {
      try {
        queue = Optional.of(scheduler.liveJobs());
      } catch (SchedulerException e) {
        getLog().warn(scheduler.name() + "'s queue is not readable, so queued jobs are not"
            + " shown: " + e.getMessage());
      }
    }
    Map<String, Scheduler.Job> jobs = StudySubmission.liveJobs(queue.orElse(List.of()),
        scheduler.files(), output,
        plan.experiments().stream().map(ExperimentDefinition::id).toList());
    StudyStatus status = new StudyStatus(output, scheduler, VgpVersion.current(), Instant.now());
    StudyStatus.table(status.rows(plan.experiments(), jobs)).lines().forEach(getLog()::info);
    status.reportJob(queue).ifPresent(getLog()::info);
  }
}
