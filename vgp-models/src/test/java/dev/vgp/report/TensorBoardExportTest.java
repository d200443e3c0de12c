package dev.vgp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.results.ResultsDirectory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBoardExportTest {

  @TempDir Path tmp;

  @Test
  void writesOneEventsFileWithEveryScalarInValidTfRecordFraming() throws Exception {
    Path dir = StudyFixture.write(tmp.resolve("vgg08"), StudyFixture.run("vgg08"), 3);
    ResultsDirectory results = new ResultsDirectory(dir);
    Path events = TensorBoardExport.write(results);
    assertEquals(dir.resolve("tensorboard"), events.getParent());
    assertTrue(events.getFileName().toString().startsWith("events.out.tfevents."));

    List<String> payloads = records(Files.readAllBytes(events));
    // A file_version event, then 6 epoch scalars x 3 epochs and 3 statistics x 9 layers x 3.
    assertEquals(1 + 6 * 3 + 3 * 9 * 3, payloads.size());
    String all = String.join("\n", payloads);
    for (String tag : List.of("loss/train", "loss/validation", "accuracy/train",
        "accuracy/validation", "learning_rate", "images_per_sec",
        "gradient/last_batch_mean_abs/00_input_conv_conv_0",
        "gradient/last_batch_l2/08_weight_logit_linear_layer")) {
      assertTrue(all.contains(tag), "no " + tag);
    }

    // Exporting again replaces the events file rather than adding a duplicate next to it.
    TensorBoardExport.write(results);
    try (var files = Files.list(events.getParent())) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void nothingRecordedIsAClearError() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TensorBoardExport.write(new ResultsDirectory(tmp)));
    assertTrue(e.getMessage().contains("summary.csv"), e.getMessage());
  }

  /**
   * TFRecord framing: little-endian uint64 length, masked CRC-32C of the length, the data, masked
   * CRC-32C of the data. Returns each record's data as ISO-8859-1 text (tags are ASCII in it).
   */
  private static List<String> records(byte[] file) {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    List<String> records = new ArrayList<>();
    while (in.hasRemaining()) {
      byte[] header = new byte[8];
      in.get(header);
      assertEquals(maskedCrc(header), in.getInt(), "length CRC of record " + records.size());
      long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
      byte[] data = new byte[Math.toIntExact(length)];
      in.get(data);
      assertEquals(maskedCrc(data), in.getInt(), "data CRC of record " + records.size());
      records.add(new String(data, StandardCharsets.ISO_8859_1));
    }
    return records;
  }

  private static int maskedCrc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + 0xa282ead8;
  }
}
