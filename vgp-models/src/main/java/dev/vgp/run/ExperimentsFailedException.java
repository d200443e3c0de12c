package dev.vgp.run;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Several experiments that trained at once ({@code -Dvgp.parallel}) failed: the message gives
 * each one's own message, in plan order; they are also its suppressed exceptions.
 */
public class ExperimentsFailedException extends RuntimeException {

  public ExperimentsFailedException(List<Throwable> failures) {
    super(failures.size() + " experiments failed:\n\n" + failures.stream()
        .map(failure -> failure.getMessage() != null ? failure.getMessage() : failure.toString())
        .collect(Collectors.joining("\n\n")));
    failures.forEach(this::addSuppressed);
  }
}
