def log = new File(basedir, 'build.log').text
def holder = new File(basedir, 'holder.txt').text
def lock = new File(basedir, 'target/vgp/busy/vgp.lock')
assert log =~ /is being written by another run: \S+vgp\.lock is held by ${holder}, holding it for [0-9hmins ]+ \(refreshed/
assert log.contains('vgp:train waits for it with -Dvgp.waitForLock')
assert !log.contains('training VGG08') : 'the second build must not train'
assert !new File(basedir, 'target/vgp/busy/summary.csv').exists()
assert lock.text.contains('"token": "first-build"') : "the holder's lock is left alone"
return true
