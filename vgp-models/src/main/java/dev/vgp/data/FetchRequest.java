package dev.vgp.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where to get a dataset and where to keep it. At most one source is used, in this order:
 * {@code localDirectory} (files already extracted, read in place), {@code localArchive} (an archive
 * already downloaded), then {@code url} (null means the official one).
 *
 * @param kind the dataset
 * @param cacheDir where downloads and extracted files live; null means {@link #defaultCacheDir()}
 * @param url a mirror; null means {@link DataSource#officialUrl()}. For Fashion-MNIST the base URL
 *     the four .gz files live under
 * @param checksum the expected digest, "md5:hex", "sha256:hex", or bare hex (32 digits MD5, 64
 *     SHA-256); null means the official one. A mirror with other content must give its own
 * @param localArchive a .tar.gz already on disk (CIFAR only), or null
 * @param localDirectory a directory holding the record files, e.g.
 *     /usr/share/datasets/fashion-mnist, or null
 * @param offline never touch the network: use only the cache or the local sources
 * @param proxies the proxies of Maven's settings, in their order; {@link HttpProxy#forUrl} picks
 *     the one for each URL, redirects included. Empty (or null) leaves the choice to the JVM's
 *     own proxy settings ({@code -Dhttps.proxyHost}), which by default go direct
 */
public record FetchRequest(DatasetKind kind, Path cacheDir, URI url, String checksum,
    Path localArchive, Path localDirectory, boolean offline, List<HttpProxy> proxies) {

  public FetchRequest {
    Objects.requireNonNull(kind, "kind");
    if (cacheDir == null) cacheDir = defaultCacheDir();
    proxies = proxies == null ? List.of() : List.copyOf(proxies);
  }

  /** A request that declares no proxies. */
  public FetchRequest(DatasetKind kind, Path cacheDir, URI url, String checksum,
      Path localArchive, Path localDirectory, boolean offline) {
    this(kind, cacheDir, url, checksum, localArchive, localDirectory, offline, List.of());
  }

  /** The official source, cached in {@code cacheDir} (null for the default). */
  public static FetchRequest official(DatasetKind kind, Path cacheDir) {
    return new FetchRequest(kind, cacheDir, null, null, null, null, false, List.of());
  }

  /** ~/.vgp/data */
  public static Path defaultCacheDir() {
    return Path.of(System.getProperty("user.home"), ".vgp", "data");
  }

  /** The URL to download from: the mirror when given, else the official one. */
  public URI effectiveUrl() {
    return url != null ? url : kind.source().officialUrl();
  }

  /** True when the caller named the expected digest rather than relying on the official one. */
  boolean hasOwnChecksum() {
    return checksum != null && !checksum.isBlank();
  }
}
