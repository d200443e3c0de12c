package dev.vgp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.data.DataSource;
import dev.vgp.data.Dataset;
import dev.vgp.data.DatasetKind;
import dev.vgp.data.Datasets;
import dev.vgp.data.FetchListener;
import dev.vgp.data.ImageSet;
import dev.vgp.data.PreparedData;
import dev.vgp.model.ModelGraph;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.spec.Layer;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Normalization;
import dev.vgp.spec.Settings;
import dev.vgp.spec.TrainingConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/**
 * A model and a dataset the code has never seen, each written in one place and nowhere else: a
 * 4-stage VGG is a value of {@link ModelSpec}, a dataset held in an array is one implementation of
 * {@link DatasetKind}. Both build, count and train a step through the path real ones take.
 */
class OneRoomToysTest {

  private static final TrainingConfig ONE_STEP = Settings.with(TrainingConfig.reference(),
      Map.of("epochs", 1, "batchSize", 20, "trainLimit", 20, "augment", false));

  @TempDir Path dir;

  @Test
  void aFourStageModelIsBuiltCountedAndTrained() {
    ModelSpec fourStages = ModelSpec.vgg08().with("stages", 4).with("width", 8).withDepthName()
        .forData(3, 16, 10);
    assertEquals("VGG10", fourStages.name());
    // entry 216 + 16, four reductions of 2 * (576 + 8), dense 80 + 10
    assertEquals(216 + 16 + 4 * 2 * (576 + 8) + 90, fourStages.parameterCount());
    try (Graph graph = new Graph()) {
      ModelGraph model = ModelGraph.build(Ops.create(graph), fourStages,
          Normalization.cifar(), TrainingConfig.reference());
      assertEquals(fourStages.parameterCount(), model.trainableVariables().stream()
          .mapToLong(v -> v.shape().size()).sum());
      assertEquals(fourStages.gradientLayerLabels(),
          model.gradientLayers().stream().map(ModelGraph.GradientLayer::label).toList());
    }
    assertTrue(fourStages.layout().layers().stream().anyMatch(
        layer -> layer instanceof Layer.Conv conv && conv.label().equals("reduction_block_3_conv_1")
            && conv.size() == 1));

    ResultsDirectory results = new ResultsDirectory(dir.resolve("vgg10"));
    TrainingOutcome outcome = new Trainer(fourStages, ONE_STEP,
        SyntheticDataset.create(10, 16, 4, 2, 1), results, TrainingListener.NONE).run();

    assertEquals(1, outcome.epochs().size());
    assertEquals(11 * 4, results.readGradientFlow().size(),
        "11 layers, 3 gradient statistics and the update ratio");
  }

  @Test
  void aDatasetFromAnArrayIsSplitNormalisedAndTrainedOn() {
    PreparedData prepared = new PreparedData(InMemory.TWO_BARS, dir, "in-memory:two-bars");

    Dataset dataset = Datasets.load(prepared, FetchListener.SILENT);

    assertEquals(38, dataset.train().count(), "40 less the reference's 5% for validation");
    assertEquals(2, dataset.validation().count());
    assertEquals(0.5f, dataset.normalization().mean()[0]);
    ModelSpec model = ModelSpec.vgg08().with("width", 4)
        .forData(InMemory.TWO_BARS.channels(), InMemory.TWO_BARS.imageSize(),
            InMemory.TWO_BARS.numClasses());
    TrainingOutcome outcome = new Trainer(model, ONE_STEP, dataset,
        new ResultsDirectory(dir.resolve("two-bars")), TrainingListener.NONE).run();
    assertEquals(1, outcome.epochs().size());
    assertTrue(Double.isFinite(outcome.epochs().get(0).trainLoss()), outcome.toString());
    assertTrue(Double.isFinite(outcome.test().testLoss()), "the test array, evaluated");
  }

  /** 8x8 grey images of a bar, across (class 0) or down (class 1), generated into arrays. */
  private enum InMemory implements DatasetKind {
    TWO_BARS;

    private static final int SIZE = 8;

    @Override
    public String id() {
      return "two-bars";
    }

    @Override
    public int numClasses() {
      return 2;
    }

    @Override
    public int channels() {
      return 1;
    }

    @Override
    public int imageSize() {
      return SIZE;
    }

    @Override
    public Normalization normalization() {
      return new Normalization(new float[] {0.5f}, new float[] {0.5f});
    }

    /** Nothing to fetch: the arrays are the data. */
    @Override
    public DataSource source() {
      return new DataSource(URI.create("memory:two-bars"), "none", null, "", List.of(), 40, 10);
    }

    @Override
    public ImageSet readTrainingFiles(Path directory) {
      return bars(40, 1);
    }

    @Override
    public ImageSet readTestFiles(Path directory) {
      return bars(10, 2);
    }

    @Override
    public int countTrainingImages(Path directory) {
      return 40;
    }

    private static ImageSet bars(int count, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      byte[] pixels = new byte[count * SIZE * SIZE];
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = i % 2;
        int at = random.nextInt(SIZE);
        for (int j = 0; j < SIZE; j++) {
          int pixel = labels[i] == 0 ? at * SIZE + j : j * SIZE + at;
          pixels[i * SIZE * SIZE + pixel] = (byte) 255;
        }
      }
      return new ImageSet(pixels, labels, SIZE, SIZE, 1);
    }
  }
}
