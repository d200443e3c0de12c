package dev.vgp.results;

import dev.vgp.files.WriterLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Results that are not continued (another configuration, damage, {@code -Dvgp.force}, a diverged
 * run), moved whole out of the way rather than deleted: a mistyped {@code -Dvgp.epochs} must not
 * cost a finished two-day run, nor a second set-aside of the same configuration the first. They
 * go to a new {@code <output directory>/.replaced/<id>-<fingerprint>-<UTC time>}, where report
 * inputs never look.
 */
public final class SetAside {

  /** The hidden directory, beside the results directories, that keeps what was set aside. */
  public static final String REPLACED = ".replaced";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private SetAside() {}

  /**
   * Moves whatever {@code results} holds but its lock and the files of the run under way.
   * {@code experiment.json} moves last, so a kill halfway leaves a directory a rerun sets aside
   * again rather than files that look like no run at all.
   *
   * @param underWay the names of the run under way's files, which stay (its plan, its log, a
   *     scheduler's script): the run that sets the results aside is about to use them
   * @return where they went; empty when there was nothing to move
   */
  public static Optional<Path> move(ResultsDirectory results, Predicate<String> underWay) {
    List<Path> entries = contents(results.root(), underWay);
    if (entries.isEmpty()) return Optional.empty();
    String fingerprint;
    try {
      fingerprint = results.readExperiment().map(r -> r.fingerprint().substring(0, 12))
          .orElse("unknown");
    } catch (DamagedResultsException e) {
      fingerprint = "damaged";
    }
    String name = results.root().getFileName() + "-" + fingerprint + "-"
        + TIME.format(Instant.now());
    Path target = results.root().resolveSibling(REPLACED).resolve(name);
    try {
      Files.createDirectories(target.getParent());
      for (int n = 2; ; n++) {
        try {
          Files.createDirectory(target);
          break;
        } catch (FileAlreadyExistsException taken) {
          target = target.resolveSibling(name + "-" + n);
        }
      }
      Path record = results.file(ResultsDirectory.EXPERIMENT);
      for (Path entry : entries) {
        if (!entry.equals(record)) Files.move(entry, target.resolve(entry.getFileName()));
      }
      if (entries.contains(record)) Files.move(record, target.resolve(record.getFileName()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not move the earlier results in " + results.root()
          + " aside to " + target + ": " + e.getMessage(), e);
    }
    return Optional.of(target);
  }

  /** The entries of a results directory to move; none when it does not exist. */
  private static List<Path> contents(Path directory, Predicate<String> underWay) {
    if (!Files.isDirectory(directory)) return List.of();
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(p -> {
        String name = p.getFileName().toString();
        return !name.equals(WriterLock.FILE) && !name.startsWith("." + WriterLock.FILE)
            && !underWay.test(name);
      }).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + directory + ": " + e.getMessage(), e);
    }
  }
}
