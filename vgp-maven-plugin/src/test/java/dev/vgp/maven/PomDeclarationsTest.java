package dev.vgp.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vgp.plan.DataShape;
import dev.vgp.plan.ExperimentDeclaration;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.ExperimentSettings;
import dev.vgp.plan.InvalidExperimentsException;
import dev.vgp.plan.PlanOverrides;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.codehaus.plexus.configuration.PlexusConfiguration;
import org.codehaus.plexus.configuration.xml.XmlPlexusConfiguration;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;
import org.junit.jupiter.api.Test;

/** The POM's declarations reach the core as written, and misspelt elements are named. */
class PomDeclarationsTest {

  static PlexusConfiguration xml(String text) {
    try {
      return new XmlPlexusConfiguration(Xpp3DomBuilder.build(new StringReader(text)));
    } catch (XmlPullParserException | IOException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }

  @Test
  void everyDeclaredElementReachesTheCoreAndAbsentOnesStayAbsent() {
    List<ExperimentDeclaration> declared = PomDeclarations.experiments(xml("<experiments>"
        + "<experiment><id>vgg38-bn-rc-1e-2</id><label>VGG38 BN + RC</label>"
        + "<model>vgg38</model><batchNorm>all</batchNorm><residual>true</residual>"
        + "<learningRate> 1e-2 </learningRate><trainLimit>2000</trainLimit></experiment>"
        + "</experiments>"));
    assertEquals(List.of(new ExperimentDeclaration("vgg38-bn-rc-1e-2", "VGG38 BN + RC",
        new ExperimentSettings(Map.of("model", "vgg38", "batchNorm", "all", "residual", "true",
            "learningRate", "1e-2", "trainLimit", "2000")))), declared);
    assertEquals(ExperimentSettings.none(), PomDeclarations.defaults(null));
    assertEquals(List.of(), PomDeclarations.experiments(null));
  }

  @Test
  void aMisspeltSettingFailsNamingTheClosestOne() {
    ExperimentSettings defaults = PomDeclarations.defaults(xml(
        "<defaults><epochs>2</epochs><trainLimt>500</trainLimt></defaults>"));
    List<ExperimentDeclaration> declared = PomDeclarations.experiments(xml("<experiments>"
        + "<experiment><id>a</id><model>vgg08</model><lerningRate>1e-2</lerningRate>"
        + "</experiment></experiments>"));
    assertEquals(List.of(
            "defaults: <trainLimt> is not a setting; did you mean <trainLimit>?",
            "experiment 'a': <lerningRate> is not a setting; did you mean <learningRate>?"),
        assertThrows(InvalidExperimentsException.class, () -> ExperimentPlan.resolve(defaults,
            declared, PlanOverrides.none(), DataShape.cifar100())).problems());
  }

  @Test
  void onlyExperimentElementsWithPlainValuesAreAccepted() {
    assertEquals(List.of(
            "<experiments><run> #1 is not an <experiment>: <experiments> holds only <experiment>"
                + " elements",
            "<experiments><experiment> #1: <epochs> must hold a value, not elements",
            "<experiments><experiment> #1: <seed> is given more than once"),
        assertThrows(InvalidExperimentsException.class, () -> PomDeclarations.experiments(xml(
            "<experiments><run><id>x</id></run><experiment><id>a</id>"
                + "<epochs><value>2</value></epochs><seed>1</seed><seed>2</seed></experiment>"
                + "</experiments>"))).problems());
  }
}
