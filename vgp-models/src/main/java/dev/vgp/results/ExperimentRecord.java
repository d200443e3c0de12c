package dev.vgp.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vgp.files.Json;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Settings;
import dev.vgp.spec.TrainingConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code experiment.json}: what was run, on what, with what, and how it ended. The report reads it
 * to label rows and captions; {@code vgp:train} compares its fingerprint to decide what is up to
 * date.
 *
 * @param label the display name used in tables, e.g. "VGG38 BN + RC"
 * @param environment versions, device, times and why a run stopped: everything that describes
 *     the run but does not change what it computes (so not part of the fingerprint)
 */
@JsonPropertyOrder({"id", "label", "status", "parameters", "fingerprint", "dataset", "dataChecksum",
    "vgpVersion", "model", "training", "environment"})
@JsonIgnoreProperties(value = {"parameters", "fingerprint"}, allowGetters = true)
public record ExperimentRecord(
    String id,
    String label,
    Status status,
    ModelSpec model,
    TrainingConfig training,
    String dataset,
    String dataChecksum,
    String vgpVersion,
    Environment environment) {

  /** How a run stands; written in lower case ({@code "finished"}). */
  public enum Status {
    /** Training, or killed outright: its lock tells which. */
    RUNNING,
    /** Every epoch trained and the test metrics written. */
    FINISHED,
    /** Stopped at a step boundary by a signal, or by a failure ({@link Environment#failure}). */
    INTERRUPTED,
    /** The loss or a gradient became NaN or infinite ({@link Environment#divergedAt}). */
    DIVERGED;

    /** As experiment.json writes it: "finished". */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * {@code experiment.json}'s {@code environment}: each field absent until the run has it.
   *
   * @param tensorflowVersion the version of what computes
   * @param device where TensorFlow placed the ops, e.g. {@code /device:CPU:0}
   * @param startedAt the first start of the run; a resumed run keeps it
   * @param resumedAt the latest start of a resumed run
   * @param finishedAt when it finished or diverged
   * @param stoppedAt when a signal or shutdown stopped it
   * @param resumedAtEpoch the first epoch trained after resuming, -1 for a run trained in one go
   * @param stoppedBy the signal or shutdown that stopped it
   * @param divergedAt where it diverged ("in epoch 3 at step 12: loss NaN, ...")
   * @param failure the message of the failure that stopped it; files written before this field
   *     existed said {@code "stoppedBy": "failure: <message>"}, which reads as this
   */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  public record Environment(
      Optional<String> javaVersion,
      Optional<String> tensorflowVersion,
      Optional<String> device,
      Optional<Instant> startedAt,
      Optional<Instant> resumedAt,
      Optional<Instant> finishedAt,
      Optional<Instant> stoppedAt,
      Optional<Integer> resumedAtEpoch,
      Optional<String> stoppedBy,
      Optional<String> divergedAt,
      Optional<String> failure) {

    /** Nothing recorded yet: the environment of a planned run. */
    public static final Environment NONE = new Environment(Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    private static final String OLD_FAILURE = "failure: ";

    public Environment {
      if (failure.isEmpty() && stoppedBy.filter(s -> s.startsWith(OLD_FAILURE)).isPresent()) {
        failure = stoppedBy.map(s -> s.substring(OLD_FAILURE.length()));
        stoppedBy = Optional.empty();
      }
    }

    /** A run starting now in this JVM on {@code tensorflowVersion}. */
    public static Environment started(String tensorflowVersion, Instant at) {
      return new Environment(Optional.of(System.getProperty("java.version")),
          Optional.of(tensorflowVersion), Optional.empty(), Optional.of(at), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty());
    }

    /** This start as the resumption of a run first started at {@code firstStart}. */
    public Environment resuming(Instant firstStart) {
      return new Environment(javaVersion, tensorflowVersion, device, Optional.of(firstStart),
          startedAt, finishedAt, stoppedAt, resumedAtEpoch, stoppedBy, divergedAt, failure);
    }

    public Environment finished(String device, int resumedAtEpoch, Instant at) {
      return new Environment(javaVersion, tensorflowVersion, Optional.of(device), startedAt,
          resumedAt, Optional.of(at), stoppedAt, Optional.of(resumedAtEpoch), stoppedBy,
          divergedAt, failure);
    }

    public Environment diverged(String where, Instant at) {
      return new Environment(javaVersion, tensorflowVersion, device, startedAt, resumedAt,
          Optional.of(at), stoppedAt, resumedAtEpoch, stoppedBy, Optional.of(where), failure);
    }

    public Environment stopped(String by, Instant at) {
      return new Environment(javaVersion, tensorflowVersion, device, startedAt, resumedAt,
          finishedAt, Optional.of(at), resumedAtEpoch, Optional.of(by), divergedAt, failure);
    }

    public Environment failed(String message) {
      return new Environment(javaVersion, tensorflowVersion, device, startedAt, resumedAt,
          finishedAt, stoppedAt, resumedAtEpoch, stoppedBy, divergedAt, Optional.of(message));
    }
  }

  @JsonProperty
  public long parameters() {
    return model.parameterCount();
  }

  @JsonIgnore
  public boolean finished() {
    return status == Status.FINISHED;
  }

  public ExperimentRecord withStatus(Status newStatus, Environment newEnvironment) {
    return new ExperimentRecord(id, label, newStatus, model, training, dataset, dataChecksum,
        vgpVersion, newEnvironment);
  }

  /**
   * SHA-256 over everything that decides what a run computes: model, training configuration,
   * data checksum and vgp version. The id, label, status and environment are left out.
   */
  @JsonProperty
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(Json.write(fingerprinted()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * What the fingerprint covers, as the JSON tree it digests. Settings that are switched off are
   * left out (see {@link Settings#withoutSwitchedOff}), so that adding a setting to vgp leaves the
   * fingerprints of earlier runs, and so their up-to-date results, as they were.
   */
  public Map<String, Object> fingerprinted() {
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("model", Settings.withoutSwitchedOff(model));
    identity.put("training", Settings.withoutSwitchedOff(training));
    identity.put("dataset", dataset);
    identity.put("dataChecksum", dataChecksum);
    identity.put("vgpVersion", vgpVersion);
    return identity;
  }
}
