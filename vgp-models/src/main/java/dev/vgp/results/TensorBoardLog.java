package dev.vgp.results;

import dev.vgp.files.AtomicFiles;
import dev.vgp.files.WriterLock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.HistogramProto;
import org.tensorflow.proto.Summary;

/**
 * An experiment's TensorBoard log, {@code <results>/tensorboard/}: one events file, to which the
 * training process appends one event per epoch, so that {@code tensorboard --logdir target/vgp}
 * shows a study while it trains.
 *
 * <p>Written without TensorFlow's native library: an events file is {@link TfRecords} framing
 * around {@code Event} protocol buffers, whose generated classes ship with TensorFlow Java but need
 * only protobuf. So the report, which writes the log of results made before training wrote it,
 * never loads TensorFlow.
 *
 * <p>Tags (step = 0-based epoch, -1 for a measurement at initialisation): {@code loss/train},
 * {@code loss/validation}, {@code accuracy/train}, {@code accuracy/validation} (fractions 0-1),
 * {@code learning_rate}, {@code images_per_sec}; per layer {@code gradient/<statistic>/<index>_<layer>}
 * (the index keeps TensorBoard's alphabetical order in network order) and the histogram
 * {@code gradient_histogram/<index>_<layer>}; {@code gradient/first_last_ratio}, the first
 * layer's {@code last_batch_mean_abs} over the last layer's.
 */
public final class TensorBoardLog {

  public static final String DIRECTORY = "tensorboard";
  static final String EVENTS_PREFIX = "events.out.tfevents.";
  /** The version TensorFlow 1.x and 2.x write first; TensorBoard reads steps of later ones. */
  private static final String FILE_VERSION = "brain.Event:2";

  private final Path file;

  private TensorBoardLog(Path file) {
    this.file = file;
  }

  /**
   * Starts the log of a run that trains from epoch {@code firstEpoch} on: a new events file
   * holding the events of earlier epochs from the newest one. A killed run left events of epochs
   * it had not checkpointed, which the resumed run trains again, and perhaps a torn last record:
   * neither is copied, so the curves go on without a repeated step (TensorBoard would draw a
   * repeated step's old and new values as one zig-zag line). The new file takes its place under a
   * later name (a running TensorBoard moves on to it) before the older files are deleted.
   */
  public static TensorBoardLog continueAt(ResultsDirectory results, int firstEpoch) {
    Path directory = results.file(DIRECTORY);
    List<Path> earlier = eventFiles(directory);
    List<Event> kept = earlier.isEmpty() ? List.of() : readFile(earlier.get(earlier.size() - 1))
        .stream().filter(e -> e.hasSummary() && e.getStep() < firstEpoch).toList();
    Path file = directory.resolve(EVENTS_PREFIX + System.currentTimeMillis() / 1000 + "."
        + WriterLock.localHost() + "." + ProcessHandle.current().pid());
    writeWhole(file, kept);
    deleteAllBut(earlier, file);
    return new TensorBoardLog(file);
  }

  /**
   * The log of results recorded before the training process wrote one: the scalars of
   * {@code summary.csv} and {@code gradient_flow.csv} (no histograms: they were not recorded).
   *
   * @return the events file, or empty when the experiment has a log already or no epoch yet
   */
  public static Optional<Path> writeFromRecords(ResultsDirectory results) {
    if (newestFile(results).isPresent() || results.readSummary().isEmpty()) {
      return Optional.empty();
    }
    Map<Integer, List<Summary.Value>> byEpoch = new TreeMap<>();
    for (EpochMetrics m : results.readSummary()) {
      byEpoch.computeIfAbsent(m.epoch(), e -> new ArrayList<>()).addAll(scalars(m));
    }
    results.readGradientFlow().stream()
        .collect(Collectors.groupingBy(GradientFlowRecord::epoch, TreeMap::new,
            Collectors.toList()))
        .forEach((epoch, rows) -> byEpoch.computeIfAbsent(epoch, e -> new ArrayList<>())
            .addAll(gradientScalars(rows)));
    Path file = results.file(DIRECTORY).resolve(EVENTS_PREFIX
        + System.currentTimeMillis() / 1000 + "." + WriterLock.localHost() + ".report");
    writeWhole(file, byEpoch.entrySet().stream()
        .map(entry -> event(entry.getKey(), entry.getValue())).toList());
    return Optional.of(file);
  }

  public Path file() {
    return file;
  }

