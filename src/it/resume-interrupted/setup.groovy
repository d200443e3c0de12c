// Interrupts a real training run of the pom's experiment right after its first epoch's checkpoint,
// through the same ExperimentRunner that vgp:train uses, so the results directory is exactly what
// a killed build leaves behind. The data is a local synthetic archive (test.properties).
import dev.vgp.data.DatasetKind
import dev.vgp.data.FetchRequest
import dev.vgp.data.SyntheticCifarArchive
import dev.vgp.plan.DataShape
import dev.vgp.plan.ExperimentDeclaration
import dev.vgp.plan.ExperimentPlan
import dev.vgp.run.ExperimentRunner
import dev.vgp.plan.ExperimentSettings
import dev.vgp.plan.PlanOverrides
import dev.vgp.results.EpochMetrics
import java.time.Duration

class Interrupted extends RuntimeException {}

class InterruptAfterFirstEpoch implements ExperimentRunner.Listener {
    void info(String message) { println message }
    void epochFinished(EpochMetrics metrics, int epochs, Duration remaining) {
        throw new Interrupted()
    }
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
def runner = new ExperimentRunner(new File(basedir, 'target/vgp').toPath(), false,
    ExperimentRunner.Engine.tensorFlow())
try {
    runner.run(plan, request, new InterruptAfterFirstEpoch())
    assert false : 'the run was not interrupted'
} catch (Interrupted expected) {
}
def results = new File(basedir, 'target/vgp/resumed')
// a failure marks the run interrupted (a kill -9 would leave it running): both resume
assert new File(results, 'experiment.json').text.contains('"status": "interrupted"')
assert !new File(results, 'vgp.lock').exists() : 'the lock is released on failure'
// Kept to check that the resumed run builds on the interrupted epoch instead of redoing it.
new File(basedir, 'interrupted-summary.csv').text = new File(results, 'summary.csv').text
return true
