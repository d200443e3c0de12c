package dev.vgp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which declared proxy a URL takes, by the rules Maven applies to repositories. */
class HttpProxyTest {

  private static final HttpProxy HTTP = new HttpProxy("http", "web-proxy", 3128, null, null,
      "localhost|*.internal.example.org");
  private static final HttpProxy HTTPS = new HttpProxy("HTTPS", "tls-proxy", 8443, null, null,
      null);

  private static Optional<HttpProxy> forUrl(String url, HttpProxy... proxies) {
    return HttpProxy.forUrl(List.of(proxies), URI.create(url));
  }

  @Test
  void eachSchemeTakesItsOwnProxyAndHttpsFallsBackToTheHttpOne() {
    assertEquals(Optional.of(HTTPS), forUrl("https://www.cs.toronto.edu/x.tar.gz", HTTP, HTTPS));
    assertEquals(Optional.of(HTTP), forUrl("http://fashion-mnist.example/x.gz", HTTPS, HTTP));
    assertEquals(Optional.of(HTTP), forUrl("https://www.cs.toronto.edu/x.tar.gz", HTTP));
    assertEquals(Optional.empty(), forUrl("http://fashion-mnist.example/x.gz", HTTPS));
  }

  @Test
  void nonProxyHostsAreWildcardPatternsMatchedWhole() {
    assertTrue(HTTP.bypasses("LOCALHOST"));
    assertTrue(HTTP.bypasses("data.internal.example.org"));
    assertFalse(HTTP.bypasses("internal.example.org.attacker.net"));
    assertFalse(HTTP.bypasses("www.cs.toronto.edu"));
    HttpProxy addresses = new HttpProxy("http", "p", 1, null, null, " 10.0.0.1 , 192.168.* ");
    assertTrue(addresses.bypasses("10.0.0.1"), "commas separate too, blanks are trimmed");
    assertTrue(addresses.bypasses("192.168.4.20"));
    assertFalse(addresses.bypasses("10a0b0c1"), "a dot is a dot, not any character");
    assertFalse(new HttpProxy("http", "p", 1, null, null, null).bypasses("localhost"));
  }

  @Test
  void aBypassingProxyLeavesTheUrlToTheNextOneOfItsScheme() {
    HttpProxy fallback = new HttpProxy("http", "other-proxy", 8080, null, null, null);
    assertEquals(Optional.of(fallback), forUrl("http://localhost:8000/x.gz", HTTP, fallback));
    assertEquals(Optional.empty(), forUrl("https://localhost/x.gz", HTTP));
  }

  @Test
  void thePasswordStaysOutOfTheTextAndABadPortIsNamed() {
    HttpProxy proxy = new HttpProxy(null, "web-proxy", 3128, "alice", "s3cret", null);
    assertEquals("HttpProxy[http web-proxy:3128 as alice]", proxy.toString());
    assertEquals("proxy web-proxy has port 0, which is not between 1 and 65535",
        assertThrows(IllegalArgumentException.class,
            () -> new HttpProxy("http", "web-proxy", 0, null, null, null)).getMessage());
  }
}
