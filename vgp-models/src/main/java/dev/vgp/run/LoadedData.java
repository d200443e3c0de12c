package dev.vgp.run;

import dev.vgp.data.Dataset;
import dev.vgp.data.Datasets;
import dev.vgp.data.FetchListener;
import dev.vgp.data.PreparedData;

/**
 * The dataset a runner read last, kept for its next experiment on the same prepared data: the
 * experiments of a build train one after another in one process, which reads the data once, as
 * it did when they trained in Maven's JVM. A {@link Dataset} is never changed by training.
 */
final class LoadedData {

  private PreparedData prepared;
  private Dataset dataset;

  synchronized Dataset load(PreparedData wanted, FetchListener listener) {
    if (!wanted.equals(prepared)) {
      // the old images can go before the new ones are read
      prepared = null;
      dataset = null;
      dataset = Datasets.load(wanted, listener);
      prepared = wanted;
    }
    return dataset;
  }
}
