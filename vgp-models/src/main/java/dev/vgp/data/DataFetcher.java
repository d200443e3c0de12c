package dev.vgp.data;

import dev.vgp.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Gets a dataset onto disk, verified, and says where it is. The cache directory holds, per
 * dataset ({@code <cacheDir>/<id>/}):
 *
 * <ul>
 *   <li>{@code download/}: the archive (or Fashion-MNIST's four files) and, while downloading,
 *       its {@code .part} file, which a later fetch resumes
 *   <li>{@code data/}: the extracted record files, swapped in by a rename once complete
 *   <li>{@code verified}: the checksum {@code data/} was made from, written last; without it
 *       {@code data/} is not trusted
 * </ul>
 *
 * <p>A fetch whose data is already verified touches no network. A download that fails its checksum
 * is deleted, and earlier verified data stays as it was.
 */
public final class DataFetcher {

  private static final String MARKER = "verified";

  private final Download download;

  public DataFetcher() {
    this(Duration.ofSeconds(2));
  }

  /** With a chosen pause before retrying a broken download (tests use a short one). */
  DataFetcher(Duration retryDelay) {
    this.download = new Download(retryDelay);
  }

  public PreparedData fetch(FetchRequest request, FetchListener listener) {
    DatasetKind kind = request.kind();
    DataSource source = kind.source();
    if (request.localDirectory() != null) return readInPlace(request, listener);
    if (request.localArchive() != null && !source.isArchive()) {
      throw new DataException(kind.id() + " comes as " + source.files().size() + " files, not "
          + "an archive: point -Dvgp.dataDirectory at the directory holding them instead of "
          + "-Dvgp.dataArchive");
    }
    Path home = request.cacheDir().resolve(kind.id());
    Checksum expected = Checksum.parse(
        request.hasOwnChecksum() ? request.checksum() : source.officialChecksum());
    Path data = home.resolve("data");
    if (isVerified(home, source, expected)) {
      listener.info(kind.id() + " already verified (" + expected + ") in " + data);
      return new PreparedData(kind, data.resolve(source.root()), expected.toString());
    }
    try {
      Files.createDirectories(home.resolve("download"));
      deleteLeftoverFolders(home);
      Path extracted = source.isArchive()
          ? extract(archive(request, home, expected, listener), home, kind, listener)
          : downloadLooseFiles(request, home, expected, listener);
      install(extracted, home, expected);
    } catch (IOException e) {
      throw new DataException("could not prepare " + kind.id() + " in " + home + ": " + e, e);
    }
    listener.info(kind.id() + " ready in " + data);
    return new PreparedData(kind, data.resolve(source.root()), expected.toString());
  }

  /** A verified archive: the local one, the one downloaded earlier, or a fresh download. */
  private Path archive(FetchRequest request, Path home, Checksum expected, FetchListener listener)
      throws IOException {
    if (request.localArchive() != null) {
      Path local = request.localArchive();
      if (!Files.isRegularFile(local)) {
        throw new DataException("-Dvgp.dataArchive points at " + local + ", which is not a file");
      }
      Checksum actual = expected.of(local);
      if (!actual.equals(expected)) {
        throw new DataException("archive " + local + " has checksum " + actual + ", expected "
            + expected + ". Use the official " + request.kind().source().archiveName()
            + ", or give this archive's checksum with -Dvgp.dataChecksum");
      }
      listener.info("verified " + local + " (" + expected + ")");
      return local;
    }
    Path archive = home.resolve("download").resolve(request.kind().source().archiveName());
    if (Files.exists(archive)) {
      if (expected.of(archive).equals(expected)) {
        listener.info("reusing " + archive + ", verified (" + expected + ")");
        return archive;
      }
      // Kept until a verified download replaces it: it may be the good data of another checksum.
      listener.info(archive + " does not match " + expected + "; downloading again");
    }
    Path part = downloadVerified(request, request.effectiveUrl(), archive, expected, listener);
    AtomicFiles.moveIntoPlace(part, archive);
    return archive;
  }

  /** Downloads into {@code target}.part and checks it; a mismatching file is deleted. */
  private Path downloadVerified(FetchRequest request, URI url, Path target, Checksum expected,
      FetchListener listener) {
    Path part = downloadPart(request, url, target, listener);
    Checksum actual = expected.of(part);
    if (!actual.equals(expected)) {
      deleteQuietly(part);
      throw new DataException("download from " + url + " has checksum " + actual
          + ", expected " + expected + "; the file was deleted and earlier data left as it was. "
          + "If " + url + " is a mirror serving other content, give its checksum with "
          + "-Dvgp.dataChecksum");
    }
    listener.info("verified " + url + " (" + expected + ")");
    return part;
  }

  private Path downloadPart(FetchRequest request, URI url, Path target, FetchListener listener) {
    if (request.offline()) {
      String cause = request.url() == null ? otherSources(request) : "The mirror " + url
          + " given with -Dvgp.dataUrl is not tried because Maven runs offline (-o, or"
          + " -Dvgp.offline=true): drop -o to download from it.";
      throw new DataException("offline, and " + request.cacheDir().resolve(request.kind().id())
          + " holds no verified copy of " + request.kind().id() + ". " + cause);
    }
    Path part = target.resolveSibling(target.getFileName() + ".part");
    listener.info("downloading " + url + " to " + part + ", "
        + Download.describeRoute(url, request.proxies()));
    try {
      download.into(url, request.proxies(), part, listener);
    } catch (IOException e) {
      String kept = Files.exists(part) ? " The partial file " + part + " is kept; the next "
          + "fetch resumes it." : "";
      throw new DataException("could not download " + url + ": " + e.getMessage() + "." + kept
          + " " + otherSources(request), e);
    }
    return part;
  }

  /** Loose files (Fashion-MNIST's four), downloaded one by one and then verified together. */
  private Path downloadLooseFiles(FetchRequest request, Path home, Checksum expected,
      FetchListener listener) throws IOException {
    URI base = asDirectory(request.effectiveUrl());
    List<Path> files = new ArrayList<>();
    for (String name : request.kind().source().files()) {
      Path file = home.resolve("download").resolve(name);
      if (!Files.exists(file)) {
        AtomicFiles.moveIntoPlace(downloadPart(request, base.resolve(name), file, listener), file);
      }
      files.add(file);
    }
    try {
      Checksum actual = expected.overContent(files);
      if (!actual.equals(expected)) {
        throw new DataException("files from " + base + " have checksum " + actual + " over "
            + "their decompressed content, expected " + expected + " (per file: "
            + perFileDigests(files) + "; docs/data.md lists the official ones); they were "
            + "deleted and earlier data left as it was. If " + base + " is a mirror serving "
            + "other content, give its checksum with -Dvgp.dataChecksum");
      }
    } catch (DataException e) {
      // Files that do not verify (or do not even decompress) are never reused.
      files.forEach(DataFetcher::deleteQuietly);
      throw e;
    }
    Path staging = Files.createTempDirectory(home, "data-");
    for (Path file : files) AtomicFiles.moveIntoPlace(file, staging.resolve(file.getFileName()));
    return staging;
  }

  private static String perFileDigests(List<Path> files) {
    return files.stream()
        .map(file -> file.getFileName() + " " + Checksum.sha256OfContent(List.of(file)))
        .collect(Collectors.joining(", "));
  }

  /** Unpacks {@code archive} into a fresh temporary folder next to {@code data/}. */
  private static Path extract(Path archive, Path home, DatasetKind kind, FetchListener listener)
      throws IOException {
    Path staging = Files.createTempDirectory(home, "data-");
    try {
      listener.info("extracting " + archive);
      TarArchive.extract(archive, staging, listener);
      DataSource source = kind.source();
      List<String> missing = missingFiles(staging.resolve(source.root()), source);
      if (!missing.isEmpty()) {
        throw new DataException("archive " + archive + " lacks " + missing + " under '"
            + source.root() + "/': is it the official " + source.archiveName() + "?");
      }
      return staging;
    } catch (RuntimeException e) {
      deleteRecursively(staging);
      throw e;
    }
  }

  /**
   * Swaps {@code staging} in as {@code data/}. The marker goes first and comes back last, so an
   * interruption anywhere leaves data that the next fetch does not trust and prepares again.
   */
  private static void install(Path staging, Path home, Checksum checksum) throws IOException {
    Path data = home.resolve("data");
    Files.deleteIfExists(home.resolve(MARKER));
    if (Files.exists(data)) {
      Path old = Files.createTempDirectory(home, "old-");
      AtomicFiles.moveIntoPlace(data, old.resolve("data"));
      deleteRecursively(old);
    }
    AtomicFiles.moveIntoPlace(staging, data);
    AtomicFiles.writeString(home.resolve(MARKER), checksum + "\n");
  }

  /** Temporary folders an interrupted fetch left behind; nothing reads them. */
  private static void deleteLeftoverFolders(Path home) throws IOException {
    try (Stream<Path> entries = Files.list(home)) {
      entries.filter(path -> path.getFileName().toString().matches("(data|old)-\\d+"))
          .forEach(DataFetcher::deleteRecursively);
    }
  }

  private static boolean isVerified(Path home, DataSource source, Checksum expected) {
    Path marker = home.resolve(MARKER);
    try {
      return Files.isRegularFile(marker)
          && Files.readString(marker).trim().equals(expected.toString())
          && missingFiles(home.resolve("data").resolve(source.root()), source).isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + marker, e);
    }
  }

  /**
   * Data already extracted elsewhere (e.g. /usr/share/datasets/fashion-mnist) is read where it
   * is, verified over the record files' content. No official digest of CIFAR's extracted files
   * is published, so without a given checksum the computed one is reported to pin later.
   */
  private static PreparedData readInPlace(FetchRequest request, FetchListener listener) {
    DatasetKind kind = request.kind();
    DataSource source = kind.source();
    Path given = request.localDirectory();
    Path directory = !source.root().isEmpty() && Files.isDirectory(given.resolve(source.root()))
        ? given.resolve(source.root()) : given;
    List<String> missing = missingFiles(directory, source);
    if (!missing.isEmpty()) {
      throw new DataException("-Dvgp.dataDirectory points at " + given + ", which lacks "
          + missing + " (expected the extracted " + kind.id() + " files)");
    }
    List<Path> files = source.files().stream().map(directory::resolve).toList();
    String wanted = request.hasOwnChecksum() ? request.checksum()
        : source.isArchive() ? null : source.officialChecksum();
    if (wanted == null) {
      Checksum computed = Checksum.sha256OfContent(files);
      listener.info("no official digest of extracted " + kind.id() + " files exists; their "
          + "content has " + computed + " (pin it with -Dvgp.dataChecksum=" + computed + ")");
      return new PreparedData(kind, directory, computed.toString());
    }
    Checksum expected = Checksum.parse(wanted);
    Checksum actual = expected.overContent(files);
    if (!actual.equals(expected)) {
      throw new DataException("files in " + directory + " have checksum " + actual + " over "
          + "their content " + source.files() + ", expected " + expected + ". Replace them, "
          + "or give their checksum with -Dvgp.dataChecksum");
    }
    listener.info("verified " + directory + " (" + expected + ")");
    return new PreparedData(kind, directory, expected.toString());
  }

  private static List<String> missingFiles(Path directory, DataSource source) {
    return source.files().stream()
        .filter(name -> !Files.isRegularFile(directory.resolve(name))).toList();
  }

  private static String otherSources(FetchRequest request) {
    DataSource source = request.kind().source();
    String archive = source.isArchive()
        ? " an archive you downloaded elsewhere with -Dvgp.dataArchive=<path to "
            + source.archiveName() + ">," : "";
    return "Point vgp at a mirror with -Dvgp.dataUrl=<URL> and -Dvgp.dataChecksum=<md5 or "
        + "sha256 of what it serves> (the checksum may be left out when it serves the official "
        + "files)," + archive + " or extracted files with -Dvgp.dataDirectory=<directory>; "
        + "-Dvgp.offline=true then keeps vgp off the network.";
  }

  private static URI asDirectory(URI url) {
    return url.getPath().endsWith("/") ? url : URI.create(url + "/");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Left behind: the next fetch verifies whatever it finds, so a stray file does no harm.
    }
  }

  private static void deleteRecursively(Path directory) {
    try {
      AtomicFiles.deleteTree(directory);
    } catch (IOException | UncheckedIOException e) {
      // As in deleteQuietly: a leftover temporary folder is never read.
    }
  }
}
