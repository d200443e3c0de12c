// Stops real training runs of the pom's two experiments right after their second epoch's
// checkpoints, through the same ExperimentRunner that vgp:train uses, then damages their
// checkpoints as a disk, a copy or a kill would. The data is a local synthetic archive
// (test.properties).
import dev.vgp.data.Dataset
import dev.vgp.data.DatasetKind
import dev.vgp.data.FetchRequest
import dev.vgp.data.SyntheticCifarArchive
import dev.vgp.files.LogSink
import dev.vgp.plan.DataShape
import dev.vgp.plan.ExperimentDeclaration
import dev.vgp.plan.ExperimentDefinition
import dev.vgp.plan.ExperimentPlan
import dev.vgp.plan.ExperimentSettings
import dev.vgp.plan.PlanOverrides
import dev.vgp.results.EpochMetrics
import dev.vgp.results.ResultsDirectory
import dev.vgp.run.Engine
import dev.vgp.run.ExperimentRunner
import dev.vgp.run.Launcher
import dev.vgp.run.RunLog
import dev.vgp.train.StopRequest
import dev.vgp.train.TrainingListener
import dev.vgp.train.TrainingOutcome
import dev.vgp.train.TrainingProgress
import java.nio.channels.FileChannel
import java.nio.file.StandardOpenOption
import java.time.Duration

class Stopped extends RuntimeException {}

// TensorFlow's engine; its run ends with an exception right after the checkpoint of epoch 'last'
class StoppedAfterEpoch implements Engine {
    final Engine tensorFlow = Engine.tensorFlow()
    final int last

    StoppedAfterEpoch(int last) { this.last = last }

    TrainingOutcome train(ExperimentDefinition experiment, Dataset data, ResultsDirectory results,
            TrainingListener listener, StopRequest stop) {
        tensorFlow.train(experiment, data, results, new TrainingListener() {
            void info(String message) { listener.info(message) }
            void progress(TrainingProgress progress) { listener.progress(progress) }
            void epochFinished(EpochMetrics metrics, int epochs, Duration remaining) {
                listener.epochFinished(metrics, epochs, remaining)
                if (metrics.epoch() == last) throw new Stopped()
            }
        }, stop)
    }

    String version() { tensorFlow.version() }
}

class Printed implements LogSink {
    void info(String message) { println message }
    void warn(String message) { println "WARNING $message" }
    void error(String message) { println "ERROR $message" }
}

def archive = new File(basedir, 'data/cifar-100-binary.tar.gz')
def checksum = SyntheticCifarArchive.write(archive.toPath(), DatasetKind.CIFAR100, 400, 100, 0L)
new File(basedir, 'test.properties').text =
    "vgp.dataArchive=${archive}\nvgp.dataChecksum=${checksum}\n"

def settings = new ExperimentSettings([model: 'vgg08', width: '8', epochs: '3',
    batchSize: '50', trainLimit: '200'])
def request = new FetchRequest(DatasetKind.CIFAR100,
    new File(basedir, 'target/data-cache').toPath(), null, checksum, archive.toPath(), null, true)
def runner = new ExperimentRunner(new File(basedir, 'target/vgp').toPath(),
    ExperimentRunner.Options.defaults(),
    Launcher.inThisJvm(new StoppedAfterEpoch(1), new Printed(), Duration.ZERO))
['fallback', 'nothing'].each { id ->
    def plan = ExperimentPlan.resolve(ExperimentSettings.none(),
        [new ExperimentDeclaration(id, null, settings)], PlanOverrides.none(), DataShape.cifar100())
    try {
        runner.run(plan, request, new RunLog(new Printed(), Duration.ZERO))
        assert false : 'the run was not stopped'
    } catch (Stopped expected) {
    }
}

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
