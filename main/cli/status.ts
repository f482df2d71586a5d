/** `syncbit status [--json]`: what the archive holds per data type, and where. */
import { openSession } from '../core/app/session.js';
import { readStatus } from '../core/app/status.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './context.js';

export const run: CliCommand = async (args, ctx) => {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean' } }, 'status [--json]');
  const {
    archive: status,
    destinations,
    signIn,
  } = await readStatus(await openSession({ env: ctx.env, log: ctx.log }));
  if (values.json === true) {
    ctx.io.out(JSON.stringify({ ...status, destinations, ...(signIn ? { signIn } : {}) }, null, 2));
    return 0;
  }
  ctx.io.out(`Data directory: ${status.dataDir}`);
  if (signIn?.lapsesAt !== undefined)
    ctx.io.out(`Google sign-in lapses ${signIn.lapsesAt}: run \`syncbit authorize\` before then.`);
  for (const d of destinations) {
    const next =
      d.nextAttemptAt === undefined ? '' : `, next attempt ${new Date(d.nextAttemptAt).toISOString()}`;
    ctx.io.out(`Export ${d.destination}: ${d.pending} pending, ${d.held} held, ${d.failed} set aside${next}`);
    if (d.lastError) ctx.io.out(`  last error: ${d.lastError.message} [${d.lastError.code}]`);
    for (const f of d.failedDays.slice(0, 5)) ctx.io.out(`  set aside ${f.day}: ${f.message}`);
    for (const w of d.warnings) ctx.io.out(`  warning: ${w}`);
  }
  if (status.days === 0) {
    ctx.io.out(
      'The archive is empty. Import a Google Takeout export (syncbit import <path>) or sign in (syncbit authorize).',
    );
    return 0;
  }
  ctx.io.out(`Archive: ${status.days} days, ${status.firstDay ?? ''} → ${status.lastDay ?? ''}`);
  ctx.io.out('');
  const rows = status.types.filter((t) => t.daysPresent > 0 || t.daysFailed > 0 || t.gaps.length > 0);
  const header = ['type', 'first day', 'last day', 'days', 'records', 'gaps'];
  const table = rows.map((t) => [
    t.type,
    t.firstDay ?? '-',
    t.lastDay ?? '-',
    String(t.daysPresent),
    String(t.records),
    t.gaps.length === 0
      ? 'none'
      : `${t.gaps.reduce((n, g) => n + g.days, 0)} days in ${t.gaps.length} gap${t.gaps.length === 1 ? '' : 's'} (${t.gaps
          .slice(0, 3)
          .map((g) => (g.from === g.to ? g.from : `${g.from}…${g.to}`))
          .join(', ')}${t.gaps.length > 3 ? ', …' : ''})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]): string =>
    r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  ctx.io.out(fmt(header));
  for (const r of table) ctx.io.out(fmt(r));
  const missing = status.types.filter((t) => t.daysPresent === 0).map((t) => t.type);
  if (missing.length > 0) ctx.io.out(`\nNo data yet: ${missing.join(', ')}`);
  return 0;
};
