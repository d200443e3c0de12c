package dev.vgp.expectations;

import dev.vgp.expectations.Outcome.Verdict;
import dev.vgp.files.TextTable;
import dev.vgp.analysis.ExpectationRow;
import java.util.ArrayList;
import java.util.List;

/** The outcomes of every declared expectation, in declaration order. */
public record Outcomes(List<Outcome> outcomes) {

  public Outcomes {
    outcomes = List.copyOf(outcomes);
  }

  public List<Outcome> failed() {
    return outcomes.stream().filter(o -> o.verdict() == Verdict.FAILED).toList();
  }

  public long count(Verdict verdict) {
    return outcomes.stream().filter(o -> o.verdict() == verdict).count();
  }

  /** "5 expectations: 3 passed, 1 failed, 1 skipped", and known failures when there are. */
  public String summary() {
    long known = count(Verdict.KNOWN_FAILURE);
    return outcomes.size() + (outcomes.size() == 1 ? " expectation: " : " expectations: ")
        + count(Verdict.PASSED) + " passed, " + count(Verdict.FAILED) + " failed, "
        + count(Verdict.SKIPPED) + " skipped" + (known == 0 ? ""
            : ", " + known + " known not to hold");
  }

  /**
   * The table the build log prints: verdict, name, expected, measured (or the reason), in
   * aligned columns.
   */
  public List<String> table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"verdict", "expectation", "expected", "measured"});
    for (Outcome o : outcomes) {
      rows.add(new String[] {o.verdict().name(), o.name(), o.expected(),
          o.reason().isEmpty() ? o.measured() : o.detail()});
    }
    return TextTable.align(rows);
  }

  /** The rows of the report's expectations table. */
  public List<ExpectationRow> reportRows() {
    return outcomes.stream().map(o -> new ExpectationRow(o.name(), o.expected(), o.measured(),
        o.verdict().name(), o.reason())).toList();
  }
}
