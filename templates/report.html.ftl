<#-- The study report as one self-contained page: inline CSS and SVG, nothing fetched.
     Every ${...} is HTML-escaped; the figures' SVG is inserted with ?no_esc.
     The data model is dev.vgp.report.ReportModel (see docs/report.md). -->
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Analysis of the vanishing gradient problem: reproduction</title>
<style>
  body { font-family: "DejaVu Serif", Georgia, serif; color: #222; max-width: 1150px;
         margin: 2em auto; padding: 0 1.5em; line-height: 1.45; }
  h1 { font-size: 1.7em; margin-bottom: 0.2em; }
  h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
  .meta, .note, figcaption .notes { color: #666; font-size: 0.9em; }
  table { border-collapse: collapse; font-size: 0.88em; margin: 0.8em 0; }
  th, td { padding: 0.3em 0.6em; border-bottom: 1px solid #ddd; vertical-align: top; text-align: left; }
  thead th { border-bottom: 2px solid #444; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  th.num { text-align: right; }
  td.metric span { display: block; text-align: right; white-space: nowrap; }
  td.date { white-space: nowrap; }
  .ours { font-weight: bold; }
  .paper, .diff { color: #666; font-size: 0.85em; }
  tr.incomplete td { background: #fff6e0; }
  .problems { color: #a15c00; font-size: 0.85em; }
  .verdict-VANISHING { color: #b00020; font-weight: bold; }
  .verdict-EXPLODING { color: #b00020; font-weight: bold; }
  .verdict-HEALTHY { color: #1b7a1b; font-weight: bold; }
  .answer-YES { color: #1b7a1b; font-weight: bold; }
  .answer-NO { color: #b00020; font-weight: bold; }
  .answer-NOT_RUN, .answer-TOO_SHORT_TO_SAY { color: #666; font-weight: bold; }
  .smoke { border: 2px solid #d9a441; background: #fff6e0; padding: 0.6em 1em; }
  .verdict-PASSED { color: #1b7a1b; font-weight: bold; }
  .verdict-FAILED { color: #b00020; font-weight: bold; }
  .verdict-SKIPPED { color: #666; font-weight: bold; }
  .verdict-KNOWN_FAILURE { color: #a15c00; font-weight: bold; }
  tr.expectation-KNOWN_FAILURE td { background: #fff6e0; }
  tr.expectation-FAILED td { background: #fdecee; }
  figure { margin: 2em 0; }
  figure svg { width: 100%; height: auto; display: block; }
  .compact svg { max-width: 760px; margin: 0 auto; }
  .panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1em; }
  .absent { border: 2px dashed #d9a441; background: #fff6e0; padding: 2em; text-align: center; color: #a15c00; }
  details summary { cursor: pointer; color: #245; margin: 0.4em 0; }
  code, .mono { font-family: "DejaVu Sans Mono", monospace; font-size: 0.85em; word-break: break-all; }
</style>
</head>
<body>
<header>
  <h1>Analysis of the vanishing gradient problem: a reproduction</h1>
  <p class="meta">VGG08 and VGG38 with batch normalisation (BN) and residual connections (RC).
    Generated ${generatedAt} by vgp from recorded results only; nothing was trained to write it.</p>
</header>

<section id="findings">
  <h2>Findings</h2>
  <#if smokeTest?has_content><p class="smoke" id="smoke-test"><b>Smoke test.</b> ${smokeTest}</p></#if>
  <ul>
  <#list findings as f>
    <li>${f.question} <span class="answer-${f.answer}">${f.answer?replace("_", " ")}</span>. ${f.text}</li>
  </#list>
  </ul>
</section>

<#if expectations?has_content>
<section id="expectations">
  <h2>Expectations</h2>
  <p>The study's findings as declared in the POM, checked over the recorded results by
    <code>vgp:check</code>, which fails the build when one fails:
    ${expectations?filter(x -> x.verdict == "PASSED")?size} passed,
    ${expectations?filter(x -> x.verdict == "FAILED")?size} failed,
    ${expectations?filter(x -> x.verdict == "SKIPPED")?size} skipped<#if expectations?filter(x -> x.verdict == "KNOWN_FAILURE")?has_content>,
    ${expectations?filter(x -> x.verdict == "KNOWN_FAILURE")?size} known not to hold at this scale (a finding of the study that these runs do not reproduce, shown with what they measured)</#if>.</p>
  <table class="expectations">
    <thead><tr><th>Expectation</th><th>Expected</th><th>Measured</th><th>Verdict</th></tr></thead>
    <tbody>
    <#list expectations as x>
      <tr class="expectation-${x.verdict}"><td>${x.name}</td><td>${x.expected}</td>
        <td>${x.measured}<#if x.reason?has_content><div class="<#if x.verdict == "SKIPPED">note<#else>problems</#if>">${x.reason}</div></#if></td>
        <td><span class="verdict-${x.verdict}">${x.verdict?replace("_", " ")}</span></td></tr>
    </#list>
    </tbody>
  </table>
</section>
</#if>

<section id="table1">
  <h2>Table 1</h2>
  <table class="results">
    <thead>
      <tr><th>Model</th><th>LR</th><th># Params</th><th>Train loss</th><th>Train acc</th>
          <th>Val loss</th><th>Val acc</th><th>Test acc</th><th>Epochs</th><th>Seeds</th></tr>
    </thead>
    <tbody>
    <#list table as row>
      <tr id="row-${row.id}" class="<#if row.problems?has_content>incomplete<#else>complete</#if>">
        <td>${row.label}<#if row.problems?has_content><div class="problems">&#9888; ${row.problems?join("; ")}</div></#if><#if !row.matched><div class="note">${row.unmatchedReason}</div></#if></td>
        <td class="num">${row.learningRate}</td>
        <td class="metric"><span class="ours">${row.parameters}</span><#if row.parametersPaper?has_content><span class="paper">paper ${row.parametersPaper}</span></#if></td>
        <@metric row.trainLoss/>
        <@metric row.trainAccuracy/>
        <@metric row.validationLoss/>
        <@metric row.validationAccuracy/>
        <td class="num test">${row.testAccuracy}</td>
        <td class="num">${row.epochs}</td>
        <td class="num" title="seeds ${row.seeds}">${row.runs}</td>
      </tr>
    </#list>
    </tbody>
  </table>
  <p class="note"><b>Table 1.</b> Results of the last recorded epoch (losses; accuracies in %) for
    VGG08, VGG38, BN and RC; LR is the learning rate. Under each measured value: the paper's value
    and the difference (measured &minus; paper). Test accuracy uses the weights of the best
    validation epoch. Seeds: how many seeds a row's values are the mean &plusmn; sample standard
    deviation of (one seed: the value itself).
    <#list table as row><#if row.paperNote?has_content> ${row.label} (${row.learningRate}): ${row.paperNote}.</#if></#list></p>
</section>

<#if ranking.rows?has_content>
<section id="ranking">
  <h2>Ranking beside the paper</h2>
  <table class="results">
    <thead><tr><th>Model</th><th>LR</th><th class="num">Val acc (measured)</th><th class="num">Rank</th>
      <th class="num">Val acc (paper)</th><th class="num">Rank in the paper</th></tr></thead>
    <tbody>
    <#list ranking.rows as r>
      <tr><td>${r.label}</td><td class="num">${r.learningRate}</td><td class="num">${r.measured?string["0.00"]}</td>
        <td class="num">${r.measuredRank?string["0.#"]}</td><td class="num">${r.paper?string["0.00"]}</td><td class="num">${r.paperRank?string["0.#"]}</td></tr>
    </#list>
    </tbody>
  </table>
  <p class="note">The experiments ordered by final validation accuracy (mean over seeds), beside the
    paper's Table 1 ordering of the same rows (1 is the best; ties share their mean rank).
    Spearman's rank correlation: <b id="spearman"><#if ranking.spearman?is_nan>not defined for fewer than 3 rows<#else>${ranking.spearman?string["0.00"]}</#if></b>.
    ${ranking.scale}</p>
</section>
</#if>

<section id="figures">
  <h2>Figures</h2>
  <#list figures as fig>
  <figure id="figure-${fig.number}">
    <#if fig.missing??>
      <div class="absent">Figure ${fig.number} not drawn: ${fig.missing}.</div>
    <#else>
      <div class="panels">
      <#list fig.panels as panel>
        <div class="panel<#if !panel.figure.hasCategories() || panel.figure.bars()> compact</#if>">
          ${panel.svg?no_esc}
          <#if panel.subcaption??><div class="note">${panel.subcaption}</div></#if>
          <#if panel.linearSvg??>
          <details>
            <summary>Linear scale, as the reference plots it</summary>
            ${panel.linearSvg?no_esc}
          </details>
          </#if>
        </div>
      </#list>
      </div>
    </#if>
    <figcaption><b>Figure ${fig.number}.</b> ${fig.caption}
      <#list fig.notes as n><span class="notes"> ${n}</span></#list>
    </figcaption>
  </figure>
  </#list>
</section>

<section id="diagnosis">
  <h2>Gradient diagnosis</h2>
  <p>From the mean |dLoss/dW| per layer on the last training batch of an epoch: ${vanishingRule}.</p>
  <table>
    <thead><tr><th>Experiment</th><th>First recorded epoch</th><th>Last epoch</th><th>First/last layer</th><th>Reading</th></tr></thead>
    <tbody>
    <#list diagnoses as d>
      <tr><td>${d.label}</td>
        <td><span class="verdict-${d.verdictAtStart?keep_before(" ")}">${d.verdictAtStart}</span></td>
        <td><span class="verdict-${d.verdictAtEnd?keep_before(" ")}">${d.verdictAtEnd}</span></td>
        <td class="num">${d.ratioAtEnd}</td><td>${d.text}</td></tr>
    </#list>
    </tbody>
  </table>
</section>

<#if benchmark??>
<section id="benchmark">
  <h2>Benchmark</h2>
  <table>
    <thead><tr><#list benchmark.header as h><th<#if benchmark.numeric[h?index]> class="num"</#if>>${h}</th></#list></tr></thead>
    <tbody>
    <#list benchmark.rows as r><tr><#list r as v><td<#if benchmark.numeric[v?index]> class="num"</#if>>${v}</td></#list></tr></#list>
    </tbody>
  </table>
  <p class="note">From ${benchmark.source}, written by <code>vgp:benchmark</code>: ms / step is the median over timed rounds of full training steps, min and max their range; Start s is graph build plus session start; Epoch min and Run h estimate the declared runs on this machine<#if benchmark.machine?has_content>: ${benchmark.machine}</#if>.</p>
</section>
</#if>

<section id="environment">
  <h2>Environment</h2>
  <table>
    <thead><tr><th>Experiment</th><th>Status</th><th>Seed</th><th>Epochs</th><th>Images</th>
      <th>Device</th><th>Java</th><th>TensorFlow</th><th>vgp</th><th>Started</th><th>Finished</th></tr></thead>
    <tbody>
    <#list environment as e>
      <tr><td>${e.label}<div class="note mono">${e.id}</div></td><td>${e.status}</td><td class="num">${e.seed}</td>
        <td class="num">${e.epochs}</td><td>${e.trainingImages}</td><td>${e.device}</td><td>${e.javaVersion}</td>
        <td>${e.tensorflowVersion}</td><td>${e.vgpVersion}</td><td class="date">${e.startedAt}</td><td class="date">${e.finishedAt}</td></tr>
    </#list>
    </tbody>
  </table>
  <table>
    <thead><tr><th>Experiment</th><th>Wall time</th><th>CPU time</th><th>Peak RSS</th><th>Java heap</th>
      <th>Native</th><th>TensorFlow</th><th>GPU memory</th></tr></thead>
    <tbody>
    <#list environment as e>
      <tr><td>${e.label}<div class="note mono">${e.id}</div></td><td class="num">${e.wallTime}</td><td class="num">${e.cpuTime}</td><td class="num">${e.peakRss}</td>
        <td class="num">${e.peakHeap}</td><td class="num">${e.nativeMemory}</td><td class="num">${e.tensorFlowMemory}</td><td class="num">${e.gpuMemory}</td></tr>
    </#list>
    </tbody>
  </table>
  <p class="note">What each run cost its training process, from <code>summary.csv</code>: wall and CPU time summed over the epochs, memory the largest epoch's (peak resident memory; the Java heap's peak; resident memory beyond what the JVM committed; what TensorFlow's host and GPU allocators held during an epoch's last step). Empty where it was not measured: results written before vgp measured it, GPU memory without a GPU.</p>
  <table>
    <thead><tr><th>Experiment</th><th>Dataset</th><th>Data checksum</th><th>Fingerprint</th></tr></thead>
    <tbody>
    <#list environment as e>
      <tr><td>${e.label}</td><td>${e.dataset}</td><td class="mono">${e.dataChecksum}</td><td class="mono">${e.fingerprint}</td></tr>
    </#list>
    </tbody>
  </table>
</section>
</body>
</html>
<#macro metric cell>
        <td class="metric"><span class="ours">${cell.measured}</span><#if cell.paper?has_content><span class="paper">paper ${cell.paper}</span><span class="diff">&Delta; ${cell.difference}</span></#if></td>
</#macro>
