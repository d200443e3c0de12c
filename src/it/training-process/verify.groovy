import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
// each invocation's log, its failure message included, starts with Maven's first line
def runs = log.split(/\[INFO\] Scanning for projects/)
assert runs.length == 3 : 'expected two invocations'
def (crashed, inMaven) = [runs[1], runs[2]]
assert crashed.contains('BUILD FAILURE') && inMaven.contains('BUILD SUCCESS')
def results = new File(basedir, 'target/vgp/fashion-vgg08')

// 1: the kill fails the goal with the signal, the last lines, the full log and what a rerun does.
assert crashed =~ /training fashion-vgg08 failed: its process \(pid \d+\) was killed by SIGKILL \(exit code 137\): the kernel's out-of-memory killer \(see dmesg\) or a kill -9/
assert crashed.contains('Last lines of its log:')
// the JVM's own last words, which show that vgp.jvmArgs reached the training process
assert crashed.contains('# -XX:OnOutOfMemoryError="kill -9 %p"')
assert crashed =~ /Full log: \S+\/target\/vgp\/fashion-vgg08\/train\.log/
assert crashed =~ /Run vgp:train again \(or \S+\/launch\.sh\) to resume from the last checkpoint\./
// the training process's own lines reached Maven's log at their level
assert crashed.contains('[INFO] fashion-vgg08: training, no earlier results')

// 2: -Dvgp.fork=false trained in Maven's JVM: no second start in the training process's log
def record = new JsonSlurper().parse(new File(results, 'experiment.json'))
assert record.status == 'finished'
assert inMaven.contains('fashion-vgg08: training, no earlier results')
def trainLog = new File(results, 'train.log').readLines()
assert trainLog.count { it.startsWith('--- ') } == 1 : 'the second run started a training process'
assert trainLog[0] =~ /^--- \S+ pid \d+: train \S+\/fashion-vgg08\/plan\.json \(.*-Xmx32m.* dev\.vgp\.run\.ChildMain --serve /

// launch.sh runs the plan of run 1 without Maven: the same fingerprint, so it finds it finished.
def launch = new File(results, 'launch.sh')
assert launch.canExecute()
def process = [launch.path].execute()
def output = process.text
assert process.waitFor() == 0 : output
assert output.contains('INFO fashion-vgg08: skipping, up to date: finished results carry fingerprint '
    + record.fingerprint.substring(0, 12)) : output
return true
