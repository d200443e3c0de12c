package dev.vgp.maven;

import dev.vgp.data.FetchRequest;
import dev.vgp.data.HttpProxy;
import java.io.File;
import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Where the dataset comes from, for the goals that fetch it (fetch-data, and train, gradient-flow
 * and submit before they plan). By default the official archive is downloaded once, verified
 * against its published checksum, and cached in {@code ~/.vgp/data}; a mirror, a local archive or
 * an extracted directory can stand in for it. Downloads go through the active proxies of Maven's
 * settings.xml, as Maven's own do.
 */
public abstract class AbstractDataMojo extends AbstractVgpMojo {

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

  /** Maven's settings, for their {@code <proxies>}. */
  @Parameter(defaultValue = "${settings}", readonly = true)
  Settings settings;

  /** Decrypts proxy passwords encrypted with settings-security.xml. */
  @Component
  SettingsDecrypter settingsDecrypter;

  protected FetchRequest fetchRequest() {
    return new FetchRequest(datasetKind(), path(dataDir), dataUrl == null ? null : parseUrl(),
        dataChecksum, path(dataArchive), path(dataDirectory), offline, proxies());
  }

  /**
   * The active proxies of settings.xml, passwords decrypted, in their order: the core picks the
   * one for each URL it downloads (redirects may change the scheme or host). None offline, where
   * nothing is downloaded and a password that does not decrypt must not fail the build.
   */
  List<HttpProxy> proxies() {
    List<Proxy> active = settings == null || offline ? List.of()
        : settings.getProxies().stream().filter(Proxy::isActive).toList();
    if (active.isEmpty()) return List.of();
    SettingsDecryptionResult decrypted =
        settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest().setProxies(active));
    List<SettingsProblem> errors = decrypted.getProblems().stream()
        .filter(problem -> problem.getSeverity() != SettingsProblem.Severity.WARNING).toList();
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("could not decrypt the proxy passwords of Maven's "
          + "settings.xml: " + errors.stream().map(SettingsProblem::getMessage)
              .collect(Collectors.joining("; ")) + ". Check settings-security.xml, or give the "
          + "<password> of the <proxy> in plain text");
    }
    return decrypted.getProxies().stream().map(AbstractDataMojo::toHttpProxy).toList();
  }

  private static HttpProxy toHttpProxy(Proxy proxy) {
    try {
      return new HttpProxy(proxy.getProtocol(), proxy.getHost(), proxy.getPort(),
          proxy.getUsername(), proxy.getPassword(), proxy.getNonProxyHosts());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the <proxy> with id '" + proxy.getId() + "' in Maven's "
          + "settings.xml is unusable: " + e.getMessage(), e);
    }
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
