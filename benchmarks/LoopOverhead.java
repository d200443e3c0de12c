import dev.vgp.data.Dataset;
import dev.vgp.data.ImageSet;
import dev.vgp.results.ResultsDirectory;
import dev.vgp.spec.ModelSpec;
import dev.vgp.spec.Normalization;
import dev.vgp.spec.TrainingConfig;
import dev.vgp.train.Trainer;
import dev.vgp.train.TrainingListener;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Random;

/**
 * What the training loop costs over the bare training step: trains VGG08 on synthetic CIFAR-100
 * images with the reference configuration (augmented) and prints the trainer's own account of
 * each run, the share of the training time spent inside the step ({@code session.run}) against
 * the loop around it (batches from the prefetch thread, shuffling and augmentation, the gradient
 * statistics, progress). Both sides are timed in the same steps, so the machine's drift, tens of
 * percent from one minute to the next on a shared VM, cancels out; comparing with a separate
 * StepBenchmark run could not resolve 1%.
 *
 * <p>Usage, after {@code mvn install} (benchmarks/compare.py writes the classpath file):
 * {@code java -cp vgp-models/target/classes:$(cat vgp-models/target/benchmark.classpath)
 * benchmarks/LoopOverhead.java [rounds] [images]} (defaults 3 and 10,000: 2 epochs of 100 steps
 * of batch 100 per round).
 */
public class LoopOverhead {

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    TrainingConfig config = TrainingConfig.reference().with("epochs", 2).with("batchSize", 100)
        .with("evalLimit", 100);
    Dataset data = syntheticCifar100(images);
    System.out.printf(Locale.ROOT, "VGG08, %d training images, batch 100, 2 epochs, %d rounds%n",
        images, rounds);
    for (int round = 1; round <= rounds; round++) {
      int current = round;
      new Trainer(ModelSpec.vgg08(), config, data,
          new ResultsDirectory(Files.createTempDirectory("vgp-loop-overhead")),
          new TrainingListener() {
            @Override
            public void info(String message) {
              if (message.startsWith("the training step took")) {
                System.out.println("round " + current + ": " + message);
              }
            }
          }).run();
    }
    System.exit(0);
  }

  /** Random 32x32x3 images in 100 classes. */
  private static Dataset syntheticCifar100(int images) {
    Random random = new Random(0);
    ImageSet train = random(random, images);
    ImageSet validation = random(random, 100);
    ImageSet test = random(random, 100);
    Normalization normalization = Normalization.cifar();
    return new Dataset() {
      public String name() { return "synthetic"; }
      public int numClasses() { return 100; }
      public ImageSet train() { return train; }
      public ImageSet validation() { return validation; }
      public ImageSet test() { return test; }
      public Normalization normalization() { return normalization; }
      public String checksum() { return "none"; }
    };
  }

  private static ImageSet random(Random random, int count) {
    byte[] pixels = new byte[count * 32 * 32 * 3];
    random.nextBytes(pixels);
    return new ImageSet(pixels, random.ints(count, 0, 100).toArray(), 32, 32, 3);
  }
}
