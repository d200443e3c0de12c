package dev.vgp.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of vgp-models in use, as Maven recorded it in the jar; part of every fingerprint. */
public final class VgpVersion {

  private static final String POM_PROPERTIES = "/META-INF/maven/dev.vgp/vgp-models/pom.properties";

  /** Classes run from a build directory (tests, an IDE) carry no pom.properties. */
  static final String UNPACKAGED = "unpackaged";

  private VgpVersion() {}

  public static String current() {
    try (InputStream in = VgpVersion.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) return UNPACKAGED;
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", UNPACKAGED);
    } catch (IOException e) {
      return UNPACKAGED;
    }
  }
}
