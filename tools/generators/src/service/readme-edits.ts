// The README's saga map names, per event, its producer and each consumer's reaction
// (e2e/test/saga-map.e2e-spec.ts checks it against libs/contracts): the generator adds the new
// service's reaction to the event it consumes, and a row for the event it publishes.

const sagaMap = /\n## The saga map\n[\s\S]*?(?=\n### |\n## )/;

function cells(row: string): string[] {
  return row
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

const asRow = (values: string[]) => `| ${values.join(' | ')} |`;

export function addToSagaMap(
  readme: string,
  consumed: string,
  reaction: string,
  published: { type: string; producer: string },
): string {
  const section = sagaMap.exec(readme)?.[0];
  if (!section) throw new Error('README.md: no "## The saga map" section');
  const lines = section.split('\n');
  const typeCell = (type: string) => `\`${type}\``;
  const rowAt = lines.findIndex((line) => line.startsWith('|') && cells(line)[0] === typeCell(consumed));
  if (rowAt < 0) throw new Error(`README.md: the saga map has no row for ${consumed}`);
  const row = cells(lines[rowAt]!);
  const reactions = row[2] ?? '';
  row[2] = reactions === '' || reactions.startsWith('—') ? reaction : `${reactions}; ${reaction}`;
  lines[rowAt] = asRow(row);
  let lastRow = rowAt;
  while (lines[lastRow + 1]?.startsWith('|')) lastRow += 1;
  lines.splice(
    lastRow + 1,
    0,
    asRow([typeCell(published.type), published.producer, '— (no consumer yet)', '—']),
  );
  return readme.replace(section, lines.join('\n'));
}
