// `npx tsx test/reliability/figures.ts`: the figures the reliability suite and the soak wrote to
// test-results/reliability/, as the Markdown tables of test/RELIABILITY.md (one row per category).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIGURES_DIR, type Figures } from './support/figures-file';

function table(): string {
  if (!existsSync(FIGURES_DIR)) return 'no figures yet: run `npx vitest run test/reliability` first';
  const rows = new Map<string, Figures & { files: Set<string> }>();
  for (const name of readdirSync(FIGURES_DIR).filter((n) => n.endsWith('.json') && n !== 'soak.json').sort()) {
    const figures = JSON.parse(readFileSync(join(FIGURES_DIR, name), 'utf8')) as Record<string, Figures>;
    for (const [category, counts] of Object.entries(figures)) {
      const row = rows.get(category) ?? { cases: 0, faults: 0, lost: 0, paidNotKept: 0, files: new Set<string>() };
      row.cases += counts.cases;
      row.faults += counts.faults;
      row.lost += counts.lost;
      row.paidNotKept += counts.paidNotKept ?? 0;
      row.files.add(name.replace(/\.json$/, ''));
      rows.set(category, row);
    }
  }
  const lines = ['| category | cases tried | faults survived | data lost | paid, not kept (outage cost) | test files |', '|---|---:|---:|---:|---:|---|'];
  const total = { cases: 0, faults: 0, lost: 0, paidNotKept: 0 };
  for (const [category, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| ${category} | ${row.cases} | ${row.faults} | ${row.lost} | ${row.paidNotKept} | ${[...row.files].join(', ')} |`);
    total.cases += row.cases;
    total.faults += row.faults;
    total.lost += row.lost;
    total.paidNotKept += row.paidNotKept;
  }
  lines.push(`| **total** | **${total.cases}** | **${total.faults}** | **${total.lost}** | **${total.paidNotKept}** | |`);
  return lines.join('\n');
}

function soak(): string {
  const file = join(FIGURES_DIR, 'soak.json');
  if (!existsSync(file)) return 'no soak figures yet: run `npm run soak`';
  return `\`\`\`json\n${JSON.stringify(JSON.parse(readFileSync(file, 'utf8')).report, null, 2)}\n\`\`\``;
}

console.log(`${table()}\n\n${soak()}`);
