package dev.vgp.maven;

import dev.vgp.data.DataFetcher;
import dev.vgp.data.FetchListener;
import dev.vgp.data.PreparedData;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Downloads the dataset (or takes a local archive or directory), verifies its checksum and
 * extracts it into the cache. Fetching data that is already verified touches no network, so the
 * goal is cheap to keep in every build; an interrupted download resumes.
 */
@Mojo(name = "fetch-data", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true,
    configurator = CheckedConfigurator.HINT)
public class FetchDataMojo extends AbstractDataMojo {

  @Override
  protected void run() {
    PreparedData prepared =
        new DataFetcher().fetch(fetchRequest(), FetchListener.of(getLog()::info));
    getLog().info(prepared.kind().id() + " (" + prepared.checksum() + ") is ready in "
        + prepared.directory());
  }
}
