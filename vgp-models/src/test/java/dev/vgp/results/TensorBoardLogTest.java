package dev.vgp.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.HistogramProto;
import org.tensorflow.proto.Summary;

class TensorBoardLogTest {

  @TempDir Path tmp;

  @Test
  void readsTheFramingOfTensorFlowsOwnSummaryWriter() throws Exception {
    // TensorFlow's writer checks nothing of ours: that our reader accepts its CRCs proves the
    // masked CRC-32C both sides share, and so the files we write
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      SummaryWriter writer = tf.summary.summaryWriter();
      session.runner().addTarget(tf.summary.createSummaryFileWriter(writer,
          tf.constant(tmp.toString()), tf.constant(10), tf.constant(Integer.MAX_VALUE),
          tf.constant(".tf"))).run().close();
      for (long step = 0; step < 3; step++) {
        session.runner().addTarget(tf.summary.writeScalarSummary(writer, tf.constant(step),
            tf.constant("loss/train"), tf.constant(0.5 * step))).run().close();
      }
      session.runner().addTarget(tf.summary.closeSummaryWriter(writer)).run().close();
    }
    Path file;
    try (Stream<Path> files = Files.list(tmp)) {
      file = files.findFirst().orElseThrow();
    }
    List<byte[]> records = TfRecords.read(Files.readAllBytes(file));
    assertEquals(4, records.size(), "the file version and three scalars");
    assertEquals("brain.Event:2", Event.parseFrom(records.get(0)).getFileVersion());
    Event last = Event.parseFrom(records.get(3));
    assertEquals(2, last.getStep());
    assertEquals("loss/train", last.getSummary().getValue(0).getTag());
  }

  @Test
  void aResumedRunGoesOnFromItsCheckpointWithoutARepeatedStepOrTheTornRecord()
      throws Exception {
    ResultsDirectory results = new ResultsDirectory(tmp);
    TensorBoardLog killed = TensorBoardLog.continueAt(results, 0);
    for (int epoch = 0; epoch < 3; epoch++) killed.append(epoch(epoch), flow(epoch), List.of());
    // killed while appending epoch 3, after epoch 2's event but before its checkpoint
    byte[] torn = TfRecords.frame(event(3).toByteArray());
    Files.write(killed.file(), Arrays.copyOf(torn, torn.length / 2), StandardOpenOption.APPEND);

    TensorBoardLog resumed = TensorBoardLog.continueAt(results, 2);
    assertEquals(List.of(0L, 1L), steps(results));
    resumed.append(epoch(2), flow(2), List.of());
    resumed.append(epoch(3), flow(3), List.of());
    assertEquals(List.of(0L, 1L, 2L, 3L), steps(results));
    try (Stream<Path> files = Files.list(tmp.resolve(TensorBoardLog.DIRECTORY))) {
      assertEquals(List.of(resumed.file()), files.toList(), "the killed run's file is gone");
    }
    assertEquals(resumed.file(), TensorBoardLog.newestFile(results).orElseThrow());
  }

  @Test
  void anEpochHoldsItsScalarsTheFirstToLastRatioAndTheHistograms() {
    ResultsDirectory results = new ResultsDirectory(tmp);
    GradientHistogram histogram = GradientHistogram.of(1, "conv_1",
        new float[] {-2, -1, 0, 1, 4}).orElseThrow();
    TensorBoardLog.continueAt(results, 0).append(epoch(0), flow(0), List.of(histogram));

    List<Event> events = TensorBoardLog.read(results);
    assertEquals("brain.Event:2", events.get(0).getFileVersion());
    Map<String, Summary.Value> values = events.get(1).getSummary().getValueList().stream()
        .collect(Collectors.toMap(Summary.Value::getTag, v -> v));
    assertEquals(0.25f, values.get("learning_rate").getSimpleValue());
    assertEquals(0.5f, values.get("accuracy/validation").getSimpleValue());
    assertEquals(1e-3f, values.get("gradient/last_batch_mean_abs/00_conv_0").getSimpleValue());
    assertEquals(1e-3f / 2e-2f, values.get("gradient/first_last_ratio").getSimpleValue(), 1e-6);
    HistogramProto written = values.get("gradient_histogram/01_conv_1").getHisto();
    assertEquals(-2, written.getMin());
    assertEquals(4, written.getMax());
    assertEquals(5, written.getNum());
    assertEquals(GradientHistogram.BUCKETS, written.getBucketCount());
    assertEquals(5, written.getBucketList().stream().mapToDouble(Double::doubleValue).sum());
    assertEquals(4, written.getBucketLimit(GradientHistogram.BUCKETS - 1));
  }

  @Test
  void histogramsCutTheRangeInEqualBucketsAndSkipANonFiniteGradient() {
    GradientHistogram h = GradientHistogram.of(0, "conv_0", new float[] {0, 3, 3, 2.9f, 0.05f})
        .orElseThrow();
    assertEquals(0.1, h.bucketLimits()[0], 1e-12);
    assertEquals(2, h.bucketCounts()[0], "0 and 0.05");
    assertEquals(3, h.bucketCounts()[GradientHistogram.BUCKETS - 1], "2.9 and both 3s");
    assertEquals(3 * 3 + 3 * 3 + 2.9 * 2.9 + 0.05 * 0.05, h.sumOfSquares(), 1e-5);
    GradientHistogram zero = GradientHistogram.of(0, "conv_0", new float[4]).orElseThrow();
    assertArrayEquals(new double[] {4}, zero.bucketCounts());
    assertEquals(Optional.empty(), GradientHistogram.of(0, "conv_0", new float[] {1, Float.NaN}));
  }

  @Test
  void resultsRecordedWithoutALogGetOneFromTheirCsvFilesAndALogIsNeverReplaced() {
    ResultsDirectory results = new ResultsDirectory(tmp);
    assertEquals(Optional.empty(), TensorBoardLog.writeFromRecords(results), "no epochs yet");
    results.writeSummary(List.of(epoch(0), epoch(1)));
    results.writeGradientFlow(Stream.of(-1, 0, 1).flatMap(e -> flow(e).stream()).toList());

    Path written = TensorBoardLog.writeFromRecords(results).orElseThrow();
    assertEquals(List.of(-1L, 0L, 1L), steps(results));
    assertEquals(written, TensorBoardLog.newestFile(results).orElseThrow());
    assertEquals(Optional.empty(), TensorBoardLog.writeFromRecords(results));
  }

  private static List<Long> steps(ResultsDirectory results) {
    return TensorBoardLog.read(results).stream().filter(Event::hasSummary).map(Event::getStep)
        .toList();
  }

  private static EpochMetrics epoch(int epoch) {
    return new EpochMetrics(epoch, 0.25, 2.0, 0.4, 2.1, 0.5, 10, 100, ResourceUse.UNMEASURED);
  }

  private static List<GradientFlowRecord> flow(int epoch) {
    return List.of(
        new GradientFlowRecord(epoch, 0, "conv_0", GradientStatistic.LAST_BATCH_MEAN_ABS, 1e-3),
        new GradientFlowRecord(epoch, 1, "conv_1", GradientStatistic.LAST_BATCH_MEAN_ABS, 2e-2),
        new GradientFlowRecord(epoch, 0, "conv_0", GradientStatistic.LAST_BATCH_L2, 0.1));
  }

  private static Event event(long step) {
    return Event.newBuilder().setStep(step).setSummary(Summary.newBuilder()
        .addValue(Summary.Value.newBuilder().setTag("loss/train").setSimpleValue(1))).build();
  }
}
