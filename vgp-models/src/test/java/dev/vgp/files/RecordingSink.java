package dev.vgp.files;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps every line it is given, debug lines, warnings and errors marked; safe from several threads. */
public class RecordingSink implements LogSink {

  public final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void debug(String message) {
    lines.add("debug: " + message);
  }

  @Override
  public void info(String message) {
    lines.add(message);
  }

  @Override
  public void warn(String message) {
    lines.add("warn: " + message);
  }

  @Override
  public void error(String message) {
    lines.add("error: " + message);
  }
}
