package dev.vgp.maven;

import dev.vgp.spec.Settings;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.plexus.classworlds.realm.ClassRealm;
import org.codehaus.plexus.component.configurator.BasicComponentConfigurator;
import org.codehaus.plexus.component.configurator.ComponentConfigurationException;
import org.codehaus.plexus.component.configurator.ConfigurationListener;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluationException;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluator;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * Maven's configurator of a goal's parameters, but a number or a switch that does not read as one,
 * or a number out of its {@link Range}, fails the goal before it runs with the messages of the
 * POM's experiment settings ({@link Settings#parseValue}): "vgp.signalMinutes 'x' is not a whole
 * number", "vgp.atInitBatches must be at least 1, was 0", "vgp.pdf 'yes' must be true or false".
 * Maven's own says "Cannot convert 'x' to int: For input string: "x"", and reads
 * {@code -Dvgp.pdf=yes} as false without a word.
 *
 * <p>Every goal names it ({@code @Mojo(configurator = CheckedConfigurator.HINT)}); it is
 * registered in {@code META-INF/plexus/components.xml}.
 */
public class CheckedConfigurator extends BasicComponentConfigurator {

  static final String HINT = "vgp-checked";

  /** The parameter types checked, as the experiment settings' types that read them. */
  private static final Map<Class<?>, Class<?>> CHECKED = Map.of(int.class, int.class,
      Integer.class, int.class, long.class, long.class, Long.class, long.class,
      double.class, double.class, Double.class, double.class, boolean.class, boolean.class,
      Boolean.class, boolean.class);

  /** A parameter configured by its property alone, as the descriptor writes it. */
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  @Override
  public void configureComponent(Object component, PlexusConfiguration configuration,
      ExpressionEvaluator evaluator, ClassRealm realm, ConfigurationListener listener)
      throws ComponentConfigurationException {
    List<String> problems = new ArrayList<>();
    for (PlexusConfiguration parameter : configuration.getChildren()) {
      Optional<Field> field = field(component.getClass(), parameter.getName());
      if (field.isEmpty() || !CHECKED.containsKey(field.get().getType())) continue;
      Object value = value(parameter, evaluator);
      if (!(value instanceof String text)) continue;
      String range = Optional.ofNullable(field.get().getAnnotation(Range.class))
          .map(Range::value).orElse("");
      try {
        Settings.parseValue(name(parameter), CHECKED.get(field.get().getType()), range, text);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ComponentConfigurationException(String.join("; ", problems));
    }
    super.configureComponent(component, configuration, evaluator, realm, listener);
  }

  /** What Maven will inject: the POM's value or the property's, else the default. */
  private static Object value(PlexusConfiguration parameter, ExpressionEvaluator evaluator) {
    try {
      Object value = evaluator.evaluate(parameter.getValue(null));
      return value != null ? value : evaluator.evaluate(parameter.getAttribute("default-value"));
    } catch (ExpressionEvaluationException e) {
      return null; // Maven reports it as it configures
    }
  }

  /**
   * {@code vgp.gpus} for a value from {@code -Dvgp.gpus} (or the property's default), the
   * element {@code <gpus>} for one written in the POM.
   */
  static String name(PlexusConfiguration parameter) {
    return property(parameter.getValue(null)).orElse("<" + parameter.getName() + ">");
  }

  /** {@code vgp.gpus} of {@code ${vgp.gpus}}, the expression a parameter's descriptor gives. */
  static Optional<String> property(String expression) {
    Matcher property = PROPERTY.matcher(String.valueOf(expression));
    return property.matches() ? Optional.of(property.group(1)) : Optional.empty();
  }

  private static Optional<Field> field(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        return Optional.of(c.getDeclaredField(name));
      } catch (NoSuchFieldException e) {
        // declared further up
      }
    }
    return Optional.empty();
  }
}
