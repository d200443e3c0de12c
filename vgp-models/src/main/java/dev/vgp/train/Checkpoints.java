package dev.vgp.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vgp.files.AtomicFiles;
import dev.vgp.files.DirectoryManifest;
import dev.vgp.files.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.tensorflow.exceptions.TFResourceExhaustedException;

/**
 * The {@code latest/} and {@code best/} checkpoints of a results directory, each a TensorFlow
 * checkpoint (prefix {@code model}), a {@code state.json}, and a {@code manifest.json} with the
 * size and SHA-256 of both ({@link DirectoryManifest}).
 *
 * <p>A checkpoint is written into {@code <name>.partial/}, its manifest last, and only then
 * renamed into place; the one it replaces becomes {@code <name>.previous/}, kept as a fallback
 * until the next save begins (while that writes, the replaced one is the fallback). So
 * a run killed mid-write leaves a partial directory that is never read, and a checkpoint damaged
 * afterwards (a disk, a copy cut short, a flipped byte) fails its manifest and is passed over for
 * the newest intact one ({@link #resumePoint}). A checkpoint without a manifest (written before
 * vgp had them) cannot be vouched for and counts as damaged.
 */
public final class Checkpoints {

  static final String LATEST = "latest";
  static final String BEST = "best";
  private static final String PREVIOUS = ".previous";
  private static final String MODEL = "model";
  private static final String STATE = "state.json";
  /** Where checkpoints passed over on resuming are kept, under their name and the time. */
  static final String SET_ASIDE = "set-aside";
  private static final DateTimeFormatter SET_ASIDE_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * What a checkpoint records besides the variables.
   *
   * @param epoch the last completed epoch (0-based)
   * @param adamSteps Adam steps taken, from which the bias-correction powers follow
   */
  @JsonIgnoreProperties(value = {"adamBeta1Power", "adamBeta2Power"}, allowGetters = true)
  record State(int epoch, int bestEpoch,
      @JsonProperty("bestValAcc") double bestValidationAccuracy,
      @JsonProperty("adamStep") long adamSteps) {

    /** Written for readers of the checkpoint; Adam recomputes both from the steps. */
    @JsonProperty
    double adamBeta1Power() {
      return Math.pow(Adam.BETA1, adamSteps);
    }

    @JsonProperty
    double adamBeta2Power() {
      return Math.pow(Adam.BETA2, adamSteps);
    }
  }

  /** An intact checkpoint on disk. */
  record Saved(String name, Path modelPrefix, State state) {

    Path directory() {
      return modelPrefix.getParent();
    }
  }

  /** A checkpoint directory that is not resumed from, and why. */
  record PassedOver(String name, Path directory, String reason) {}

  /**
   * Where a run resumes: the newest intact checkpoint whose best weights are kept too (the test
   * needs them), if any, and the checkpoints passed over, damaged or newer than it.
   */
  record ResumePoint(Optional<Saved> checkpoint, List<PassedOver> passedOver) {}

  private final Path dir;

  Checkpoints(Path dir) {
    this.dir = dir;
  }

  /**
   * Why the checkpoints under {@code directory} leave nothing to resume from although some were
   * written: each one and what is wrong with it. Empty when one can be resumed from, or when none
   * was written (a run stopped in its first epoch starts it again).
   */
  public static Optional<String> nothingToResumeFrom(Path directory) {
    ResumePoint point = new Checkpoints(directory).resumePoint();
    if (point.checkpoint().isPresent() || point.passedOver().isEmpty()) return Optional.empty();
    return Optional.of("no intact checkpoint in " + directory + ": " + point.passedOver().stream()
        .map(p -> p.name() + " " + p.reason()).collect(Collectors.joining("; ")));
  }

  /**
   * The newest intact checkpoint among {@code latest}, {@code best} and their previous versions
   * whose best weights are kept: itself the best so far, or an intact {@code best} of the epoch it
   * records as the best. Resuming from an older one than {@code latest} costs the epochs since,
   * trained again to the same numbers (a run is deterministic), its rows replaced.
   */
  ResumePoint resumePoint() {
    List<Saved> intact = new ArrayList<>();
    List<PassedOver> passedOver = new ArrayList<>();
    for (String name : List.of(LATEST, LATEST + PREVIOUS, BEST, BEST + PREVIOUS)) {
      Path candidate = dir.resolve(name);
      if (!Files.isDirectory(candidate)) continue;
      inspect(name, candidate).ifPresentOrElse(intact::add,
          () -> passedOver.add(new PassedOver(name, candidate, "is damaged: "
              + String.join("; ", DirectoryManifest.problems(candidate)))));
    }
    intact.sort(Comparator.comparingInt((Saved s) -> s.state().epoch()).reversed());
    Optional<Saved> chosen = intact.stream().filter(s -> bestKept(s, intact)).findFirst();
    for (Saved s : intact) {
      if (chosen.isEmpty()) {
        passedOver.add(new PassedOver(s.name(), s.directory(), "records epoch "
            + s.state().bestEpoch() + " as the best, whose checkpoint is not intact"));
      } else if (s.state().epoch() > chosen.get().state().epoch()) {
        passedOver.add(new PassedOver(s.name(), s.directory(), "(epoch " + s.state().epoch()
            + ") is newer than " + chosen.get().name() + " but its best checkpoint (epoch "
            + s.state().bestEpoch() + ") is not intact"));
      }
    }
    return new ResumePoint(chosen, passedOver);
  }

