package dev.vgp.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vgp.files.AtomicFiles;
import dev.vgp.files.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.exceptions.TFResourceExhaustedException;

/**
 * The {@code latest/} and {@code best/} checkpoints of a results directory, each a TensorFlow
 * checkpoint (prefix {@code model}) and a {@code state.json}.
 *
 * <p>A checkpoint is written into {@code <name>.partial/} and only then renamed into place; the
 * previous one is moved aside to {@code <name>.previous/} for the instant between the two renames.
 * Loading looks at {@code <name>/}, then {@code <name>.previous/}, never at a partial directory, so
 * a run killed mid-write resumes from the last complete checkpoint.
 */
final class Checkpoints {

  static final String LATEST = "latest";
  static final String BEST = "best";
  private static final String MODEL = "model";
  private static final String STATE = "state.json";

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

  /** A complete checkpoint on disk. */
  record Saved(Path modelPrefix, State state) {}

  private final Path dir;

  Checkpoints(Path dir) {
    this.dir = dir;
  }

  Optional<Saved> load(String name) {
    for (Path candidate : new Path[] {dir.resolve(name), dir.resolve(name + ".previous")}) {
      Path state = candidate.resolve(STATE);
      if (Files.isRegularFile(state)) {
        try {
          return Optional.of(new Saved(candidate.resolve(MODEL),
              Json.read(Files.readString(state), State.class)));
        } catch (IOException e) {
          throw new UncheckedIOException("could not read checkpoint state " + state, e);
        } catch (RuntimeException e) {
          throw new IllegalStateException("checkpoint state " + state + " is malformed ("
              + e.getMessage() + "); delete " + candidate + " to start that checkpoint afresh", e);
        }
      }
    }
    return Optional.empty();
  }

  void save(String name, TrainingSession session, State state) {
    Path partial = dir.resolve(name + ".partial");
    Path target = dir.resolve(name);
    Path previous = dir.resolve(name + ".previous");
    try {
      AtomicFiles.deleteTree(partial);
      Files.createDirectories(partial);
      try {
        session.save(partial.resolve(MODEL));
      } catch (TFResourceExhaustedException e) {
        throw noSpaceLeft(e, target);
      }
      AtomicFiles.writeString(partial.resolve(STATE), Json.write(state));
      AtomicFiles.deleteTree(previous);
      if (Files.exists(target)) AtomicFiles.moveIntoPlace(target, previous);
      AtomicFiles.moveIntoPlace(partial, target);
      AtomicFiles.deleteTree(previous);
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
