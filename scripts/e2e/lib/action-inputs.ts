/**
 * How the Docker actions read their list inputs (docker/actions-toolkit `Util.getInputList`):
 * one item per line, and also per comma unless the input ignores commas; items are trimmed and
 * empty ones dropped. With `comment`, whole lines starting with it are dropped too.
 */
export interface ListOptions {
  readonly ignoreComma?: boolean;
  readonly comment?: string;
}

export function inputList(value: string | undefined, options: ListOptions = {}): string[] {
  if (!value) return [];
  const items: string[] = [];
  for (const rawLine of value.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line) continue;
    if (options.comment && line.startsWith(options.comment)) continue;
    if (options.ignoreComma) {
      items.push(line);
    } else {
      items.push(...splitCsvLine(line));
    }
  }
  return items.map((item) => item.trim()).filter((item) => item.length > 0);
}

/** Splits one line on commas outside double quotes (the toolkit parses each line as CSV). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = !quoted;
      }
    } else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

/** Splits `key=value,key=value` attribute lists (metadata-action's tag, image and flavor entries). */
export function attributes(entry: string): Array<[string, string | undefined]> {
  return splitCsvLine(entry).map((field) => {
    const eq = field.indexOf('=');
    if (eq === -1) return [field.trim(), undefined];
    return [field.slice(0, eq).trim().toLowerCase(), field.slice(eq + 1).trim()];
  });
}

/** `core.getBooleanInput`: YAML 1.2 core booleans only; anything else is an error. */
export function booleanInput(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new Error(`input ${name}: '${value}' is not a boolean (true or false)`);
}
