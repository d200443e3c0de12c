package dev.vgp.maven;

import dev.vgp.data.DataFetcher;
import dev.vgp.data.Datasets;
import dev.vgp.data.FetchListener;
import dev.vgp.data.PreparedData;
import dev.vgp.plan.ExperimentPlan;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Downloads the dataset (or takes a local archive or directory), verifies its checksum and
 * extracts it into the cache. Fetching data that is already verified touches no network, so the
 * goal is cheap to keep in every build; an interrupted download resumes. When the POM declares
 * experiments, they are checked against the data fetched (a batch larger than the training images
 * fails here, in seconds, rather than at {@code vgp:train} or in a cluster job).
 */
@Mojo(name = "fetch-data", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true,
    configurator = CheckedConfigurator.HINT)
public class FetchDataMojo extends AbstractDataMojo {

  @Override
  protected void run() {
    // the declarations are checked before the download, whose size a mistake would waste
    ExperimentPlan plan = declaresExperiments() ? plan() : null;
    PreparedData prepared =
        new DataFetcher().fetch(fetchRequest(), FetchListener.of(getLog()::info));
    getLog().info(prepared.kind().id() + " (" + prepared.checksum() + ") is ready in "
        + prepared.directory());
    if (plan != null) {
      int images = Datasets.trainImages(prepared);
      plan.requireFits(images);
      getLog().info("The " + plan.experiments().size() + " experiments planned fit its "
          + images + " training images");
    }
  }
}
