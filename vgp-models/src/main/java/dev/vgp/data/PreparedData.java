package dev.vgp.data;

import java.nio.file.Path;

/**
 * Data on disk, verified and ready to read: {@code directory} holds the kind's
 * {@link DataSource#files() files}; {@code checksum} ("md5:..." or "sha256:...") is
 * the digest that was verified, and identifies the data in experiment fingerprints.
 */
public record PreparedData(DatasetKind kind, Path directory, String checksum) {}