  private static boolean bestKept(Saved candidate, List<Saved> intact) {
    State state = candidate.state();
    return state.bestEpoch() < 0 || state.bestEpoch() == state.epoch()
        || intact.stream().anyMatch(s -> s.name().startsWith(BEST)
            && s.state().epoch() == state.bestEpoch());
  }

  /** The checkpoint in {@code directory} when its manifest vouches for it, else empty. */
  private static Optional<Saved> inspect(String name, Path directory) {
    if (!DirectoryManifest.problems(directory).isEmpty()) return Optional.empty();
    Path state = directory.resolve(STATE);
    try {
      return Optional.of(new Saved(name, directory.resolve(MODEL),
          Json.read(Files.readString(state), State.class)));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read checkpoint state " + state, e);
    }
  }

  /**
   * The checkpoint {@code name}; its previous version when a kill between the two renames of a
   * save left it missing.
   *
   * @throws IllegalStateException naming the file when it is damaged: its weights would be wrong
   */
  Optional<Saved> load(String name) {
    String found = Files.isDirectory(dir.resolve(name)) ? name : name + PREVIOUS;
    Path directory = dir.resolve(found);
    if (!Files.isDirectory(directory)) return Optional.empty();
    Optional<Saved> saved = inspect(found, directory);
    if (saved.isPresent()) return saved;
    throw new IllegalStateException("checkpoint " + directory + " is damaged: "
        + String.join("; ", DirectoryManifest.problems(directory)) + ". Rerun: the run resumes"
        + " from its newest intact checkpoint");
  }

  /**
   * Moves a checkpoint passed over out of the way under {@value #SET_ASIDE}/: a damaged one must
   * not become the fallback of the next save, nor a newer one be found by a later resume.
   *
   * @return where it went
   */
  Path setAside(PassedOver passedOver) {
    Path target = dir.resolve(SET_ASIDE).resolve(passedOver.name() + "-"
        + SET_ASIDE_TIME.format(Instant.now()));
    try {
      Files.createDirectories(target.getParent());
      for (int n = 2; Files.exists(target); n++) {
        target = target.resolveSibling(target.getFileName() + "-" + n);
      }
      AtomicFiles.moveIntoPlace(passedOver.directory(), target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not move checkpoint " + passedOver.directory()
          + " aside to " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes checkpoint {@code name} of {@code state}.
   *
   * @param model writes the variables under the prefix it is given ({@code TrainingSession::save})
   */
  void save(String name, Consumer<Path> model, State state) {
    Path partial = dir.resolve(name + ".partial");
    Path target = dir.resolve(name);
    Path previous = dir.resolve(name + PREVIOUS);
    try {
      AtomicFiles.deleteTree(partial);
      // the checkpoint being replaced is the fallback while the new one is written: two copies
      // at the most, as many as a disk held before previous versions were kept
      if (Files.exists(target)) AtomicFiles.deleteTree(previous);
      Files.createDirectories(partial);
      try {
        model.accept(partial.resolve(MODEL));
      } catch (TFResourceExhaustedException e) {
        throw noSpaceLeft(e, target);
      }
      AtomicFiles.writeString(partial.resolve(STATE), Json.write(state));
      DirectoryManifest.write(partial);
      if (Files.exists(target)) AtomicFiles.moveIntoPlace(target, previous);
      AtomicFiles.moveIntoPlace(partial, target);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write checkpoint " + target + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * TensorFlow reports a full disk as an exhausted resource with a hint about GPU memory
   * allocations that sends users the wrong way: say what it is.
   */
  static RuntimeException noSpaceLeft(TFResourceExhaustedException e, Path target) {
    if (!String.valueOf(e.getMessage()).contains("No space left on device")) return e;
    return new UncheckedIOException("no space left on " + target.getParent() + " while writing"
        + " checkpoint " + target + ": free some space, then rerun; training resumes from the"
        + " last complete checkpoint", new IOException(e.getMessage(), e));
  }
}
