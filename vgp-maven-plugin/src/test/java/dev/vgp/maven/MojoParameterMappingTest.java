package dev.vgp.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vgp.cluster.Notification;
import dev.vgp.data.DataException;
import dev.vgp.data.DatasetKind;
import dev.vgp.data.FetchRequest;
import dev.vgp.data.HttpProxy;
import dev.vgp.plan.ExperimentDefinition;
import dev.vgp.plan.ExperimentPlan;
import dev.vgp.plan.InvalidExperimentsException;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.building.DefaultSettingsProblem;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.Test;

/** How the goals' parameters become the core's requests and plans. */
class MojoParameterMappingTest {

  private static TrainMojo train() {
    TrainMojo mojo = new TrainMojo();
    mojo.dataset = "cifar100";
    mojo.dataDir = new File("/cache");
    return mojo;
  }

  @Test
  void submitsCommandLineResourcesAreReadWithTheMessagesOfThePomsSettings() {
    java.util.Properties given = new java.util.Properties();
    SubmitMojo submit = new SubmitMojo() {
      @Override
      java.util.Properties givenProperties() {
        return given;
      }
    };
    submit.gpus = 1;
    submit.signalMinutes = 10;
    given.setProperty("vgp.gpu", "true");
    given.setProperty("vgp.gpus", "2");
    given.setProperty("vgp.cpusPerTask", "8");
    assertEquals(2, submit.resources().gpus());
    assertEquals(8, submit.resources().cpusPerTask());

    given.setProperty("vgp.gpus", "x");
    assertEquals("vgp.gpus 'x' is not a whole number",
        assertThrows(IllegalArgumentException.class, submit::resources).getMessage());
    given.setProperty("vgp.gpus", "0");
    assertEquals("vgp.gpus must be at least 1, was 0",
        assertThrows(IllegalArgumentException.class, submit::resources).getMessage());
    given.setProperty("vgp.gpus", "1");
    given.setProperty("vgp.gpu", "yes");
    assertEquals("vgp.gpu 'yes' must be true or false",
        assertThrows(IllegalArgumentException.class, submit::resources).getMessage());
    given.setProperty("vgp.gpu", "false");
    given.setProperty("vgp.signalMinutes", "-3");
    assertEquals("vgp.signalMinutes must be at least 1, was -3",
        assertThrows(IllegalArgumentException.class, submit::resources).getMessage());
    given.setProperty("vgp.signalMinutes", "10");

    // <notify> from the POM, each half overridable on the command line
    assertFalse(submit.resources().mail().any());
    submit.notify = new Notify();
    submit.notify.mailType = "END,FAIL";
    submit.notify.mailUser = "me@lab";
    assertEquals(Notification.of("END,FAIL", "me@lab"), submit.resources().mail());
    given.setProperty("vgp.mailType", "ALL");
    assertEquals(Notification.of("ALL", "me@lab"), submit.resources().mail());
    given.setProperty("vgp.mailType", "FINISHED");
    assertTrue(assertThrows(IllegalArgumentException.class, submit::resources).getMessage()
        .startsWith("notify mailType 'FINISHED' is not a mail type of Slurm"));
  }

  @Test
  void theReportJobGetsEveryCommandLinePropertyThatReportOrCheckReads() throws Exception {
    java.util.Properties given = new java.util.Properties();
    SubmitMojo submit = new SubmitMojo() {
      @Override
      java.util.Properties givenProperties() {
        return given;
      }
    };
    submit.plugin = CheckedConfiguratorTest.pluginDescriptor();
    // read by report or check (or both, or by the goals of experiments and data they extend)
    given.setProperty("vgp.reportDirectory", "/x/report");
    given.setProperty("vgp.templateDirectory", "/x/templates");
    given.setProperty("vgp.expectations.failBuild", "false");
    given.setProperty("vgp.experiments", "a,b");
    given.setProperty("vgp.seeds", "2");
    given.setProperty("vgp.dataset", "fashion-mnist");
    given.setProperty("vgp.outputDirectory", "/x/vgp");
    // read by submit alone, or by no goal
    given.setProperty("vgp.partition", "gpu");
    given.setProperty("vgp.gpu", "true");
    given.setProperty("vgp.dryRun", "true");
    given.setProperty("user.defined", "x");
    String plugin = "dev.vgp:vgp-maven-plugin:" + submit.plugin.getVersion();
    assertEquals(List.of(plugin + ":report", plugin + ":check",
        "-Dvgp.dataset=fashion-mnist", "-Dvgp.expectations.failBuild=false",
        "-Dvgp.experiments=a,b", "-Dvgp.outputDirectory=/x/vgp",
        "-Dvgp.reportDirectory=/x/report", "-Dvgp.seeds=2",
        "-Dvgp.templateDirectory=/x/templates"), submit.reportGoals());
  }

  @Test
  void theReportJobActivatesAndDeactivatesTheProfilesOfTheSubmission() {
    assertEquals(Optional.of("-Pminiature,gpu,!full"),
        SubmitMojo.profiles(List.of("miniature", "gpu"), List.of("full")));
    assertEquals(Optional.empty(), SubmitMojo.profiles(List.of(), List.of()));
  }

  @Test
  void dataParametersBecomeAFetchRequest() {
    TrainMojo mojo = train();
    mojo.dataset = "fashion-mnist";
    mojo.dataUrl = " http://127.0.0.1:8080/fashion/ ";
    mojo.dataChecksum = "sha256:00";
    mojo.dataDirectory = new File("/usr/share/datasets/fashion-mnist");
    mojo.offline = true;
    assertEquals(new FetchRequest(DatasetKind.FASHION_MNIST, Path.of("/cache"),
        URI.create("http://127.0.0.1:8080/fashion/"), "sha256:00", null,
        Path.of("/usr/share/datasets/fashion-mnist"), true), mojo.fetchRequest());

    FetchRequest official = train().fetchRequest();
    assertNull(official.url());
    assertNull(official.checksum());
  }

