package dev.vgp.expectations;

import java.util.List;

/**
 * The declared expectations cannot be evaluated. Carries every problem found, so that a user
 * fixes them all in one round. An {@link IllegalArgumentException}: the goals report it as a
 * build failure naming what to change.
 */
public class InvalidExpectationsException extends IllegalArgumentException {

  public InvalidExpectationsException(List<String> problems) {
    super((problems.size() == 1 ? "1 problem" : problems.size() + " problems")
        + " in the declared expectations:" + problems.stream().map(p -> "\n  - " + p)
            .reduce("", String::concat));
  }
}
