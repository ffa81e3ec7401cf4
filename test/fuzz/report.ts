// What a run prints: how to replay it, what was sent and answered, and each
// finding with enough to reproduce it by hand.
import type { FuzzResult } from './runner.js';

export function replayCommand(r: FuzzResult): string {
  const o = r.options;
  return `npm run fuzz -- --seed ${o.seed} --drives ${o.drives} --requests ${o.maxRequests} --seconds ${o.maxSeconds} --concurrency ${o.concurrency}${o.largeAborts ? '' : ' --no-large-aborts'}`;
}

export function formatResult(r: FuzzResult): string {
  const o = r.options;
  const lines = [
    `fuzz: seed ${o.seed}, ${o.drives} drive(s): ${r.sent} requests in ${(r.elapsedMs / 1000).toFixed(1)} s, ${r.findings.length} finding(s)`,
  ];
  lines.push(`  replay: ${replayCommand(r)}`);
  const statuses = [...r.histogram.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}:${v}`);
  lines.push(`  answers: ${statuses.join(' ')}`);
  if (r.cutResponses.length > 0) lines.push(`  answers cut after their headers (not failures):\n    ${r.cutResponses.join('\n    ')}`);
  for (const f of r.findings) {
    lines.push(
      `  FINDING ${f.kind}${f.status !== undefined ? ` ${f.status}` : ''} at request #${f.index} (${f.op}; mutations: ${f.mutations.join(', ') || 'none'})`,
    );
    lines.push(`    ${f.request.slice(0, 600)}`);
    for (const h of f.headerLines) lines.push(`    ${h.slice(0, 300)}`);
    if (f.bodyPreview !== '') lines.push(`    body: ${f.bodyPreview}`);
    if (f.response !== undefined && f.response !== '') lines.push(`    answer: ${f.response.slice(0, 1500)}`);
    if (f.log !== '') lines.push(`    server log:\n      ${f.log.split('\n').join('\n      ')}`);
  }
  return lines.join('\n');
}
