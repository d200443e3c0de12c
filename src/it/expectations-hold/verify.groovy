import groovy.xml.XmlSlurper

def log = new File(basedir, 'build.log').text
// the table: verdict, name, expected, measured
assert log =~ /PASSED\s+VGG38 vanishes at initialisation\s+vanishing at init, first\/last layer ratio below 1\.0e-06\s+vanishing at init from \w+ back/
assert log =~ /PASSED\s+vgg38 vanishes at epoch 0\s+vanishing at epoch 0/
assert log =~ /PASSED\s+vgg38-bn-rc has no vanishing layer\s+no vanishing layer at any recorded epoch\s+none vanishes at init, epoch 0/
// 4 steps say nothing about training: the claim is skipped as too short to say, by the same
// judgement (RunLength) that makes the report's Findings answer TOO SHORT TO SAY
assert log =~ /SKIPPED\s+VGG38 BN \+ RC beats VGG38 .* too short to say: vgg38-bn-rc, vgg38: trained for 4 steps \(1 epoch of 200 images, batch 50\), fewer than the 200 a finding about training needs/
assert log.contains('4 expectations: 3 passed, 0 failed, 1 skipped')

def suite = new XmlSlurper().parse(new File(basedir,
    'target/vgp-report/expectations/TEST-vgp-expectations.xml'))
assert suite.name() == 'testsuite'
assert suite.@tests == '4' && suite.@failures == '0' && suite.@skipped == '1'
assert suite.testcase.size() == 4
assert suite.testcase[0].@name == 'VGG38 vanishes at initialisation'
assert suite.testcase[0].'system-out'.text().contains('measured vanishing at init')
assert suite.testcase[3].skipped.@message.text().startsWith('too short to say')

def html = new File(basedir, 'target/vgp-report/index.html').text
assert html.contains('<section id="expectations">')
assert html.contains('<td>VGG38 vanishes at initialisation</td>')
assert html.contains('<p class="smoke" id="smoke-test"><b>Smoke test.</b>')
assert html.contains('Does VGG38 BN + RC train? <span class="answer-TOO_SHORT_TO_SAY">TOO SHORT TO SAY</span>')
assert new File(basedir, 'target/vgp-report/report.tex').text.contains('\\section*{Expectations}')
return true
