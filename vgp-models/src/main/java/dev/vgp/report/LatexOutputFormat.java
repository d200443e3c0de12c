package dev.vgp.report;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;

/**
 * A FreeMarker output format for LaTeX: every {@code ${...}} in a {@code .tex.ftl} template is
 * escaped, so layer labels like {@code input_conv_conv_0} and labels with {@code %} or {@code &}
 * cannot break the document. Raw LaTeX is written in the template itself or passed with
 * {@code ?no_esc}.
 */
public final class LatexOutputFormat
    extends CommonMarkupOutputFormat<LatexOutputFormat.LatexMarkup> {

  public static final LatexOutputFormat INSTANCE = new LatexOutputFormat();

  private LatexOutputFormat() {}

  /** Escapes text for LaTeX's normal (text) mode. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\textbackslash{}");
        case '{', '}', '$', '&', '#', '_', '%' -> out.append('\\').append(c);
        case '^' -> out.append("\\textasciicircum{}");
        case '~' -> out.append("\\textasciitilde{}");
        case '<' -> out.append("\\textless{}");
        case '>' -> out.append("\\textgreater{}");
        case '|' -> out.append("\\textbar{}");
        case '\u00d7' -> out.append("$\\times$");
        case '\u2264' -> out.append("$\\leq$");
        case '\u2212' -> out.append('-');
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public String getName() {
    return "LaTeX";
  }

  @Override
  public String getMimeType() {
    return "application/x-latex";
  }

  @Override
  public void output(String textToEsc, Writer out) throws IOException {
    out.write(escape(textToEsc));
  }

  @Override
  public String escapePlainText(String plainTextContent) {
    return escape(plainTextContent);
  }

  @Override
  public boolean isLegacyBuiltInBypassed(String builtInName) {
    return false;
  }

  @Override
  protected LatexMarkup newTemplateMarkupOutputModel(String plainTextContent,
      String markupContent) {
    return new LatexMarkup(plainTextContent, markupContent);
  }

  /** A piece of LaTeX markup inside a template (FreeMarker's markup value for this format). */
  public static final class LatexMarkup extends CommonTemplateMarkupOutputModel<LatexMarkup> {
    LatexMarkup(String plainTextContent, String markupContent) {
      super(plainTextContent, markupContent);
    }

    @Override
    public LatexOutputFormat getOutputFormat() {
      return INSTANCE;
    }
  }
}
