package dev.vgp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatexOutputFormatTest {

  @Test
  void escapesEveryCharacterLatexGivesAMeaning() {
    assertEquals("input\\_conv\\_conv\\_0", LatexOutputFormat.escape("input_conv_conv_0"));
    assertEquals("50\\% \\& \\$5 \\#1 \\{a\\}", LatexOutputFormat.escape("50% & $5 #1 {a}"));
    assertEquals("\\textbackslash{}n \\textasciicircum{}2 \\textasciitilde{}x",
        LatexOutputFormat.escape("\\n ^2 ~x"));
    assertEquals("\\textbar{}dL/dW\\textbar{} \\textless{} 1 \\textgreater{} 0",
        LatexOutputFormat.escape("|dL/dW| < 1 > 0"));
    assertEquals("2 $\\times$ chance, $\\leq$ 1, -1",
        LatexOutputFormat.escape("2 \u00d7 chance, \u2264 1, \u22121"));
  }
}
