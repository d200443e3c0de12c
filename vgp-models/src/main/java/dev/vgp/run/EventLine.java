package dev.vgp.run;

import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.StringEscapeUtils;

/**
 * One event of a serving training process on its output, framed as surefire frames the events of
 * its forked JVMs: {@code :vgp-event:<type>:<payload>}, a prefix no library prints, the event's
 * type, and the payload escaped as the content of a Java string literal, so that an event is one
 * line whatever its message holds. A line without the frame is not an event, whatever it looks
 * like ({@code INFO ...} printed by a library): a stray line.
 *
 * @param payload a log message, or a task's exit status
 */
record EventLine(Type type, String payload) {

  static final String PREFIX = ":vgp-event:";

  enum Type {
    DEBUG, INFO, WARN, ERROR,
    /** The end of a served task, its status the payload, after all of the task's lines. */
    TASK_END;

    /** As framed: "info", "task-end". */
    String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The event as one line, without its line break. */
  String frame() {
    return PREFIX + type.word() + ":" + StringEscapeUtils.escapeJava(payload);
  }

  /** The event a line frames; empty for a stray line. */
  static Optional<EventLine> parse(String line) {
    if (!line.startsWith(PREFIX)) return Optional.empty();
    int colon = line.indexOf(':', PREFIX.length());
    if (colon < 0) return Optional.empty();
    String word = line.substring(PREFIX.length(), colon);
    for (Type type : Type.values()) {
      if (type.word().equals(word)) {
        return Optional.of(new EventLine(type,
            StringEscapeUtils.unescapeJava(line.substring(colon + 1))));
      }
    }
    return Optional.empty();
  }
}
