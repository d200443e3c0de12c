package dev.vgp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.files.DirectoryManifest;
import dev.vgp.files.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which checkpoint a run resumes from when some are damaged, on checkpoints written as
 * {@link Checkpoints#save} leaves them (stand-in weights: what is read is the manifest).
 */
class CheckpointsTest {

  private static final String DATA = "model.data-00000-of-00001";

  @TempDir Path dir;

  /** A checkpoint of {@code epoch} that records {@code bestEpoch} as the best so far. */
  private Path checkpoint(String name, int epoch, int bestEpoch) throws IOException {
    Path directory = Files.createDirectories(dir.resolve(name));
    Files.writeString(directory.resolve(DATA), "weights of epoch " + epoch);
    Files.writeString(directory.resolve("model.index"), "index");
    Files.writeString(directory.resolve("state.json"), Json.write(
        new Checkpoints.State(epoch, bestEpoch, 0.5, 10L * (epoch + 1))));
    DirectoryManifest.write(directory);
    return directory;
  }

  /** latest and best as a run of 4 epochs leaves them when epoch 2 was its best. */
  private void fourEpochsBestAtTwo() throws IOException {
    checkpoint("latest", 3, 2);
    checkpoint("latest.previous", 2, 2);
    checkpoint("best", 2, 2);
    checkpoint("best.previous", 1, 1);
  }

  private Checkpoints.ResumePoint resumePoint() {
    return new Checkpoints(dir).resumePoint();
  }

  private static String resumedFrom(Checkpoints.ResumePoint point) {
    return point.checkpoint().map(s -> s.name() + "@" + s.state().epoch()).orElse("none");
  }

  @Test
  void aSaveKeepsTheOneItReplacesAsPreviousAndTwoCopiesAtTheMost() throws IOException {
    List<List<String>> whileWriting = new ArrayList<>();
    Consumer<Path> model = prefix -> {
      try (Stream<Path> entries = Files.list(dir)) {
        whileWriting.add(entries.map(p -> p.getFileName().toString()).sorted().toList());
        Files.writeString(prefix.resolveSibling(DATA), "weights");
        Files.writeString(prefix.resolveSibling("model.index"), "index");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    Checkpoints checkpoints = new Checkpoints(dir);
    for (int epoch = 0; epoch < 3; epoch++) {
      checkpoints.save("latest", model, new Checkpoints.State(epoch, epoch, 0.5, epoch));
    }
    // the previous version goes as the next save begins: a disk that held two copies holds them
    assertEquals(List.of(List.of("latest.partial"), List.of("latest", "latest.partial"),
        List.of("latest", "latest.partial")), whileWriting);
    Checkpoints.ResumePoint point = resumePoint();
    assertEquals("latest@2", resumedFrom(point));
    assertEquals(1, new Checkpoints(dir).load("latest.previous").orElseThrow().state().epoch());
  }

  @Test
  void anIntactLatestIsResumedFromAndNothingIsPassedOver() throws IOException {
    fourEpochsBestAtTwo();
    Checkpoints.ResumePoint point = resumePoint();
    assertEquals("latest@3", resumedFrom(point));
    assertEquals(List.of(), point.passedOver());
    assertEquals(Optional.empty(), Checkpoints.nothingToResumeFrom(dir));
  }

  @Test
  void aTruncatedLatestFallsBackToThePreviousEpochsCheckpoint() throws IOException {
    fourEpochsBestAtTwo();
    Files.writeString(dir.resolve("latest").resolve(DATA), "weights");
    Checkpoints.ResumePoint point = resumePoint();
    assertEquals("latest.previous@2", resumedFrom(point));
    assertEquals(List.of(new Checkpoints.PassedOver("latest", dir.resolve("latest"),
        "is damaged: " + DATA + " has 7 bytes where manifest.json records 18 (cut short)")),
        point.passedOver());
  }

  @Test
  void aFlippedByteOrAMissingFileIsDamageToo() throws IOException {
    fourEpochsBestAtTwo();
    Files.writeString(dir.resolve("latest").resolve(DATA), "weights of epoch 4");
    Files.delete(dir.resolve("latest.previous/model.index"));
    Checkpoints.ResumePoint point = resumePoint();
    // best holds epoch 2 as latest.previous did: the epoch counter goes back to 3, and epoch 3
    // is trained again to the same numbers
    assertEquals("best@2", resumedFrom(point));
    assertEquals(List.of("latest is damaged: " + DATA + " does not match its SHA-256 in"
        + " manifest.json (its content changed)",
        "latest.previous is damaged: model.index is missing"),
        point.passedOver().stream().map(p -> p.name() + " " + p.reason()).toList());
  }

  @Test
  void aCheckpointWhoseBestIsDamagedIsNotResumedFromAndNewerOnesArePassedOver()
      throws IOException {
    fourEpochsBestAtTwo();
    Files.writeString(dir.resolve("best").resolve(DATA), "weights of epoch 9");
    Checkpoints.ResumePoint point = resumePoint();
    // latest (3) and latest.previous (2) record epoch 2 as the best: without it the test could
    // not use the best weights. latest.previous is itself epoch 2, and so holds them
    assertEquals("latest.previous@2", resumedFrom(point));
    assertEquals(List.of("best is damaged: " + DATA + " does not match its SHA-256 in"
        + " manifest.json (its content changed)", "latest (epoch 3) is newer than"
        + " latest.previous but its best checkpoint (epoch 2) is not intact"),
        point.passedOver().stream().map(p -> p.name() + " " + p.reason()).toList());
  }

  @Test
  void withNothingIntactThereIsNothingToResumeFromAndEachIsNamed() throws IOException {
    checkpoint("latest", 0, 0);
    Files.delete(dir.resolve("latest").resolve(DirectoryManifest.FILE));
    assertEquals("none", resumedFrom(resumePoint()));
    assertEquals(Optional.of("no intact checkpoint in " + dir + ": latest is damaged: it has no"
        + " manifest.json to verify it by (written by a vgp without checksums, or not whole)"),
        Checkpoints.nothingToResumeFrom(dir));
  }

  @Test
  void noCheckpointWrittenYetIsNoDamage() throws IOException {
    Files.createDirectories(dir.resolve("latest.partial")); // killed while writing the first
    assertEquals("none", resumedFrom(resumePoint()));
    assertEquals(Optional.empty(), Checkpoints.nothingToResumeFrom(dir));
    assertEquals(Optional.empty(), Checkpoints.nothingToResumeFrom(dir.resolve("absent")));
  }

  @Test
  void passedOverCheckpointsAreSetAsideOutOfTheRotation() throws IOException {
    fourEpochsBestAtTwo();
    Files.writeString(dir.resolve("latest").resolve(DATA), "");
    Checkpoints checkpoints = new Checkpoints(dir);
    Path aside = checkpoints.setAside(checkpoints.resumePoint().passedOver().get(0));
    assertTrue(aside.startsWith(dir.resolve(Checkpoints.SET_ASIDE)), aside.toString());
    assertTrue(aside.getFileName().toString().startsWith("latest-"), aside.toString());
    assertEquals("", Files.readString(aside.resolve(DATA)), "kept as it was");
    assertEquals("latest.previous@2", resumedFrom(resumePoint()));
    assertEquals(List.of(), resumePoint().passedOver());
  }

  @Test
  void loadingADamagedCheckpointFailsNamingTheFileAndAMissingOneFallsBackToItsPrevious()
      throws IOException {
    fourEpochsBestAtTwo();
    Files.writeString(dir.resolve("best").resolve(DATA), "weights of epoch 7");
    IllegalStateException damaged = assertThrows(IllegalStateException.class,
        () -> new Checkpoints(dir).load(Checkpoints.BEST));
    assertEquals("checkpoint " + dir.resolve("best") + " is damaged: " + DATA + " does not"
        + " match its SHA-256 in manifest.json (its content changed). Rerun: the run resumes from"
        + " its newest intact checkpoint", damaged.getMessage());
    // a kill between the two renames of a save: best is gone, its previous is the checkpoint
    Files.move(dir.resolve("best"), dir.resolve("elsewhere"));
    assertEquals(1, new Checkpoints(dir).load(Checkpoints.BEST).orElseThrow().state().epoch());
  }
}
