package dev.vgp.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Each goal's parameters, as the plugin descriptor that {@code vgp:help} and the unknown-element
 * check read lists them: a goal takes the parameters it uses. Maven takes a goal's parameters
 * from its class and superclasses only, so three goals carry one parameter more than they use
 * (below), and benchmark declares the training process's three parameters again.
 */
class GoalParametersTest {

  private static final List<String> STUDY = List.of("skip", "dataset", "defaults", "experiments",
      "selectedExperiments", "epochs", "trainLimit", "evalLimit", "seeds", "outputDirectory");
  private static final List<String> DATA = List.of("dataDir", "dataUrl", "dataChecksum",
      "dataArchive", "dataDirectory", "offline");
  private static final List<String> PROCESS = List.of("fork", "jvmArgs", "environmentVariables");
  private static final List<String> READING = List.of("reportDirectory", "resultsDirectories",
      "referenceTable", "expectations");

  @SafeVarargs
  private static Set<String> union(List<String>... groups) {
    Set<String> all = new TreeSet<>();
    for (List<String> group : groups) all.addAll(group);
    return all;
  }

  @Test
  void eachGoalTakesTheParametersItUses() throws Exception {
    Map<String, Set<String>> expected = new TreeMap<>(Map.of(
        // outputDirectory: fetch-data and benchmark write no results
        "fetch-data", union(STUDY, DATA),
        "status", union(STUDY),
        "train", union(STUDY, DATA, PROCESS, List.of("force", "progressInterval",
            "waitForLock", "lockStaleMinutes", "failOnDivergence", "parallel")),
        "gradient-flow", union(STUDY, DATA, PROCESS, List.of("atInit", "atInitBatches")),
        // fork: a cluster job always trains in a process of its own
        "submit", union(STUDY, DATA, PROCESS, List.of("dryRun", "force", "progressInterval",
            "partition", "gpu", "gpus", "cpusPerTask", "memory", "timeLimit", "account", "qos",
            "signalMinutes", "sbatchOptions", "notify")),
        "benchmark", union(STUDY, PROCESS, List.of("reportDirectory", "models", "warmupSteps",
            "stepsPerRound", "rounds")),
        "report", union(STUDY, READING, List.of("templateDirectory", "pdf", "tensorBoard")),
        "check", union(STUDY, READING, List.of("failBuild"))));
    expected.put("depth-sweep", union(STUDY, DATA, PROCESS, List.of("reportDirectory",
        "sweepBlocks", "sweepInitializations", "sweepBatchSize", "sweepBatches", "sweepSeed")));
    expected.put("help", union(List.of("detail", "goal", "indentSize", "lineLength")));
    assertEquals(expected, editableParametersByGoal());
  }

  /** The user's parameters of each goal in the generated plugin.xml (not Maven's read-only). */
  private static Map<String, Set<String>> editableParametersByGoal() throws Exception {
    Map<String, Set<String>> byGoal = new TreeMap<>();
    try (InputStream in = GoalParametersTest.class.getResourceAsStream(
        "/META-INF/maven/plugin.xml")) {
      NodeList mojos = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
          .getElementsByTagName("mojo");
      for (int i = 0; i < mojos.getLength(); i++) {
        Element mojo = (Element) mojos.item(i);
        Set<String> names = new TreeSet<>();
        NodeList parameters = mojo.getElementsByTagName("parameter");
        for (int j = 0; j < parameters.getLength(); j++) {
          Element parameter = (Element) parameters.item(j);
          if (text(parameter, "editable").equals("true")) names.add(text(parameter, "name"));
        }
        byGoal.put(text(mojo, "goal"), names);
      }
    }
    return byGoal;
  }

  private static String text(Element parent, String child) {
    List<String> texts = new ArrayList<>();
    NodeList nodes = parent.getElementsByTagName(child);
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i).getParentNode() == parent) texts.add(nodes.item(i).getTextContent());
    }
    return texts.isEmpty() ? "" : texts.get(0);
  }
}
