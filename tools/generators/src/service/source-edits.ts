// Edits of the TypeScript sources that list events, made on the syntax tree so a fork's own
// formatting or extra entries do not break them; each fails with what it looked for.
import ts from 'typescript';

function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}

function find<T extends ts.Node>(root: ts.Node, match: (node: ts.Node) => node is T): T[] {
  const found: T[] = [];
  const visit = (node: ts.Node) => {
    if (match(node)) found.push(node);
    node.forEachChild(visit);
  };
  visit(root);
  return found;
}

function objectOf(source: ts.SourceFile, variable: string): ts.ObjectLiteralExpression {
  const declaration = find(source, ts.isVariableDeclaration).find((node) => node.name.getText() === variable);
  let value = declaration?.initializer;
  while (value && (ts.isAsExpression(value) || ts.isSatisfiesExpression(value))) value = value.expression;
  if (!value || !ts.isObjectLiteralExpression(value)) {
    throw new Error(`${source.fileName}: no object literal \`const ${variable} = { ... }\``);
  }
  return value;
}

interface Edit {
  at: number;
  /** How many characters from `at` go. */
  remove: number;
  insert: string;
}

/** Applies edits made against the same text, from the last to the first. */
function applyEdits(text: string, edits: Edit[]): string {
  return [...edits]
    .sort((a, b) => b.at - a.at)
    .reduce(
      (result, edit) => result.slice(0, edit.at) + edit.insert + result.slice(edit.at + edit.remove),
      text,
    );
}

/** Appends `entry` to an object or array literal's elements, keeping a trailing comma. */
function append(list: ts.NodeArray<ts.Node>, closing: number, entry: string): Edit {
  const last = list[list.length - 1];
  if (!last) return { at: closing, remove: 0, insert: entry };
  if (list.hasTrailingComma) {
    const comma = last.getSourceFile().text.indexOf(',', last.getEnd());
    return { at: comma + 1, remove: 0, insert: `${entry},` };
  }
  return { at: last.getEnd(), remove: 0, insert: `, ${entry}` };
}

/** topics.ts: `key: 'type'` at the end of `topics`. */
export function addTopic(file: string, text: string, key: string, type: string): string {
  const topics = objectOf(parse(file, text), 'topics');
  if (topics.properties.some((property) => property.name?.getText() === key)) {
    throw new Error(`${file}: topics.${key} exists already`);
  }
  return applyEdits(text, [append(topics.properties, topics.getEnd() - 1, `\n  ${key}: '${type}'`)]);
}

/** catalog.ts: imports `constant` from its events file and registers it in `events`. */
export function addToCatalog(file: string, text: string, constant: string, module: string): string {
  const source = parse(file, text);
  const imports = source.statements.filter(ts.isImportDeclaration);
  const lastImport = imports[imports.length - 1];
  if (!lastImport) throw new Error(`${file}: no import to add the new events file after`);
  const events = objectOf(source, 'events');
  return applyEdits(text, [
    { at: lastImport.getEnd(), remove: 0, insert: `\nimport { ${constant} } from '${module}';` },
    append(events.properties, events.getEnd() - 1, `\n  [${constant}.type]: ${constant}`),
  ]);
}

/**
 * An events file: adds `service` and its `reaction` to the reactions of the defineEvent whose
 * type is `topics.<topicKey>`; undefined when the file does not define that event.
 */
export function addConsumer(
  file: string,
  text: string,
  topicKey: string,
  service: string,
  reaction: string,
): string | undefined {
  const source = parse(file, text);
  const definition = find(source, ts.isObjectLiteralExpression).find((object) =>
    object.properties.some(
      (property) =>
        ts.isPropertyAssignment(property) &&
        property.name.getText() === 'type' &&
        property.initializer.getText() === `topics.${topicKey}`,
    ),
  );
  if (!definition) return undefined;
  const reactions = definition.properties.find(
    (property): property is ts.PropertyAssignment =>
      ts.isPropertyAssignment(property) && property.name.getText() === 'reactions',
  )?.initializer;
  if (!reactions || !ts.isObjectLiteralExpression(reactions)) {
    throw new Error(`${file}: topics.${topicKey} has no \`reactions: { ... }\` object`);
  }
  if (reactions.properties.some((property) => property.name?.getText() === service)) {
    throw new Error(`${file}: ${service} consumes topics.${topicKey} already`);
  }
  const edits = [
    append(
      reactions.properties,
      reactions.getEnd() - 1,
      `\n    ${service}: '${reaction.replace(/['\\]/g, '\\$&')}'`,
    ),
  ];
  // The first consumer of an event marked as having none yet: the mark goes, with its comment.
  const mark = definition.properties.find((property) => property.name?.getText() === 'noConsumerYet');
  if (mark) {
    const start = mark.getFullStart();
    const end = text.indexOf('\n', mark.getEnd());
    const comma = text.slice(mark.getEnd(), end).trim() === ',' ? end : mark.getEnd();
    edits.push({ at: start, remove: comma - start, insert: '' });
  }
  return applyEdits(text, edits);
}
