import dev.vgp.data.DatasetKind
import dev.vgp.data.SyntheticCifarArchive

def archive = new File(basedir, 'data/cifar-100-binary.tar.gz')
def checksum = SyntheticCifarArchive.write(archive.toPath(), DatasetKind.CIFAR100, 400, 100, 0L)
new File(basedir, 'test.properties').text =
    "vgp.dataArchive=${archive}\nvgp.dataChecksum=${checksum}\n"
return true
