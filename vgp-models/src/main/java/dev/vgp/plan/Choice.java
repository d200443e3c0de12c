package dev.vgp.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accepted spellings of an enumerated setting, e.g. {@code batchNorm}: lower case, with
 * {@code -} or {@code _} alike, so {@code processing-blocks}, {@code PROCESSING_BLOCKS} and
 * {@code processing_blocks} all mean the same. An unknown spelling becomes a problem that lists
 * what is accepted.
 */
final class Choice<T> {

  private final String setting;
  private final Map<String, T> values = new LinkedHashMap<>();

  Choice(String setting) {
    this.setting = setting;
  }

  Choice<T> accept(String spelling, T value) {
    values.put(spelling, value);
    return this;
  }

  /** The value for {@code text}, the fallback when absent, or null after adding a problem. */
  T parse(String text, T fallback, List<String> problems) {
    if (text == null) return fallback;
    T value = values.get(text.trim().toLowerCase(Locale.ROOT).replace('_', '-'));
    if (value == null) {
      problems.add(setting + " '" + text + "' is unknown: use one of "
          + String.join(", ", values.keySet()));
    }
    return value;
  }
}
