package dev.vgp.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptorBuilder;
import org.codehaus.plexus.classworlds.ClassWorld;
import org.codehaus.plexus.component.configurator.ComponentConfigurationException;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluator;
import org.codehaus.plexus.configuration.PlexusConfiguration;
import org.codehaus.plexus.configuration.xml.XmlPlexusConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Numbers and switches of the goals, from -D or the POM, read with the messages of the POM's
 * experiment settings before Maven converts them.
 */
class CheckedConfiguratorTest {

  /** -D properties as Maven evaluates a parameter's expression. */
  private static ExpressionEvaluator given(Map<String, String> properties) {
    return new ExpressionEvaluator() {
      @Override
      public Object evaluate(String expression) {
        if (expression == null) return null;
        String property = CheckedConfigurator.property(expression).orElse(null);
        return property == null ? expression : properties.get(property);
      }

      @Override
      public File alignToBaseDirectory(File file) {
        return file;
      }
    };
  }

  /** A parameter as Maven hands it over: the POM's value or the property, and the default. */
  private static PlexusConfiguration parameter(String name, String value, String defaultValue) {
    XmlPlexusConfiguration parameter = new XmlPlexusConfiguration(name);
    parameter.setValue(value);
    if (defaultValue != null) parameter.setAttribute("default-value", defaultValue);
    return parameter;
  }

  private static TrainMojo configure(Map<String, String> properties,
      PlexusConfiguration... parameters) throws Exception {
    XmlPlexusConfiguration configuration = new XmlPlexusConfiguration("configuration");
    for (PlexusConfiguration p : parameters) configuration.addChild(p);
    TrainMojo train = new TrainMojo();
    new CheckedConfigurator().configureComponent(train, configuration, given(properties),
        new ClassWorld("test", CheckedConfiguratorTest.class.getClassLoader()).getRealm("test"),
        null);
    return train;
  }

  private static String refused(Map<String, String> properties,
      PlexusConfiguration... parameters) {
    return assertThrows(ComponentConfigurationException.class,
        () -> configure(properties, parameters)).getMessage();
  }

  @Test
  void numbersAndSwitchesThatDoNotReadAsSuchAreRefusedNamingPropertyValueAndRange()
      throws Exception {
    PlexusConfiguration interval = parameter("progressInterval", "${vgp.progressInterval}", "10");
    PlexusConfiguration stale = parameter("lockStaleMinutes", "${vgp.lockStaleMinutes}", "10");
    PlexusConfiguration force = parameter("force", "${vgp.force}", "false");
    PlexusConfiguration epochs = parameter("epochs", "${vgp.epochs}", null);

    // what Maven said: "Cannot convert 'x' to int: For input string: "x"", and yes was false
    assertEquals("vgp.progressInterval 'x' is not a whole number",
        refused(Map.of("vgp.progressInterval", "x"), interval));
    assertEquals("vgp.epochs '2.5' is not a whole number",
        refused(Map.of("vgp.epochs", "2.5"), epochs));
    assertEquals("vgp.force 'yes' must be true or false",
        refused(Map.of("vgp.force", "yes"), force));
    assertEquals("vgp.lockStaleMinutes must be at least 1, was 0; vgp.progressInterval must be"
        + " at least 0, was -1", refused(Map.of("vgp.lockStaleMinutes", "0",
            "vgp.progressInterval", "-1"), stale, interval));
    // written in the POM: named by its element
    assertEquals("<progressInterval> 'often' is not a whole number",
        refused(Map.of(), parameter("progressInterval", "often", "10")));

    TrainMojo train = configure(Map.of("vgp.progressInterval", "3", "vgp.force", "TRUE",
        "vgp.epochs", "2"), interval, stale, force, epochs);
    assertEquals(3, train.progressInterval);
    assertEquals(10, train.lockStaleMinutes, "the default");
    assertTrue(train.force);
    assertEquals(2, train.epochs);
  }

  /** The descriptor maven-plugin-plugin generated from the goals' annotations. */
  static PluginDescriptor pluginDescriptor() throws Exception {
    try (Reader descriptor = new InputStreamReader(CheckedConfiguratorTest.class
        .getResourceAsStream("/META-INF/maven/plugin.xml"), StandardCharsets.UTF_8)) {
      return new PluginDescriptorBuilder().build(descriptor);
    }
  }

  @Test
  void everyGoalIsConfiguredByIt() throws Exception {
    for (MojoDescriptor goal : pluginDescriptor().getMojos()) {
      if (goal.getGoal().equals("help")) continue; // generated, with no numbers to check
      assertEquals(CheckedConfigurator.HINT, goal.getComponentConfigurator(), goal.getGoal());
    }
  }
}
