// Holds the experiment's lock as a first vgp:train would, with this invoker JVM as the holder: a
// live process on this host, whose lock is fresh, so the build must neither take it over nor wait.
import dev.vgp.data.DatasetKind
import dev.vgp.data.SyntheticCifarArchive
import java.time.Instant

def archive = new File(basedir, 'data/cifar-100-binary.tar.gz')
def checksum = SyntheticCifarArchive.write(archive.toPath(), DatasetKind.CIFAR100, 400, 100, 0L)
new File(basedir, 'test.properties').text =
    "vgp.dataArchive=${archive}\nvgp.dataChecksum=${checksum}\n"

def pid = ProcessHandle.current().pid()
def host = InetAddress.localHost.hostName
def now = Instant.now()
def lock = new File(basedir, 'target/vgp/busy/vgp.lock')
lock.parentFile.mkdirs()
lock.text = """{"host": "${host}", "pid": ${pid}, "startedAt": "${now}", "refreshedAt": "${now}",
 "token": "first-build"}
"""
new File(basedir, 'holder.txt').text = "pid ${pid} on ${host}"
return true
