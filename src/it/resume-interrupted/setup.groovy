// Interrupts a real training run of the pom's experiment right after its first epoch's checkpoint,
// through the same ExperimentRunner that vgp:train uses, so the results directory is exactly what
// a killed build leaves behind. The data is a local synthetic archive (test.properties).
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
def plan = ExperimentPlan.resolve(ExperimentSettings.none(),
    [new ExperimentDeclaration('resumed', null, settings)], PlanOverrides.none(),
    DataShape.cifar100())
def request = new FetchRequest(DatasetKind.CIFAR100,
    new File(basedir, 'target/data-cache').toPath(), null, checksum, archive.toPath(), null, true)
def runner = new ExperimentRunner(new File(basedir, 'target/vgp').toPath(),
    ExperimentRunner.Options.defaults(),
    Launcher.inThisJvm(new StoppedAfterEpoch(0), new Printed(), Duration.ZERO))
try {
    runner.run(plan, request, new RunLog(new Printed(), Duration.ZERO))
    assert false : 'the run was not interrupted'
} catch (Stopped expected) {
}
def results = new File(basedir, 'target/vgp/resumed')
// a failure marks the run interrupted (a kill -9 would leave it running): both resume
assert new File(results, 'experiment.json').text.contains('"status": "interrupted"')
assert !new File(results, 'vgp.lock').exists() : 'the lock is released on failure'
// Kept to check that the resumed run builds on the interrupted epoch instead of redoing it.
new File(basedir, 'interrupted-summary.csv').text = new File(results, 'summary.csv').text
return true