  /**
   * Appends an epoch's event and flushes it, so that TensorBoard shows the epoch now. Appended, not
   * replaced, as TensorBoard reads a growing file: a kill mid-write leaves a torn record, which
   * {@link #continueAt} drops.
   */
  public void append(EpochMetrics metrics, List<GradientFlowRecord> gradientFlow,
      List<GradientHistogram> histograms) {
    List<Summary.Value> values = new ArrayList<>(scalars(metrics));
    values.addAll(gradientScalars(gradientFlow));
    histograms.forEach(h -> values.add(histogram(h)));
    try {
      Files.write(file, TfRecords.frame(event(metrics.epoch(), values).toByteArray()),
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not append epoch " + metrics.epoch() + " to "
          + file + ": " + e.getMessage(), e);
    }
  }

  /** The events of the experiment's newest events file, up to a torn last record. */
  public static List<Event> read(ResultsDirectory results) {
    return newestFile(results).map(TensorBoardLog::readFile).orElse(List.of());
  }

  /** The events file TensorBoard reads last, and vgp goes on from; empty when none. */
  public static Optional<Path> newestFile(ResultsDirectory results) {
    List<Path> files = eventFiles(results.file(DIRECTORY));
    return files.isEmpty() ? Optional.empty() : Optional.of(files.get(files.size() - 1));
  }

  private static List<Summary.Value> scalars(EpochMetrics m) {
    return List.of(scalar("loss/train", m.trainLoss()),
        scalar("loss/validation", m.validationLoss()),
        scalar("accuracy/train", m.trainAccuracy()),
        scalar("accuracy/validation", m.validationAccuracy()),
        scalar("learning_rate", m.learningRate()),
        scalar("images_per_sec", m.imagesPerSecond()));
  }

  private static List<Summary.Value> gradientScalars(List<GradientFlowRecord> rows) {
    List<Summary.Value> values = new ArrayList<>();
    for (GradientFlowRecord g : rows) {
      values.add(scalar("gradient/" + g.statistic().csvName() + "/" + layerTag(g.layerIndex(),
          g.layer()), g.value()));
    }
    List<GradientFlowRecord> reference = rows.stream()
        .filter(g -> g.statistic() == GradientStatistic.LAST_BATCH_MEAN_ABS)
        .sorted(Comparator.comparingInt(GradientFlowRecord::layerIndex)).toList();
    if (reference.size() > 1) {
      values.add(scalar("gradient/first_last_ratio", reference.get(0).value()
          / reference.get(reference.size() - 1).value()));
    }
    return values;
  }

  private static Summary.Value histogram(GradientHistogram h) {
    HistogramProto.Builder histogram = HistogramProto.newBuilder().setMin(h.min())
        .setMax(h.max()).setNum(h.count()).setSum(h.sum()).setSumSquares(h.sumOfSquares());
    for (double limit : h.bucketLimits()) histogram.addBucketLimit(limit);
    for (double count : h.bucketCounts()) histogram.addBucket(count);
    return Summary.Value.newBuilder()
        .setTag("gradient_histogram/" + layerTag(h.layerIndex(), h.layer()))
        .setHisto(histogram).build();
  }

  private static String layerTag(int index, String layer) {
    return String.format(Locale.ROOT, "%02d_%s", index, layer);
  }

  private static Summary.Value scalar(String tag, double value) {
    return Summary.Value.newBuilder().setTag(tag).setSimpleValue((float) value).build();
  }

  private static Event event(long step, List<Summary.Value> values) {
    return Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0).setStep(step)
        .setSummary(Summary.newBuilder().addAllValue(values)).build();
  }

  /** The file version event, then {@code events}, written atomically. */
  private static void writeWhole(Path file, List<Event> events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(TfRecords.frame(Event.newBuilder()
        .setWallTime(System.currentTimeMillis() / 1000.0).setFileVersion(FILE_VERSION).build()
        .toByteArray()));
    events.forEach(e -> bytes.writeBytes(TfRecords.frame(e.toByteArray())));
    AtomicFiles.writeBytes(file, bytes.toByteArray());
  }

  private static List<Event> readFile(Path file) {
    try {
      List<Event> events = new ArrayList<>();
      for (byte[] record : TfRecords.read(Files.readAllBytes(file))) {
        events.add(Event.parseFrom(record));
      }
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the TensorBoard events file " + file + ": "
          + e.getMessage(), e);
    }
  }

  private static void deleteAllBut(List<Path> files, Path keep) {
    for (Path old : files) {
      if (old.equals(keep)) continue;
      try {
        Files.deleteIfExists(old);
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete the replaced events file " + old + ": "
            + e.getMessage(), e);
      }
    }
  }

  /** Events files in the order TensorBoard reads them: by name, which starts with the time. */
  private static List<Path> eventFiles(Path directory) {
    if (!Files.isDirectory(directory)) return List.of();
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().startsWith(EVENTS_PREFIX)).sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + directory + ": " + e.getMessage(), e);
    }
  }
}
