package dev.vgp.maven;

import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.InvalidExperimentsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * {@code <defaults>} and {@code <experiments>} as the core's plain declarations: each element's
 * name and text. The POM names settings exactly as {@link dev.vgp.spec.Settings} declares them, so
 * nothing here lists them again; the core validates names and values, and names the closest
 * setting to an unknown element.
 */
final class PomDeclarations {

  private static final String ID = "id";
  private static final String LABEL = "label";

  private PomDeclarations() {}

  /** The settings of {@code <defaults>}; none when it is absent. */
  static ExperimentSettings defaults(PlexusConfiguration defaults) {
    List<String> problems = new ArrayList<>();
    ExperimentSettings settings = defaults == null ? ExperimentSettings.none()
        : new ExperimentSettings(values(defaults, "<defaults>", problems));
    if (!problems.isEmpty()) throw new InvalidExperimentsException(problems);
    return settings;
  }

  /** Each {@code <experiment>} of {@code <experiments>}, with its id, label and settings. */
  static List<ExperimentDeclaration> experiments(PlexusConfiguration experiments) {
    if (experiments == null) return List.of();
    List<String> problems = new ArrayList<>();
    List<ExperimentDeclaration> declared = new ArrayList<>();
    for (PlexusConfiguration child : experiments.getChildren()) {
      String where = "<experiments><" + child.getName() + "> #" + (declared.size() + 1);
      if (!child.getName().equals("experiment")) {
        problems.add(where + " is not an <experiment>: <experiments> holds only <experiment>"
            + " elements");
        continue;
      }
      Map<String, String> values = values(child, where, problems);
      String id = values.remove(ID);
      String label = values.remove(LABEL);
      declared.add(new ExperimentDeclaration(id, label, new ExperimentSettings(values)));
    }
    if (!problems.isEmpty()) throw new InvalidExperimentsException(problems);
    return declared;
  }

  private static Map<String, String> values(PlexusConfiguration element, String where,
      List<String> problems) {
    Map<String, String> values = new LinkedHashMap<>();
    for (PlexusConfiguration child : element.getChildren()) {
      if (child.getChildCount() > 0) {
        problems.add(where + ": <" + child.getName() + "> must hold a value, not elements");
      } else if (values.put(child.getName(), child.getValue() == null ? ""
          : child.getValue().trim()) != null) {
        problems.add(where + ": <" + child.getName() + "> is given more than once");
      }
    }
    return values;
  }
}
