import groovy.xml.XmlSlurper

def log = new File(basedir, 'build.log').text
assert log =~ /FAILED\s+VGG38 vanishes at initialisation\s+vanishing at init, first\/last layer ratio below 1\.0e-06\s+healthy at init/
// the first invocation failed the build naming the expectation, and wrote the report first
assert log.contains('1 of 1 expectations failed:')
assert log =~ /- VGG38 vanishes at initialisation: expected vanishing at init, first\/last layer ratio below 1\.0e-06; measured healthy at init/
assert log.contains('BUILD FAILURE')
// the second only reported it
assert log.contains('vgp.expectations.failBuild is false: the build goes on')
assert log.contains('BUILD SUCCESS')

def suite = new XmlSlurper().parse(new File(basedir,
    'target/vgp-report/expectations/TEST-vgp-expectations.xml'))
assert suite.@tests == '1' && suite.@failures == '1'
assert suite.testcase[0].failure.@message.text().contains('measured healthy at init')
assert new File(basedir, 'target/vgp-report/index.html').text
    .contains('<span class="verdict-FAILED">FAILED</span>')
return true
