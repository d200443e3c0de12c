package dev.vgp.files;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for {@code experiment.json} and checkpoint state: objects, arrays, strings,
 * numbers, booleans and null. Objects keep their key order so files diff well.
 */
public final class Json {

  private Json() {}

  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, "");
    return out.append('\n').toString();
  }

  private static void write(Object value, StringBuilder out, String indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      quote(s, out);
    } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      quote(d.toString(), out); // JSON has no NaN; keep it readable rather than lose it
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      String inner = indent + "  ";
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(first ? "\n" : ",\n").append(inner);
        quote(String.valueOf(e.getKey()), out);
        out.append(": ");
        write(e.getValue(), out, inner);
        first = false;
      }
      out.append(first ? "}" : "\n" + indent + "}");
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) out.append(", ");
        write(list.get(i), out, indent);
      }
      out.append(']');
    } else if (value instanceof Enum<?> e) {
      quote(e.name().toLowerCase(), out);
    } else {
      quote(value.toString(), out);
    }
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    out.append('"');
  }

  /** Parses JSON text: objects become LinkedHashMaps, numbers Doubles or Longs. */
  public static Object parse(String text) {
    Parser p = new Parser(text);
    Object value = p.value();
    p.skipSpace();
    if (p.pos != text.length()) throw p.error("trailing characters");
    return value;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    Object value = parse(text);
    if (!(value instanceof Map)) throw new IllegalArgumentException("expected a JSON object");
    return (Map<String, Object>) value;
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("malformed JSON at character " + pos + ": " + what);
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    char peek() {
      skipSpace();
      if (pos >= s.length()) throw error("unexpected end");
      return s.charAt(pos);
    }

    void expect(char c) {
      if (peek() != c) throw error("expected '" + c + "'");
      pos++;
    }

    Object value() {
      char c = peek();
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        default:
          if (s.startsWith("true", pos)) {
            pos += 4;
            return Boolean.TRUE;
          }
          if (s.startsWith("false", pos)) {
            pos += 5;
            return Boolean.FALSE;
          }
          if (s.startsWith("null", pos)) {
            pos += 4;
            return null;
          }
          return number();
      }
    }

    Map<String, Object> object() {
      expect('{');
      Map<String, Object> map = new LinkedHashMap<>();
      if (peek() == '}') {
        pos++;
        return map;
      }
      do {
        String key = string();
        expect(':');
        map.put(key, value());
      } while (tryConsume(','));
      expect('}');
      return map;
    }

    List<Object> array() {
      expect('[');
      List<Object> list = new ArrayList<>();
      if (peek() == ']') {
        pos++;
        return list;
      }
      do {
        list.add(value());
      } while (tryConsume(','));
      expect(']');
      return list;
    }

    boolean tryConsume(char c) {
      if (peek() == c) {
        pos++;
        return true;
      }
      return false;
    }

    String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= s.length()) throw error("unterminated string");
        char c = s.charAt(pos++);
        if (c == '"') return out.toString();
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = s.charAt(pos++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> out.append(e);
        }
      }
    }

    Object number() {
      int start = pos;
      while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) pos++;
      String n = s.substring(start, pos);
      if (n.isEmpty()) throw error("unexpected character '" + s.charAt(pos) + "'");
      if (n.matches("-?\\d+")) return Long.parseLong(n);
      return Double.parseDouble(n);
    }
  }
}
