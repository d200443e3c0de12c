package dev.vgp.results;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, in which TensorFlow and TensorBoard write and read event files: per record a
 * little-endian uint64 length, the masked CRC-32C of those 8 bytes, the data, and the masked
 * CRC-32C of the data.
 */
final class TfRecords {

  private static final int HEADER = 8 + 4;
  private static final int FOOTER = 4;

  private TfRecords() {}

  static byte[] frame(byte[] data) {
    ByteBuffer out = ByteBuffer.allocate(HEADER + data.length + FOOTER)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(data.length);
    out.putInt(maskedCrc32c(out.array(), 0, 8));
    out.put(data);
    out.putInt(maskedCrc32c(data, 0, data.length));
    return out.array();
  }

  /**
   * The records of a file's bytes, up to the first that is cut short or fails its checksum: a
   * process killed while it appended leaves a torn last record, which TensorBoard waits on.
   */
  static List<byte[]> read(byte[] file) {
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> records = new ArrayList<>();
    while (in.remaining() >= HEADER) {
      int start = in.position();
      long length = in.getLong();
      if (in.getInt() != maskedCrc32c(file, start, 8) || length < 0
          || length > in.remaining() - FOOTER) {
        break;
      }
      byte[] data = new byte[(int) length];
      in.get(data);
      if (in.getInt() != maskedCrc32c(data, 0, data.length)) break;
      records.add(data);
    }
    return records;
  }

  /** TensorFlow's mask, so that a CRC of data that holds CRCs is not a CRC of its own. */
  static int maskedCrc32c(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + 0xa282ead8;
  }
}
