import groovy.json.JsonSlurper

context.get('server')?.stop(0)

def log = new File(basedir, 'build.log').text
def runs = log.split(/(?m)^\[INFO\] BUILD SUCCESS/)
assert runs.length == 4 : 'expected three successful invocations'
def (first, second, third) = [runs[0], runs[1], runs[2]]

// The archive came over HTTP, once: the second run found it verified in the cache.
assert context.get('requests') == ['/cifar-100-binary.tar.gz']
assert first.contains('downloading')
assert second.contains('already verified')

for (id in ['plain', 'bn-rc']) {
    def results = new File(basedir, "target/vgp/${id}")
    ['summary.csv', 'gradient_flow.csv', 'test_summary.csv', 'experiment.json'].each {
        assert new File(results, it).isFile() : "${id}/${it} is missing"
    }
    def summary = new File(results, 'summary.csv').readLines()
    assert summary[0] == 'epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds,images_per_sec,' +
        'cpu_seconds,peak_rss_bytes,peak_heap_bytes,native_bytes,tensorflow_bytes,gpu_bytes'
    assert summary.size() == 3 : "two epochs expected in ${id}"

    def record = new JsonSlurper().parse(new File(results, 'experiment.json'))
    assert record.status == 'finished'
    assert record.fingerprint ==~ /[0-9a-f]{64}/
    assert record.dataset == 'cifar100'
    assert record.dataChecksum.startsWith('md5:')
    assert record.training.epochs == 2 && record.training.trainLimit == 200
    assert record.environment.tensorflowVersion && record.environment.javaVersion
    assert record.environment.device && record.environment.finishedAt

    ['gradient_flow_log', 'gradient_flow_linear'].each { name ->
        ['svg', 'png'].each { ext ->
            assert new File(results, "plots/${name}.${ext}").length() > 0 : "${id} ${name}.${ext}"
        }
    }
    assert first.contains("${id}: training, no earlier results")
    assert first =~ /${id}: test accuracy [0-9.]+% with the weights of epoch [01], trained on CPU/
    assert second.contains("${id}: skipping, up to date: finished results carry fingerprint "
        + record.fingerprint.substring(0, 12))
}
def bnRc = new JsonSlurper().parse(new File(basedir, 'target/vgp/bn-rc/experiment.json'))
assert bnRc.label == 'Tiny BN + RC'
assert bnRc.model.batchNorm == 'all_block_convs' && bnRc.model.residual == true
assert bnRc.training.learningRate == 0.01

// One training process trained both, each into its own log (the third run adds a second header
// to plain's log, from a new process).
def header = { id -> new File(basedir, "target/vgp/${id}/train.log").readLines().find { it.startsWith('--- ') } }
def pid = { line -> (line =~ / pid (\d+): train /)[0][1] }
assert pid(header('plain')) == pid(header('bn-rc'))
assert !new File(basedir, 'target/vgp/bn-rc/train.log').text.contains('plain')
// TensorFlow's native INFO lines (absl's "I0000 ..." ones pass the invoker's
// TF_CPP_MIN_LOG_LEVEL=2) stay in the logs and out of Maven's INFO level
def nativeInfo = new File(basedir, 'target/vgp/plain/train.log').readLines()
    .findAll { it =~ /^I\d{4} [\d:.]+ +\d+ \S+:\d+\] / }
assert !nativeInfo.isEmpty()
nativeInfo.each { assert !first.contains('[INFO] ' + it) : it }

// Progress and the diagnosis reach Maven's log.
assert first =~ /epoch 1\/2 step \d+\/\d+: loss/
assert first =~ /epoch 2\/2 done: train loss/
assert first.contains('TensorFlow placed the ops on')
assert first =~ /At epoch 1 the gradient/
assert !second.contains('epoch 1/2 done')

// The report lists both experiments; TensorBoard gets an events file per experiment.
def report = new File(basedir, 'target/vgp-report/index.html')
assert report.isFile() && new File(basedir, 'target/vgp-report/report.tex').isFile()
assert report.text.contains('Tiny plain') && report.text.contains('Tiny BN + RC')
for (id in ['plain', 'bn-rc']) {
    assert new File(basedir, "target/vgp/${id}/tensorboard").listFiles().any {
        it.name.startsWith('events.out.tfevents')
    }
}
assert first.contains("TensorBoard: tensorboard --logdir ${new File(basedir, 'target/vgp')}")
assert second.contains("Report of 2 experiments: ${report}")
// The second report took the results folder, whose directories come in name order: bn-rc first.
assert report.text.indexOf('<td>Tiny BN + RC') < report.text.indexOf('<td>Tiny plain')

// -Dvgp.force trains the selected experiment again and keeps its earlier results aside.
def plainBefore = new JsonSlurper().parse(
    new File(basedir, 'target/vgp/.replaced').listFiles().find { it.name.startsWith('plain-') }
        .toPath().resolve('experiment.json').toFile())
assert third.contains('plain: training again, vgp.force is set')
assert third.contains("earlier results moved to ${new File(basedir, 'target/vgp/.replaced/plain-')}")
assert plainBefore.status == 'finished'
assert !third.contains('bn-rc:')
assert new File(basedir, 'target/vgp/plain/experiment.json').isFile()
return true
