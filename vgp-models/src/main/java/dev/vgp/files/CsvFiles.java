package dev.vgp.files;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV as vgp writes and reads it: commons-csv's default dialect, a header row, {@code \n} line
 * ends, and files replaced atomically.
 */
public final class CsvFiles {

  /** Reads the first row as the header; records are then addressable by column name. */
  public static final CSVFormat WITH_HEADER =
      CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

  /** Prints a file's rows after its header. */
  @FunctionalInterface
  public interface Rows {
    void print(CSVPrinter printer) throws IOException;
  }

  private CsvFiles() {}

  /** Writes {@code header} and the rows to {@code file} atomically. */
  public static void write(Path file, String[] header, Rows rows) {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(header).setRecordSeparator('\n')
        .get();
    AtomicFiles.write(file, out -> {
      try (CSVPrinter printer = new CSVPrinter(out, format)) {
        rows.print(printer);
      }
    });
  }
}
