package dev.vgp.files;

/**
 * Test fixture: log lines on standard output, warnings and errors marked, for the test programs
 * and Invoker hooks that run vgp outside Maven (their output is read as text).
 */
public final class PrintedSink implements LogSink {

  @Override
  public void info(String message) {
    System.out.println(message);
  }

  @Override
  public void warn(String message) {
    System.out.println("WARNING " + message);
  }

  @Override
  public void error(String message) {
    System.out.println("ERROR " + message);
  }
}
