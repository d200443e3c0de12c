package dev.vgp.spec;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.vgp.files.Json;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Every experiment setting, read off the {@link Setting} components of {@link ModelSpec} and
 * {@link TrainingConfig}: the one declaration that the POM binding, validation, the fingerprint,
 * {@code experiment.json} and the report all use. Adding a setting is adding a component.
 */
public final class Settings {

  /**
   * One setting, as its {@link Setting} component declares it.
   *
   * @param referenceValue its value in the reference setup (VGG38 for model settings)
   */
  public record Declaration(String name, Class<?> type, String documentation, String range,
      String off, Object referenceValue) {

    /** The accepted spellings of an enum setting, aliases included; empty for other types. */
    public List<String> choices() {
      return List.copyOf(spellings().keySet());
    }

    /** Each spelling of each enum constant: its name as {@link #text} writes it, its aliases. */
    private Map<String, Object> spellings() {
      Map<String, Object> spellings = new LinkedHashMap<>();
      if (!type.isEnum()) return spellings;
      for (Object constant : type.getEnumConstants()) {
        Enum<?> e = (Enum<?>) constant;
        spellings.put(text(e), e);
        try {
          JsonAlias aliases = type.getField(e.name()).getAnnotation(JsonAlias.class);
          if (aliases != null) Arrays.stream(aliases.value()).forEach(a -> spellings.put(a, e));
        } catch (NoSuchFieldException impossible) {
          throw new IllegalStateException(impossible);
        }
      }
      return spellings;
    }

    boolean switchedOffAt(Object value) {
      return !off.isEmpty() && Objects.equals(value, parse(off, new ArrayList<>()));
    }

    /** The value {@code text} spells, or null after adding a problem that names this setting. */
    Object parse(String text, List<String> problems) {
      String t = text.trim();
      try {
        if (type == int.class) return Integer.parseInt(t);
        if (type == long.class) return Long.parseLong(t);
        if (type == double.class) return Double.parseDouble(t);
      } catch (NumberFormatException e) {
        problems.add(name + " '" + text + "' is not " + (type == double.class ? "a number"
            : "a whole number"));
        return null;
      }
      if (type == boolean.class) {
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) return Boolean.parseBoolean(lower);
        problems.add(name + " '" + text + "' must be true or false");
        return null;
      }
      if (type.isEnum()) return parseChoice(t, problems);
      throw new IllegalStateException("setting " + name + " has a type vgp cannot read: " + type);
    }

    private Object parseChoice(String text, List<String> problems) {
      Object value = spellings().get(text.toLowerCase(Locale.ROOT).replace('_', '-'));
      if (value == null) {
        problems.add(name + " '" + text + "' is unknown: use one of "
            + String.join(", ", choices()));
      }
      return value;
    }

    /** Why {@code value} is out of this setting's range, or empty. */
    Optional<String> rangeProblem(Object value) {
      if (range.isEmpty() || !(value instanceof Number number)) return Optional.empty();
      String[] bounds = range.substring(1, range.length() - 1).split(",");
      double low = bound(bounds[0]);
      double high = bound(bounds[1]);
      boolean lowOpen = range.startsWith("(");
      boolean highOpen = range.endsWith(")");
      double v = number.doubleValue();
      boolean inside = (lowOpen ? v > low : v >= low) && (highOpen ? v < high : v <= high);
      if (inside) return Optional.empty();
      String accepted = high == Double.POSITIVE_INFINITY
          ? (lowOpen ? "more than " : "at least ") + bounds[0].trim()
          : "in " + range;
      return Optional.of(name + " must be " + accepted + ", was " + value);
    }