  private static Proxy proxy(String id, boolean active, String protocol, int port,
      String password) {
    Proxy proxy = new Proxy();
    proxy.setId(id);
    proxy.setActive(active);
    proxy.setProtocol(protocol);
    proxy.setHost("proxy.example.org");
    proxy.setPort(port);
    proxy.setUsername(password == null ? null : "alice");
    proxy.setPassword(password);
    proxy.setNonProxyHosts("localhost|*.example.org");
    return proxy;
  }

  /** What a SettingsDecrypter answers about proxies. */
  private record Decrypted(List<Proxy> getProxies, List<SettingsProblem> getProblems)
      implements SettingsDecryptionResult {
    @Override
    public Proxy getProxy() {
      return getProxies.isEmpty() ? null : getProxies.get(0);
    }

    @Override
    public Server getServer() {
      return null;
    }

    @Override
    public List<Server> getServers() {
      return List.of();
    }
  }

  /** "Decrypts" {secret} to secret, as a SettingsDecrypter with settings-security.xml would. */
  private static Decrypted unbrace(List<Proxy> proxies) {
    List<Proxy> decrypted = proxies.stream().map(proxy -> {
      Proxy copy = proxy.clone();
      if (copy.getPassword() != null) copy.setPassword(copy.getPassword().replaceAll("[{}]", ""));
      return copy;
    }).toList();
    return new Decrypted(decrypted, List.of());
  }

  @Test
  void activeProxiesOfMavenSettingsReachTheFetchRequestWithPasswordsDecrypted() {
    TrainMojo mojo = train();
    mojo.settings = new org.apache.maven.settings.Settings();
    mojo.settings.addProxy(proxy("off", false, "http", 1111, null));
    mojo.settings.addProxy(proxy("web", true, "http", 3128, "{s3cret}"));
    mojo.settings.addProxy(proxy("tls", true, "https", 8443, null));
    mojo.settingsDecrypter = request -> unbrace(request.getProxies());

    assertEquals(List.of(
            new HttpProxy("http", "proxy.example.org", 3128, "alice", "s3cret",
                "localhost|*.example.org"),
            new HttpProxy("https", "proxy.example.org", 8443, null, null,
                "localhost|*.example.org")),
        mojo.fetchRequest().proxies());

    mojo.offline = true;
    assertEquals(List.of(), mojo.fetchRequest().proxies(), "offline downloads nothing");
  }

  @Test
  void aProxyPasswordThatDoesNotDecryptFailsNamingSettingsSecurity() {
    TrainMojo mojo = train();
    mojo.settings = new org.apache.maven.settings.Settings();
    mojo.settings.addProxy(proxy("web", true, "http", 3128, "{garbage}"));
    mojo.settingsDecrypter = request -> new Decrypted(request.getProxies(),
        List.of(new DefaultSettingsProblem("Failed to decrypt password for proxy web",
            SettingsProblem.Severity.ERROR, "", -1, -1, null)));

    String message =
        assertThrows(IllegalArgumentException.class, mojo::fetchRequest).getMessage();
    assertEquals("could not decrypt the proxy passwords of Maven's settings.xml: Failed to "
        + "decrypt password for proxy web. Check settings-security.xml, or give the <password> "
        + "of the <proxy> in plain text", message);
  }

  @Test
  void badDataParametersSayWhichParameterIsWrong() {
    TrainMojo mojo = train();
    mojo.dataUrl = "http://bad host/";
    assertEquals("vgp.dataUrl 'http://bad host/' is not a URL: Illegal character in authority at"
        + " index 7: http://bad host/",
        assertThrows(IllegalArgumentException.class, mojo::fetchRequest).getMessage());
    mojo.dataset = "imagenet";
    assertThrows(DataException.class, mojo::fetchRequest);
  }

  @Test
  void thePlanMergesDefaultsExperimentsAndTheCommandLine() {
    TrainMojo mojo = train();
    mojo.dataset = "cifar10";
    mojo.defaults = PomDeclarationsTest.xml(
        "<defaults><epochs>100</epochs><learningRate>1e-3</learningRate></defaults>");
    mojo.experiments = PomDeclarationsTest.xml("<experiments>"
        + "<experiment><id>a</id><model>vgg08</model></experiment>"
        + "<experiment><id>b</id><model>vgg38</model><learningRate>1e-2</learningRate>"
        + "</experiment></experiments>");
    mojo.selectedExperiments = "b";
    mojo.trainLimit = 2000;
    mojo.evalLimit = 500;

    ExperimentPlan plan = mojo.plan();
    assertEquals(1, plan.experiments().size());
    ExperimentDefinition b = plan.experiments().get(0);
    assertEquals(1e-2, b.training().learningRate());
    assertEquals(100, b.training().epochs());
    assertEquals(2000, b.training().trainLimit());
    assertEquals(500, b.training().evalLimit(), "-Dvgp.evalLimit reaches the training config");
    assertEquals(10, b.model().numClasses(), "the model follows vgp.dataset");
  }

  @Test
  void aPomWithoutExperimentsIsOneProblemNotANullPointer() {
    assertEquals(List.of("no experiment is declared: add <experiments><experiment>... to the"
            + " plugin's configuration"),
        assertThrows(InvalidExperimentsException.class, () -> train().plan()).problems());
  }
}
