package dev.vgp.maven;

import dev.vgp.data.DatasetKind;
import dev.vgp.data.FetchRequest;
import java.io.File;
import java.net.URI;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The parameters that say which dataset to use and where to get it. By default the official
 * archive is downloaded once, verified against its published checksum, and cached in
 * {@code ~/.vgp/data}; a mirror, a local archive or an extracted directory can stand in for it.
 */
public abstract class AbstractDataMojo extends AbstractVgpMojo {

  /** The dataset: {@code cifar100}, {@code cifar10} or {@code fashion-mnist}. */
  @Parameter(property = "vgp.dataset", defaultValue = "cifar100")
  String dataset;

  /**
   * The cache of downloaded and extracted data, shared by every project on the machine. It keeps
   * one verified copy per dataset: data from a mirror with other content (a checksum of its own)
   * replaces the cached copy, so give tests a directory of their own.
   */
  @Parameter(property = "vgp.dataDir", defaultValue = "${user.home}/.vgp/data")
  File dataDir;

  /** A mirror to download from instead of the official URL (for Fashion-MNIST, a base URL). */
  @Parameter(property = "vgp.dataUrl")
  String dataUrl;

  /**
   * The expected digest of the data, {@code md5:hex} or {@code sha256:hex} (bare hex works too).
   * Defaults to the official one; a mirror or archive with other content must give its own.
   */
  @Parameter(property = "vgp.dataChecksum")
  String dataChecksum;

  /** An archive already on disk (CIFAR's .tar.gz), used instead of downloading. */
  @Parameter(property = "vgp.dataArchive")
  File dataArchive;

  /**
   * A directory of extracted record files read in place, e.g. {@code
   * /usr/share/datasets/fashion-mnist} from Debian's dataset-fashion-mnist package.
   */
  @Parameter(property = "vgp.dataDirectory")
  File dataDirectory;

  /** Never touch the network: use only the cache or local files. Follows Maven's {@code -o}. */
  @Parameter(property = "vgp.offline", defaultValue = "${settings.offline}")
  boolean offline;

  protected DatasetKind datasetKind() {
    return DatasetKind.parse(dataset);
  }

  protected FetchRequest fetchRequest() {
    return new FetchRequest(datasetKind(), path(dataDir), dataUrl == null ? null : parseUrl(),
        dataChecksum, path(dataArchive), path(dataDirectory), offline);
  }

  private URI parseUrl() {
    try {
      return URI.create(dataUrl.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("vgp.dataUrl '" + dataUrl + "' is not a URL: "
          + e.getMessage(), e);
    }
  }
}
