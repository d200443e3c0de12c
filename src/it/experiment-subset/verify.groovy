import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('Experiments: selected (selected)')
assert !new File(basedir, 'target/vgp/left-out').exists()

def record = new JsonSlurper().parse(new File(basedir, 'target/vgp/selected/experiment.json'))
assert record.status == 'finished'
assert record.label == 'selected'
assert record.training.epochs == 1
assert record.training.trainLimit == 100
assert record.training.learningRate == 0.003
assert new File(basedir, 'target/vgp/selected/summary.csv').readLines().size() == 2

// The measurement at initialisation joins the trained epoch in gradient_flow.csv and the diagnosis.
def epochs = new File(basedir, 'target/vgp/selected/gradient_flow.csv').readLines().drop(1)
    .collect { it.split(',')[0] } as Set
assert epochs == ['-1', '0'] as Set
assert log.contains('selected: measuring the gradient flow at initialisation on 2 batches of 50')
assert log =~ /At initialisation the gradient/
assert log =~ /At epoch 0 the gradient/

def csv = new File(basedir, 'target/vgp-report/benchmark.csv').readLines()
assert csv[0] == 'model,params,gflops_per_image,start_seconds,ms_per_step_median,' +
    'ms_per_step_min,ms_per_step_max,images_per_sec,gflops_per_sec,epoch_minutes,run_hours,device'
assert csv.size() == 2 && csv[1].startsWith('selected,4636,')
// graph build plus session start of a tiny model: measured (how long it takes is the machine's
// business, not a test's: under a loaded CI runner it read 2.4 s)
def startSeconds = csv[1].split(',')[3] as double
assert startSeconds > 0
assert log =~ /model\s+params\s+GFLOP\/im\s+start s/
return true
