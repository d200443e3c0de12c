package dev.vgp.report;

/**
 * report.tex could not be compiled; the message says why in terms a user can act on (the missing
 * LaTeX package and the Debian package providing it, or pdflatex's first error and its log).
 */
public class LatexException extends RuntimeException {

  public LatexException(String message) {
    super(message);
  }
}
