/**
 * axe-core in a harness page: loads the engine into the page without touching the renderer's CSP
 * (the source is evaluated through the DevTools protocol, which script-src 'self' does not govern,
 * so the served policy stays the production one), runs it with the WCAG 2 A/AA and best-practice
 * rules, and turns the violations into one readable line each (rule id, impact, node targets).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** The rule sets every view and wizard step is held to. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] as const;

/** What the page sends back for one violated rule. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: string[];
}

let source: Promise<string> | undefined;

function axeSource(): Promise<string> {
  source ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

/** Runs axe over the whole document and returns its violations (empty when the page passes). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  // A script, not a function: `void 0` keeps the completion value serialisable.
  if (!loaded) await page.evaluate(`${await axeSource()}\n;void 0`);
  return page.evaluate(
    async (tags) => {
      interface Node {
        readonly target: readonly unknown[];
      }
      interface Rule {
        readonly id: string;
        readonly impact?: string | null;
        readonly help: string;
        readonly nodes: readonly Node[];
      }
      const g = globalThis as unknown as {
        axe: {
          run(
            context: unknown,
            options: { runOnly: { type: 'tag'; values: string[] }; resultTypes: string[] },
          ): Promise<{ violations: Rule[] }>;
        };
        document: unknown;
      };
      const results = await g.axe.run(g.document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        targets: v.nodes.map((n) => n.target.map(String).join(' >> ')),
      }));
    },
    [...AXE_TAGS],
  );
}

/** One line per violated rule: `id (impact, N nodes): help — first targets`. */
export function describeViolations(violations: readonly AxeViolation[], maxTargets = 8): string[] {
  return violations.map((v) => {
    const shown = v.targets.slice(0, maxTargets).join(' | ');
    const more = v.targets.length > maxTargets ? ` | … ${v.targets.length - maxTargets} more` : '';
    return `${v.id} (${v.impact}, ${v.targets.length} node${v.targets.length === 1 ? '' : 's'}): ${v.help} — ${shown}${more}`;
  });
}
