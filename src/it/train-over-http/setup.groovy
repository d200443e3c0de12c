// Serves a synthetic CIFAR-100 archive over HTTP on the loopback interface, for the whole IT.
// The URL and checksum reach the builds through test.properties, which the invoker reads after
// this script; verify.groovy stops the server through the shared context.
import com.sun.net.httpserver.HttpServer
import dev.vgp.data.DatasetKind
import dev.vgp.data.SyntheticCifarArchive
import java.nio.file.Files

def archive = new File(basedir, 'served/cifar-100-binary.tar.gz').toPath()
def checksum = SyntheticCifarArchive.write(archive, DatasetKind.CIFAR100, 400, 100, 0L)

def server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
def requests = Collections.synchronizedList([])
server.createContext('/') { exchange ->
    try {
        requests << exchange.requestURI.path
        if (exchange.requestURI.path != '/cifar-100-binary.tar.gz') {
            exchange.sendResponseHeaders(404, -1)
        } else {
            def bytes = Files.readAllBytes(archive)
            exchange.sendResponseHeaders(200, bytes.length)
            exchange.responseBody.withStream { it.write(bytes) }
        }
    } catch (Throwable e) {
        e.printStackTrace() // the JDK's server would swallow it and just drop the connection
    } finally {
        exchange.close()
    }
}
server.start()
context.put('server', server)
context.put('requests', requests)

def url = "http://127.0.0.1:${server.address.port}/cifar-100-binary.tar.gz"
new File(basedir, 'test.properties').text = "vgp.dataUrl=${url}\nvgp.dataChecksum=${checksum}\n"
println "serving ${archive} (${checksum}) at ${url}"
return true
