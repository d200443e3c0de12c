package dev.vgp.plan;

import java.util.List;

/**
 * The declared experiments cannot run. Carries every problem found, so that a user fixes them all
 * in one round instead of discovering them one failed build at a time.
 */
public class InvalidExperimentsException extends RuntimeException {

  private final List<String> problems;

  public InvalidExperimentsException(List<String> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  private static String describe(List<String> problems) {
    StringBuilder text = new StringBuilder()
        .append(problems.size() == 1 ? "1 problem" : problems.size() + " problems")
        .append(" in the declared experiments, nothing was trained:");
    for (String problem : problems) text.append("\n  - ").append(problem);
    return text.toString();
  }
}
