// Stops real training runs of the pom's two experiments right after their second epoch's
// checkpoints, through the same ExperimentRunner that vgp:train uses, then damages their
// checkpoints as a disk, a copy or a kill would. The data is a local synthetic archive
// (test.properties).
import dev.vgp.run.InterruptedRuns
import java.nio.channels.FileChannel
import java.nio.file.StandardOpenOption

InterruptedRuns.stopAfterEpoch(basedir.toPath(), ['fallback', 'nothing'], 1)

def weights = 'model.data-00000-of-00001'
def cutShort = { File file ->
    FileChannel.open(file.toPath(), StandardOpenOption.WRITE).withCloseable { it.truncate(file.length().intdiv(2)) }
}
def flipByte = { File file ->
    byte[] bytes = file.bytes
    bytes[bytes.length.intdiv(2)] ^= 0x01
    file.bytes = bytes
}
def fallback = new File(basedir, 'target/vgp/fallback/checkpoints')
assert new File(fallback, 'latest.previous').isDirectory() : 'the previous epoch is the fallback'
cutShort(new File(fallback, "latest/${weights}"))
flipByte(new File(fallback, "best/${weights}"))
// a save killed halfway: never read
def partial = new File(fallback, 'latest.partial')
partial.mkdirs()
new File(partial, weights).bytes = new File(fallback, "latest.previous/${weights}").bytes[0..99] as byte[]

def nothing = new File(basedir, 'target/vgp/nothing/checkpoints')
nothing.eachDir { cutShort(new File(it, weights)) }
// Kept to check that the resumed run keeps epoch 0 and trains the others again.
new File(basedir, 'stopped-summary.csv').text = new File(fallback, '../summary.csv').text
return true
