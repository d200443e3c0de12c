package dev.vgp.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds results directories from what a user points at: a results directory itself, or a
 * directory holding several (a {@code target/vgp} copied from another machine), so that runs from
 * several machines meet in one report.
 */
public final class ResultsDirectories {

  private ResultsDirectories() {}

  /**
   * Each entry that holds an experiment.json as it is, each other directory replaced by its
   * subdirectories that hold one, in name order.
   *
   * @throws IllegalArgumentException naming every entry that holds no results
   */
  public static List<Path> expand(List<Path> entries) {
    List<Path> found = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (Path entry : entries) {
      if (isResults(entry)) {
        found.add(entry);
        continue;
      }
      List<Path> children = children(entry);
      if (children.isEmpty()) empty.add(entry.toString());
      found.addAll(children);
    }
    if (!empty.isEmpty()) {
      throw new IllegalArgumentException("no experiment results (" + ResultsDirectory.EXPERIMENT
          + ") in " + String.join(", ", empty) + " nor in their subdirectories");
    }
    return found;
  }

  private static boolean isResults(Path directory) {
    return Files.isRegularFile(directory.resolve(ResultsDirectory.EXPERIMENT));
  }

  private static List<Path> children(Path directory) {
    if (!Files.isDirectory(directory)) return List.of();
    try (Stream<Path> list = Files.list(directory)) {
      return list.filter(ResultsDirectories::isResults).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + directory + ": " + e.getMessage(), e);
    }
  }
}
