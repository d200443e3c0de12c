package dev.vgp.data;

import java.net.URI;
import java.util.List;

/**
 * Where a dataset's files come from officially, and what a prepared directory of it holds.
 *
 * @param officialUrl the archive's URL, or the base URL the loose files live under
 * @param officialChecksum the official content's digest: "md5:..." of an archive, or "sha256:..."
 *     of loose files' decompressed content concatenated in {@code files} order (copies differ in
 *     how they were gzipped while the decompressed bytes are the same)
 * @param archiveName the official archive's file name, e.g. "cifar-100-binary.tar.gz"; null when
 *     the files come one by one
 * @param root the folder inside the archive holding the files ("" when they sit at the top)
 * @param files the files a prepared directory must hold, training files first
 * @param trainingImages the images of the official training files, before the validation split
 * @param testImages the images of the official test files
 */
public record DataSource(URI officialUrl, String officialChecksum, String archiveName,
    String root, List<String> files, int trainingImages, int testImages) {

  public DataSource {
    files = List.copyOf(files);
  }

  /** True when the data comes as one .tar.gz archive, false for loose files. */
  public boolean isArchive() {
    return archiveName != null;
  }
}
