package dev.vgp.results;

import dev.vgp.files.Json;
import java.util.Map;

/** experiment.json's environment for tests, written as the JSON object would hold it. */
public final class Environments {

  private Environments() {}

  /** E.g. {@code of(Map.of("device", "/device:CPU:0"))}. */
  public static ExperimentRecord.Environment of(Map<String, ?> fields) {
    return Json.read(Json.write(fields), ExperimentRecord.Environment.class);
  }
}
