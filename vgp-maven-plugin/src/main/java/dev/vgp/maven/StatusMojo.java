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
 * {@code squeue} is on the PATH; it trains and submits nothing.
 */
@Mojo(name = "status", threadSafe = true)
public class StatusMojo extends AbstractVgpMojo {

  @Override
  protected void run() {
    ExperimentPlan plan = plan();
    Path output = outputDirectory.toPath().toAbsolutePath();
    Map<String, Slurm.Job> jobs = Map.of();
    Optional<Slurm> slurm = Slurm.onPath();
    if (slurm.isPresent()) {
      try {
        jobs = StudySubmission.liveJobs(slurm.get(), System.getProperty("user.name"), output,
            plan.experiments().stream().map(ExperimentDefinition::id).toList());
      } catch (SlurmException e) {
        getLog().warn("Slurm's queue is not readable, so queued jobs are not shown: "
            + e.getMessage());
      }
    }
    List<StudyStatus.Row> rows = new StudyStatus(output, VgpVersion.current(), Instant.now())
        .rows(plan.experiments(), jobs);
    StudyStatus.table(rows).lines().forEach(getLog()::info);
  }
}
