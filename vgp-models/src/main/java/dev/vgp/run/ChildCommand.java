package dev.vgp.run;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command line and environment of a training process: {@code java <jvmArgs> -cp <classpath>
 * dev.vgp.run.ChildMain <task> <file>}, the way surefire starts a forked JVM from the plugin's own
 * classpath.
 *
 * <p>The environment is set for speed, because TensorFlow reads these variables once, from the
 * process environment, which a JVM cannot change for itself:
 * <ul>
 *   <li>{@code TF_ENABLE_ONEDNN_OPTS=1}: TensorFlow 2.18 leaves its oneDNN kernels off on CPUs
 *       without AVX-512 VNNI or AMX (AVX2-only Intel and AMD CPUs), where turning them on made
 *       training steps 1.2-1.5x faster; where TensorFlow turns them on itself, 1 changes nothing.
 *   <li>{@code TF_NUM_INTRAOP_THREADS}: the cores this JVM may use. TensorFlow counts the CPUs it
 *       may be scheduled on, which in a container with a CPU quota are more than it gets; the JVM
 *       honours the quota. Of several processes at once ({@code -Dvgp.parallel}), each gets its
 *       {@link Share} of the cores.
 *   <li>Only with several processes at once, each of which one process leaves at TensorFlow's
 *       default: {@code TF_NUM_INTEROP_THREADS} at the same share, so that N processes run no
 *       more threads between them than one would (the default counts every CPU again in each
 *       process), and {@code TF_FORCE_GPU_ALLOW_GROWTH=true}, since a process's first session
 *       would take nearly all of a GPU's memory and leave none to the others on it; with it
 *       each takes what it uses.
 * </ul>
 * A variable already set in the environment is kept, and {@code vgp.environmentVariables} (the
 * user's) override everything.
 *
 * @param java the java executable
 * @param jvmArgs options of the JVM, e.g. {@code -Xmx8g}
 * @param classpath the plugin's own classpath
 * @param environment the user's variables, which override the defaults set for speed
 */
public record ChildCommand(Path java, List<String> jvmArgs, List<Path> classpath,
    Map<String, String> environment) {

  public static final String ONEDNN = "TF_ENABLE_ONEDNN_OPTS";
  public static final String INTRA_OP_THREADS = "TF_NUM_INTRAOP_THREADS";
  public static final String INTER_OP_THREADS = "TF_NUM_INTEROP_THREADS";
  public static final String GPU_ALLOW_GROWTH = "TF_FORCE_GPU_ALLOW_GROWTH";

  /**
   * The place of a training process among {@code processes} that run at once, and so its share
   * of the machine.
   *
   * @param index from 0
   */
  public record Share(int index, int processes) {

    /** The one training process of a goal, which has the whole machine. */
    public static final Share ALONE = new Share(0, 1);

    public Share {
      if (processes < 1 || index < 0 || index >= processes) {
        throw new IllegalArgumentException("process " + index + " of " + processes);
      }
    }

    /**
     * Its cores of {@code available}: an equal share, the remainder one each to the first
     * processes, and at least one (more processes than cores share them).
     */
    public int cores(int available) {
      return Math.max(1, available / processes + (index < available % processes ? 1 : 0));
    }

    /**
     * How many training processes to start for {@code experiments}: {@code requested}, or with
     * 0 one per core; never more than there are experiments, which would only split the cores
     * further without training more at once. One process per core is the default because the
     * study's models (60 K-340 K parameters) use a core's share better than a second thread
     * does: on a 2-core machine two single-threaded processes trained the miniature study
     * faster than one with both cores (docs/engine.md, Experiments side by side).
     */
    public static int processes(int requested, int cores, int experiments) {
      if (requested < 0) throw new IllegalArgumentException("processes " + requested);
      return Math.max(1, Math.min(requested == 0 ? cores : requested, experiments));
    }
  }

  public ChildCommand {
    jvmArgs = List.copyOf(jvmArgs);
    classpath = List.copyOf(classpath);
    environment = new LinkedHashMap<>(environment);
  }

  /** The java of the JVM this runs in, with arguments as one string (as surefire's argLine). */
  public static ChildCommand of(List<Path> classpath, String jvmArgs,
      Map<String, String> environment) {
    return new ChildCommand(Path.of(System.getProperty("java.home"), "bin", "java"),
        splitArguments(jvmArgs), classpath, environment == null ? Map.of() : environment);
  }

  /** The command that runs {@link ChildMain} with {@code arguments}. */
  public List<String> command(List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classpath.stream().map(Path::toString)
        .collect(Collectors.joining(File.pathSeparator)));
    command.add(ChildMain.class.getName());
    command.addAll(arguments);
    return command;
  }

  /**
   * The variables to add to {@code inherited} for the child that has {@code share} of the
   * {@code cores} available: the defaults for speed where {@code inherited} does not set them,
   * then the user's.
   */
  public Map<String, String> environmentOver(Map<String, String> inherited, int cores,
      Share share) {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(ONEDNN, "1");
    String threads = Integer.toString(share.cores(cores));
    defaults.put(INTRA_OP_THREADS, threads);
    if (share.processes() > 1) {
      defaults.put(INTER_OP_THREADS, threads);
      defaults.put(GPU_ALLOW_GROWTH, "true");
    }
    Map<String, String> added = new LinkedHashMap<>();
    defaults.forEach((name, value) -> {
      if (!inherited.containsKey(name)) added.put(name, value);
    });
    environment.forEach((name, value) -> added.put(name, value == null ? "" : value));
    return added;
  }

  /**
   * A POSIX shell script that runs {@code arguments} as the Maven goal did, without Maven: the
   * same java, options, classpath and environment, except that the defaults for speed are taken
   * where the script runs (the cores of that machine).
   */
  public String launchScript(List<String> arguments, String purpose) {
    StringBuilder script = new StringBuilder("#!/bin/sh\n");
    script.append("# ").append(purpose).append('\n');
    script.append("# Written by vgp; runs without Maven. Variables already set are kept.\n");
    script.append("export ").append(ONEDNN).append("=\"${").append(ONEDNN).append(":-1}\"\n");
    script.append("export ").append(INTRA_OP_THREADS).append("=\"${").append(INTRA_OP_THREADS)
        .append(":-$(nproc)}\"\n");
    environment.forEach((name, value) -> script.append("export ").append(name).append('=')
        .append(quote(value == null ? "" : value)).append('\n'));
    script.append("exec ").append(command(arguments).stream().map(ChildCommand::quote)
        .collect(Collectors.joining(" \\\n  "))).append('\n');
    return script.toString();
  }

  /** Single-quoted for sh: nothing inside is expanded. */
  public static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /**
   * Splits JVM options as a shell would split a simple command line: on white space, except
   * inside single or double quotes, e.g. {@code -Xmx8g "-Dname=a b"}.
   */
  static List<String> splitArguments(String text) {
    List<String> arguments = new ArrayList<>();
    if (text == null) return arguments;
    StringBuilder current = new StringBuilder();
    boolean inArgument = false;
    char quote = 0;
    for (char c : text.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          current.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inArgument = true;
      } else if (Character.isWhitespace(c)) {
        if (inArgument) arguments.add(current.toString());
        current.setLength(0);
        inArgument = false;
      } else {
        current.append(c);
        inArgument = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("vgp.jvmArgs has an unclosed " + quote + ": " + text);
    }
    if (inArgument) arguments.add(current.toString());
    return arguments;
  }
}
