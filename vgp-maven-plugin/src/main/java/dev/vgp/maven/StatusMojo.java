package dev.vgp.maven;

import dev.vgp.cluster.Slurm;
import dev.vgp.cluster.SlurmException;
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
 * images/s, ETA), queued (Slurm job and state), interrupted, diverged, failed (the last error
 * line of its log), not started. Read from the results directories, plus Slurm's queue when
 * {@code squeue} is on the PATH; then where the report job of {@code vgp:submit} stands (queued,
 * running, done, failed). It trains and submits nothing.
 */
@Mojo(name = "status", threadSafe = true, configurator = CheckedConfigurator.HINT)
public class StatusMojo extends AbstractExperimentsMojo {

  @Override
  protected void run() {
    ExperimentPlan plan = plan();
    Path output = outputDirectory.toPath().toAbsolutePath();
    Optional<List<Slurm.Job>> queue = Optional.empty();
    Optional<Slurm> slurm = Slurm.onPath();
    if (slurm.isPresent()) {
      try {
        queue = Optional.of(slurm.get().liveJobs(System.getProperty("user.name")));
      } catch (SlurmException e) {
        getLog().warn("Slurm's queue is not readable, so queued jobs are not shown: "
            + e.getMessage());
      }
    }
    Map<String, Slurm.Job> jobs = StudySubmission.liveJobs(queue.orElse(List.of()), output,
        plan.experiments().stream().map(ExperimentDefinition::id).toList());
    StudyStatus status = new StudyStatus(output, VgpVersion.current(), Instant.now());
    StudyStatus.table(status.rows(plan.experiments(), jobs)).lines().forEach(getLog()::info);
    status.reportJob(queue).ifPresent(getLog()::info);
  }
}
