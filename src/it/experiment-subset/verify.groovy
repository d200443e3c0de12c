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
// beside it the prediction, and each trained epoch's update-to-weight ratios
def statistics = new File(basedir, 'target/vgp/selected/gradient_flow.csv').readLines().drop(1)
    .collect { it.split(',') }
assert statistics.count { it[0] == '-1' && it[3] == 'predicted_mean_abs' } == 9
assert statistics.count { it[0] == '0' && it[3] == 'update_ratio' } == 9
assert log =~ /Predicted first\/last layer ratio at initialisation [0-9.e+-]+, measured /

// the depth sweep: 7 variants at 2 depths, each measured and predicted, and the critical depths
def sweep = new File(basedir, 'target/vgp-report/depth_sweep.csv').readLines()
assert sweep[0] == 'variant,initialization,blocks_per_stage,weight_layers,measured_ratio,predicted_ratio'
assert sweep.size() == 1 + 14
assert sweep.drop(1).collect { it.split(',')[0] }.toSet() == ['plain', 'BN', 'RC', 'BN + RC',
    'BN + RC + zero-gamma', 'RC + ReZero', 'RC + Fixup'] as Set
assert log.contains('Critical depth (the fewest weight layers')
assert log =~ /RC \+ ReZero +reference critical depth /

def csv = new File(basedir, 'target/vgp-report/benchmark.csv').readLines()
assert csv[0] == 'model,params,gflops_per_image,start_seconds,ms_per_step_median,' +
    'ms_per_step_min,ms_per_step_max,images_per_sec,gflops_per_sec,epoch_minutes,run_hours,device,cpu'
assert csv.size() == 2 && csv[1].startsWith('selected,4636,')
// graph build plus session start of a tiny model: measured (how long it takes is the machine's
// business, not a test's: under a loaded CI runner it read 2.4 s)
def startSeconds = csv[1].split(',')[3] as double
assert startSeconds > 0
assert log =~ /model\s+params\s+GFLOP\/im\s+start s/
// the machine it ran on: the CPU from /proc/cpuinfo, and what oneDNN says it dispatches to
assert log =~ /CPU: .+, \d+ cores?, .*; (oneDNN v|no oneDNN kernel ran|oneDNN's instruction set unknown)/
return true
