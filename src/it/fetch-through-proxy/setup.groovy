// Serves a synthetic CIFAR-100 archive on 127.0.0.1, and a forwarding proxy that wants Basic
// credentials in front of it; writes the settings.xml that declares the proxy (invoker.properties
// names it). The URL and checksum reach the build through test.properties; verify.groovy stops
// both servers through the shared context.
import com.sun.net.httpserver.HttpServer
import dev.vgp.data.DatasetKind
import dev.vgp.data.SyntheticCifarArchive
import java.nio.file.Files

def archive = new File(basedir, 'served/cifar-100-binary.tar.gz').toPath()
def checksum = SyntheticCifarArchive.write(archive, DatasetKind.CIFAR100, 200, 100, 0L)
def loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)

// The JDK's server would swallow an exception and just drop the connection: print it.
def serve = { HttpServer server, Closure answer ->
    server.createContext('/') { exchange ->
        try {
            answer(exchange)
        } catch (Throwable e) {
            e.printStackTrace()
        } finally {
            exchange.close()
        }
    }
}

def origin = HttpServer.create(loopback, 0)
def originRequests = Collections.synchronizedList([])
serve(origin) { exchange ->
    originRequests << exchange.requestURI.path
    def bytes = Files.readAllBytes(archive)
    exchange.sendResponseHeaders(200, bytes.length)
    exchange.responseBody.withStream { it.write(bytes) }
}

// Forwards GETs of absolute URLs, as a real proxy does, once the credentials are right.
def expected = 'Basic ' + 'vgp-it:s3cret'.bytes.encodeBase64().toString()
def proxy = HttpServer.create(loopback, 0)
def proxyRequests = Collections.synchronizedList([])
def authorizations = Collections.synchronizedList([])
serve(proxy) { exchange ->
    def authorization = exchange.requestHeaders.getFirst('Proxy-Authorization')
    if (authorization) authorizations << authorization
    if (authorization != expected) {
        exchange.responseHeaders.set('Proxy-Authenticate', 'Basic realm="it"')
        exchange.sendResponseHeaders(407, -1)
        return
    }
    proxyRequests << "${exchange.requestMethod} ${exchange.requestURI}".toString()
    def upstream = exchange.requestURI.toURL().openConnection(Proxy.NO_PROXY)
    def bytes = upstream.inputStream.bytes
    exchange.sendResponseHeaders(upstream.responseCode, bytes.length)
    exchange.responseBody.withStream { it.write(bytes) }
}
origin.start()
proxy.start()
context.putAll(origin: origin, proxy: proxy, originRequests: originRequests,
    proxyRequests: proxyRequests, authorizations: authorizations)

// The shared settings (the test repository) plus the proxies. The inactive one comes first and
// leads nowhere: Maven skips it. Central stays direct, for anything Maven itself must download.
def shared = new File(basedir, '../../../../src/it/settings.xml').text
new File(basedir, 'proxy-settings.xml').text = shared.replace('</settings>', """\
  <proxies>
    <proxy>
      <id>switched-off</id>
      <active>false</active>
      <host>127.0.0.1</host>
      <port>9</port>
    </proxy>
    <proxy>
      <id>loopback</id>
      <protocol>http</protocol>
      <host>127.0.0.1</host>
      <port>${proxy.address.port}</port>
      <username>vgp-it</username>
      <password>s3cret</password>
      <nonProxyHosts>repo.maven.apache.org|repo1.maven.org</nonProxyHosts>
    </proxy>
  </proxies>
</settings>
""")

def url = "http://127.0.0.1:${origin.address.port}/cifar-100-binary.tar.gz"
new File(basedir, 'test.properties').text = "vgp.dataUrl=${url}\nvgp.dataChecksum=${checksum}\n"
println "serving ${archive} (${checksum}) at ${url} behind proxy 127.0.0.1:${proxy.address.port}"
return true
