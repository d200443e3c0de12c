package dev.vgp.data;

/**
 * Data could not be fetched, verified or read. The message says what went wrong and what to
 * change (a URL, a checksum, a file to delete), so callers show it to the user as it is.
 */
public class DataException extends RuntimeException {

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
