package dev.vgp.expectations;

import dev.vgp.expectations.Outcome.Verdict;
import dev.vgp.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The outcomes as a JUnit XML report (the Ant/Surefire {@code testsuite} format that Jenkins,
 * GitLab and GitHub Actions display): one {@code testcase} per expectation, a {@code failure}
 * or {@code skipped} element carrying the measured value or the reason in its message, and the
 * expected and measured values of every case in its {@code system-out}.
 */
public final class JUnitXml {

  /** The test class every case is filed under, so CI groups them as one suite. */
  public static final String CLASS_NAME = "vgp.expectations";

  private JUnitXml() {}

  /** Writes {@code file} atomically; {@code suite} names the study, e.g. the project. */
  public static void write(Path file, String suite, Outcomes outcomes) {
    Document doc = newDocument();
    Element root = doc.createElement("testsuite");
    root.setAttribute("name", suite);
    root.setAttribute("tests", Integer.toString(outcomes.outcomes().size()));
    root.setAttribute("failures", Long.toString(outcomes.count(Verdict.FAILED)));
    root.setAttribute("errors", "0");
    root.setAttribute("skipped", Long.toString(outcomes.count(Verdict.SKIPPED)
        + outcomes.count(Verdict.KNOWN_FAILURE)));
    root.setAttribute("time", "0");
    root.setAttribute("timestamp",
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""));
    doc.appendChild(root);
    for (Outcome o : outcomes.outcomes()) {
      Element testcase = doc.createElement("testcase");
      testcase.setAttribute("classname", CLASS_NAME);
      testcase.setAttribute("name", o.name());
      testcase.setAttribute("time", "0");
      if (o.verdict() != Verdict.PASSED) {
        // a known failure is a skipped case of its own type, as pytest writes an xfail
        Element verdict = doc.createElement(o.verdict() == Verdict.FAILED ? "failure" : "skipped");
        String message = o.verdict() == Verdict.FAILED
            ? "expected " + o.expected() + "; " + o.detail()
            : o.verdict() == Verdict.KNOWN_FAILURE ? o.reason() + "; measured " + o.measured()
            : o.reason();
        verdict.setAttribute("message", message);
        if (o.verdict() == Verdict.FAILED) {
          verdict.setAttribute("type", "ExpectationFailed");
          verdict.setTextContent(message);
        } else if (o.verdict() == Verdict.KNOWN_FAILURE) {
          verdict.setAttribute("type", "KnownFailure");
        }
        testcase.appendChild(verdict);
      }
      Element out = doc.createElement("system-out");
      out.setTextContent("expected: " + o.expected() + "\n" + o.detail() + "\n");
      testcase.appendChild(out);
      root.appendChild(testcase);
    }
    AtomicFiles.write(file, writer -> {
      try {
        Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.INDENT, "yes");
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.transform(new DOMSource(doc), new StreamResult(writer));
      } catch (TransformerException e) {
        throw new IOException("could not write " + file + ": " + e.getMessage(), e);
      }
    });
  }

  private static Document newDocument() {
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("this JVM has no XML document builder", e);
    }
  }
}
