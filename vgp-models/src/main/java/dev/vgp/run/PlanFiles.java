package dev.vgp.run;

import dev.vgp.files.AtomicFiles;
import dev.vgp.files.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files a training process reads: {@code plan.json} ({@link FrozenPlan}) and the file of every
 * other {@link Task}. Records map themselves ({@link Json}); each file is written atomically so
 * that a process never reads half a plan.
 */
public final class PlanFiles {

  private PlanFiles() {}

  /** The fingerprint {@code plan.json} records beside the plan. */
  private record Recorded(String fingerprint) {}

  /** Writes {@code task} to its file in {@code directory}. */
  public static void write(Task task, Path directory) {
    AtomicFiles.writeString(directory.resolve(task.kind().file()), Json.write(task));
  }

  /**
   * @throws IllegalArgumentException when the content no longer gives the recorded fingerprint:
   *     the file was edited, and a run of it could not be told apart from the planned one
   */
  public static FrozenPlan readPlan(Path file) {
    String text = read(file);
    FrozenPlan plan = parse(file, text, FrozenPlan.class);
    String recorded = parse(file, text, Recorded.class).fingerprint();
    if (!plan.fingerprint().equals(recorded)) {
      throw new IllegalArgumentException(file + " was changed after vgp:train wrote it (its"
          + " content no longer gives its fingerprint " + recorded + "): change the POM instead"
          + " and run vgp:train again, which writes a new plan");
    }
    return plan;
  }

  /** A task of {@code type} from its file. */
  public static <T extends Task> T read(Path file, Class<T> type) {
    return parse(file, read(file), type);
  }

  /**
   * @throws IllegalArgumentException naming the file and what to do when it does not parse: a
   *     plan emptied or cut short (a full disk, a copy) said only "line 13, column 10:
   *     Unexpected end-of-input in field name"
   */
  private static <T> T parse(Path file, String text, Class<T> type) {
    try {
      return Json.read(text, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " does not parse (" + e.getMessage() + "): vgp"
          + " writes it whole, so it was cut short or edited; run the goal that wrote it again"
          + " (vgp:train, or vgp:submit for a cluster job), which writes it anew", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
    }
  }
}
