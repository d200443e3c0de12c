package dev.vgp.plan;

import dev.vgp.spec.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of an experiment as a user declares them: setting name to its text, as written in
 * {@code <defaults>}, an {@code <experiment>} or on the command line. Every setting may be absent,
 * so that shared defaults are declared once and each experiment states only what differs. {@link
 * #overriddenBy} layers one declaration over another; {@link ExperimentPlan#resolve} reads the
 * result through {@link Settings}, reporting every problem at once.
 *
 * <p>Values stay text until then so that a misspelt one becomes one problem in the list of all
 * problems, with the accepted values named, rather than a failure on the first.
 *
 * @param values setting name to declared text, in declaration order; besides the settings of
 *     {@link Settings#all()} it may hold {@value #MODEL}, the named model the settings refine
 */
public record ExperimentSettings(Map<String, String> values) {

  /** The named model, {@code vgg08} or {@code vgg38}, that the model settings refine. */
  public static final String MODEL = "model";

  public ExperimentSettings {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Nothing declared: every value comes from the layer below. */
  public static ExperimentSettings none() {
    return new ExperimentSettings(Map.of());
  }

  public String get(String name) {
    return values.get(name);
  }

  /** These settings with every value that {@code top} declares taking precedence. */
  public ExperimentSettings overriddenBy(ExperimentSettings top) {
    Map<String, String> merged = new LinkedHashMap<>(values);
    merged.putAll(top.values);
    return new ExperimentSettings(merged);
  }

  /**
   * A problem for each declared name that is no setting, naming the closest one: "{@code
   * <lerningRate>} is not a setting; did you mean {@code <learningRate>}?".
   */
  List<String> unknownNames() {
    List<String> known = new ArrayList<>(List.of(MODEL));
    Settings.all().forEach(d -> known.add(d.name()));
    return values.keySet().stream()
        .filter(name -> !known.contains(name))
        .map(name -> "<" + name + "> is not a setting; did you mean <"
            + Settings.closest(name, known) + ">?")
        .toList();
  }
}