    private static double bound(String text) {
      String t = text.trim();
      return t.equals("inf") ? Double.POSITIVE_INFINITY
          : t.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(t);
    }
  }

  /** The reference setup each setting's default is read from: VGG38 for the model settings. */
  private static final Map<Class<? extends Record>, Record> REFERENCES = Map.of(
      ModelSpec.class, ModelSpec.vgg38(), TrainingConfig.class, TrainingConfig.reference());

  private static final List<Declaration> ALL = Stream.of(ModelSpec.class, TrainingConfig.class)
      .map(REFERENCES::get)
      .flatMap(Settings::declarations)
      .toList();

  private Settings() {}

  /**
   * One value given as text outside an experiment (a {@code -D} property of a goal), read with
   * the same rules and messages as an experiment setting: "vgp.gpus 'x' is not a whole number",
   * "vgp.gpus must be at least 1, was 0".
   *
   * @param type int, long, double, boolean or an enum
   * @param range as {@link Setting#range()}, e.g. "[1, inf)"; "" for none
   * @throws IllegalArgumentException with that message
   */
  public static Object parseValue(String name, Class<?> type, String range, String text) {
    Declaration declaration = new Declaration(name, type, "", range, "", null);
    List<String> problems = new ArrayList<>();
    Object value = declaration.parse(text, problems);
    if (value != null) declaration.rangeProblem(value).ifPresent(problems::add);
    if (!problems.isEmpty()) throw new IllegalArgumentException(problems.get(0));
    return value;
  }

  /** Every setting, model settings first, each in declaration order. */
  public static List<Declaration> all() {
    return ALL;
  }

  public static Optional<Declaration> find(String name) {
    return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  /** The known name closest to a misspelt one, e.g. "learningRate" for "lerningRate". */
  public static String closest(String misspelt, List<String> known) {
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    return known.stream()
        .min(Comparator.comparingInt((String k) -> distance.apply(
            k.toLowerCase(Locale.ROOT), misspelt.toLowerCase(Locale.ROOT))))
        .orElse("");
  }

  /** How a value is written in a POM, the docs and the report: enums as "processing-blocks". */
  public static String text(Object value) {
    return value instanceof Enum<?> e
        ? e.name().toLowerCase(Locale.ROOT).replace('_', '-')
        : String.valueOf(value);
  }

  /**
   * {@code base} with every setting it owns that {@code declared} names replaced by the declared
   * text, read as the setting's type. Each value that cannot be read, or is out of range, adds a
   * problem; the base value stands in for it.
   */
  public static <R extends Record> R apply(R base, Map<String, String> declared,
      List<String> problems) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Declaration d : declarations(base).toList()) {
      String text = declared.get(d.name());
      if (text == null) continue;
      Object value = d.parse(text, problems);
      if (value == null) continue;
      d.rangeProblem(value).ifPresentOrElse(problems::add, () -> values.put(d.name(), value));
    }
    return with(base, values);
  }

  /** Every setting of {@code record} that is out of its declared range. */
  public static List<String> rangeProblems(Record record) {
    return declarations(record)
        .flatMap(d -> d.rangeProblem(component(record, d.name())).stream())
        .toList();
  }

  /** A copy of {@code record} with the named components replaced. */
  public static <R extends Record> R with(R record, Map<String, Object> replacements) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      String name = components[i].getName();
      types[i] = components[i].getType();
      values[i] = replacements.containsKey(name) ? replacements.get(name)
          : component(record, name);
    }
    for (String name : replacements.keySet()) {
      if (Arrays.stream(components).noneMatch(c -> c.getName().equals(name))) {
        throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no "
            + name);
      }
    }
    try {
      @SuppressWarnings("unchecked")
      Constructor<R> canonical = (Constructor<R>) record.getClass().getDeclaredConstructor(types);
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot set " + replacements + " on "
          + record.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code record} as the JSON tree {@code experiment.json} holds, less the settings at their
   * {@link Setting#off()} value: the part of a fingerprint that the record contributes.
   */
  public static Map<String, Object> withoutSwitchedOff(Record record) {
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = (Map<String, Object>) Json.toTree(record);
    declarations(record)
        .filter(d -> d.switchedOffAt(component(record, d.name())))
        .forEach(d -> tree.remove(d.name()));
    return tree;
  }

  /** The settings of {@code record} that differ from the reference setup, as name and text. */
  public static Map<String, String> changedFromReference(Record record) {
    Map<String, String> changed = new LinkedHashMap<>();
    declarations(record)
        .filter(d -> !Objects.equals(component(record, d.name()), d.referenceValue()))
        .forEach(d -> changed.put(d.name(), text(component(record, d.name()))));
    return changed;
  }

  private static Stream<Declaration> declarations(Record record) {
    Class<? extends Record> owner = record.getClass();
    Record reference = REFERENCES.get(owner);
    return Arrays.stream(owner.getRecordComponents())
        .filter(c -> c.isAnnotationPresent(Setting.class))
        .map(c -> {
          Setting s = c.getAnnotation(Setting.class);
          return new Declaration(c.getName(), c.getType(), s.value(), s.range(), s.off(),
              component(reference, c.getName()));
        });
  }

  private static Object component(Record record, String name) {
    try {
      return record.getClass().getMethod(name).invoke(record);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no " + name, e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
