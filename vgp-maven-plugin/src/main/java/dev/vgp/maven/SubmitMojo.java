package dev.vgp.maven;

import dev.vgp.cluster.JobResources;
import dev.vgp.cluster.Notification;
import dev.vgp.cluster.Scheduler;
import dev.vgp.cluster.Schedulers;
import dev.vgp.cluster.StudySubmission;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.run.ExperimentRunner;
import dev.vgp.run.RunLog;
import dev.vgp.spec.Settings;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Submits the declared experiments that are not up to date to the cluster's scheduler (the
 * first of {@link Schedulers} whose client is on the PATH: Slurm), one job per experiment, and a
 * report job that runs {@code vgp:report} and {@code vgp:check} once they have all ended, with
 * this command line's profiles and the {@code -D} properties those goals read. Each job runs the
 * experiment's frozen {@code plan.json} through its {@code launch.sh}, without Maven, from the
 * job script the scheduler writes in {@code <outputDirectory>/<id>/}; Slurm's jobs are
 * requeue-safe: on the signal before the time limit, on preemption or on
 * {@code scontrol requeue} the trainer stops at a step boundary and the requeued job resumes from
 * the last checkpoint. An experiment whose job is still pending or running is not submitted
 * again. See docs/cluster.md.
 */
@Mojo(name = "submit", threadSafe = true, configurator = CheckedConfigurator.HINT)
public class SubmitMojo extends AbstractTrainingMojo {

  /** The goals the report job runs, report then check. */
  private static final List<String> REPORT_GOALS = List.of("report", "check");

  /** Writes and prints the batch scripts without submitting them. */
  @Parameter(property = "vgp.dryRun", defaultValue = "false")
  boolean dryRun;

  /** Trains again even when results are up to date; the earlier ones are set aside. */
  @Parameter(property = "vgp.force", defaultValue = "false")
  boolean force;

  /** Seconds between two step-progress lines in a job's log. */
  @Parameter(property = "vgp.progressInterval", defaultValue = "60")
  @Range("[0, inf)")
  int progressInterval;

  /** Slurm partition of every job ({@code --partition}); the cluster's default when unset. */
  @Parameter(property = "vgp.partition")
  String partition;

  /** Ask for GPUs ({@code --gres=gpu:<gpus>}); the same switch selects TensorFlow's GPU build. */
  @Parameter(property = "vgp.gpu", defaultValue = "false")
  boolean gpu;

  /** GPUs per training job when {@code vgp.gpu} is on. */
  @Parameter(property = "vgp.gpus", defaultValue = "1")
  int gpus;

  /** CPUs per training job ({@code --cpus-per-task}); TensorFlow uses as many threads. */
  @Parameter(property = "vgp.cpusPerTask", defaultValue = "0")
  int cpusPerTask;

  /** Memory per training job ({@code --mem}), e.g. {@code 16G}. */
  @Parameter(property = "vgp.memory")
  String memory;

  /** Time limit per training job ({@code --time}), e.g. {@code 24:00:00} or {@code 2-00:00:00}. */
  @Parameter(property = "vgp.timeLimit")
  String timeLimit;

  /** Slurm account to charge ({@code --account}). */
  @Parameter(property = "vgp.account")
  String account;

  /** Quality of service ({@code --qos}). */
  @Parameter(property = "vgp.qos")
  String qos;

  /**
   * Minutes before the time limit at which Slurm tells a training job to checkpoint and requeue
   * itself: enough for one training step and a checkpoint.
   */
  @Parameter(property = "vgp.signalMinutes", defaultValue = "10")
  int signalMinutes;

  /**
   * Further sbatch options of the training jobs, as on sbatch's command line, e.g.
   * {@code <sbatchOptions><option>--constraint=a100</option></sbatchOptions>} or
   * {@code -Dvgp.sbatchOptions=--constraint=a100,--exclusive}.
   */
  @Parameter(property = "vgp.sbatchOptions")
  List<String> sbatchOptions;

  /**
   * Mail about every job, training and report jobs alike (Slurm's {@code --mail-type} and
   * {@code --mail-user}), e.g. {@code <notify><mailType>END,FAIL,REQUEUE</mailType>
   * <mailUser>me@example.org</mailUser></notify>}; {@code -Dvgp.mailType} and
   * {@code -Dvgp.mailUser} override either. None by default.
   */
  @Parameter
  Notify notify;

  @Parameter(defaultValue = "${session}", readonly = true)
  MavenSession session;

  @Override
  protected void run() {
    ExperimentPlan plan = plan();
    JobResources resources = resources();
    Scheduler scheduler = Schedulers.onPathOrFirst(System.getProperty("user.name"));
    if (!scheduler.available() && !dryRun) {
      throw new IllegalArgumentException("no scheduler's client is on the PATH (Slurm's sbatch):"
          + " run vgp:submit on a login node of the cluster, or add -Dvgp.dryRun to write and"
          + " show the batch scripts only");
    }
    Path output = outputDirectory.toPath().toAbsolutePath();
    StudySubmission submission = new StudySubmission(scheduler, dryRun, output, resources,
        new MavenLogSink(getLog()));
    List<String> ids = plan.experiments().stream().map(ExperimentDefinition::id).toList();
    Duration interval = Duration.ofSeconds(progressInterval);
    // it only writes plans and launch scripts: no training process starts
    try (ExperimentRunner planner = new ExperimentRunner(output,
        new ExperimentRunner.Options(force, ExperimentRunner.Options.defaults().lockPolicy(),
            true), trainingProcess().childLauncher(output, interval))) {
      // experiments with a live job are neither planned again nor resubmitted
      Function<Set<String>, List<ExperimentRunner.Frozen>> freeze = queued -> planner.freeze(
          new ExperimentPlan(plan.experiments().stream()
              .filter(e -> !queued.contains(e.id())).toList()),
          fetchRequest(), dryRun, scheduler.files().ofTheJobUnderWay(),
          new RunLog(new MavenLogSink(getLog()), interval));
      submission.submit(ids, freeze, reportCommand(), project.getBasedir().toPath());
    }
  }

  /** The jobs' resources: the POM's, each overridden by its {@code -D} property when given. */
  JobResources resources() {
    return new JobResources(commandLine("vgp.partition", partition),
        (boolean) commandLine("vgp.gpu", gpu, boolean.class, "")
            ? (int) commandLine("vgp.gpus", gpus, int.class, "[1, inf)") : 0,
        (int) commandLine("vgp.cpusPerTask", cpusPerTask, int.class, "[0, inf)"),
        commandLine("vgp.memory", memory), commandLine("vgp.timeLimit", timeLimit),
        commandLine("vgp.account", account), commandLine("vgp.qos", qos),
        (int) commandLine("vgp.signalMinutes", signalMinutes, int.class, "[1, inf)"),
        Optional.ofNullable(givenProperties().getProperty("vgp.sbatchOptions"))
            .map(options -> List.of(options.split(","))).orElse(sbatchOptions),
        Notification.of(commandLine("vgp.mailType", notify == null ? null : notify.mailType),
            commandLine("vgp.mailUser", notify == null ? null : notify.mailUser)));
  }

  /**
   * The command line's {@code -D<property>} when given, else the POM's value: Maven itself lets a
   * parameter set in the POM's {@code <configuration>} win over {@code -D}, but a resource is
   * what one changes per submission ({@code -Dvgp.timeLimit=2:00:00} for a quick try).
   */
  private String commandLine(String property, String configured) {
    String given = givenProperties().getProperty(property);
    return given != null ? given : configured;
  }

  /** The {@code -D} properties of this build. */
  Properties givenProperties() {
    return session.getUserProperties();
  }

  /**
   * A number or switch as {@link #commandLine(String, String)}, read and range-checked with the
   * messages of the POM's settings ("vgp.gpus 'x' is not a whole number").
   */
  private Object commandLine(String property, Object configured, Class<?> type, String range) {
    return Settings.parseValue(property, type, range,
        commandLine(property, String.valueOf(configured)));
  }

  /**
   * {@code vgp:report} and {@code vgp:check} by this Maven, offline, on this POM, its profiles
   * and local repository: the plugin and everything it needs were resolved by this very goal, so
   * the report job downloads nothing (compute nodes often have no internet), and it reports with
   * the settings of the POM and of this command line.
   */
  private List<String> reportCommand() {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(), "-B", "-o",
        "-f", project.getFile().getAbsolutePath()));
    File userSettings = session.getRequest().getUserSettingsFile();
    if (userSettings != null && userSettings.isFile()) {
      command.addAll(List.of("-s", userSettings.getAbsolutePath()));
    }
    profiles(session.getRequest().getActiveProfiles(),
        session.getRequest().getInactiveProfiles()).ifPresent(command::add);
    command.add("-Dmaven.repo.local=" + session.getLocalRepository().getBasedir());
    command.addAll(reportGoals());
    return command;
  }

  /**
   * The report job's goals, each with the {@code -D} properties of this build that it reads:
   * read off the goals' own parameters in the plugin's descriptor, so that a parameter added to
   * either reaches the job without a word here.
   */
  List<String> reportGoals() {
    Set<String> read = new TreeSet<>();
    for (String goal : REPORT_GOALS) {
      for (org.apache.maven.plugin.descriptor.Parameter parameter
          : plugin.getMojo(goal).getParameters()) {
        if (parameter.isEditable()) {
          CheckedConfigurator.property(parameter.getExpression()).ifPresent(read::add);
        }
      }
    }
    List<String> goals = new ArrayList<>(REPORT_GOALS.stream().map(goal ->
        plugin.getGroupId() + ":" + plugin.getArtifactId() + ":" + plugin.getVersion() + ":"
            + goal).toList());
    Properties given = givenProperties();
    read.stream().filter(given::containsKey)
        .forEach(name -> goals.add("-D" + name + "=" + given.getProperty(name)));
    return goals;
  }

  /** The {@code -P} option that activates and deactivates the profiles this build did. */
  static Optional<String> profiles(List<String> active, List<String> inactive) {
    List<String> profiles = new ArrayList<>(active);
    inactive.forEach(profile -> profiles.add("!" + profile));
    return profiles.isEmpty() ? Optional.empty()
        : Optional.of("-P" + String.join(",", profiles));
  }
}
