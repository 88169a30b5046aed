import { z } from 'zod';

/**
 * Zod's own wording ("Invalid input: expected string, received undefined", "Too big: expected
 * string to have <=200 characters") speaks to programmers. Every schema that gives no message of
 * its own gets these instead: a predicate that reads after the field's name, "Outcome must be one
 * of: …". Loaded once, with the error types, so the API, the CLI and the jobs all speak alike.
 */
type Issue = z.core.$ZodRawIssue;

const listed = (values: readonly unknown[]) => values.map((v) => String(v)).join(', ');

const expectedKind: Record<string, string> = {
  string: 'must be text',
  number: 'must be a number',
  int: 'must be a whole number',
  boolean: 'must be true or false',
  array: 'must be a list',
  object: 'must be an object of named fields',
  date: 'must be a date',
};

const formats: Record<string, string> = {
  email: 'must be an e-mail address, e.g. name@example.org',
  uuid: 'must be an id as Postbag gives them (a UUID)',
  guid: 'must be an id as Postbag gives them (a UUID)',
  url: 'must be a web address, e.g. https://example.org',
  date: 'must be a date written YYYY-MM-DD, e.g. 2026-12-31',
  datetime: 'must be a date and time, e.g. 2026-03-01T09:30:00Z',
};

function size(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string | undefined {
  const small = issue.code === 'too_small';
  const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const bound = small ? (issue.inclusive === false ? 'more than' : 'at least') : issue.inclusive === false ? 'less than' : 'at most';
  const count = n.toLocaleString('en-GB');
  switch (issue.origin) {
    case 'string':
      return small && n === 1 ? 'must not be empty' : `must be ${bound} ${count} character${n === 1 ? '' : 's'}`;
    case 'array':
    case 'set':
      return small && n === 1 ? 'must name at least one' : `must have ${bound} ${count} item${n === 1 ? '' : 's'}`;
    case 'number':
    case 'int':
    case 'bigint':
      return `must be ${bound} ${count}`;
    default:
      return undefined;
  }
}

export function plainMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return expectedKind[issue.expected] ?? `must be ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${listed(issue.values)}` : `must be one of: ${listed(issue.values)}`;
    case 'invalid_format':
      return formats[issue.format] ?? 'is not in the form expected';
    case 'too_small':
    case 'too_big':
      return size(issue);
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `has unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling`;
    case 'invalid_union':
      return 'is not in any of the forms accepted';
    default:
      return undefined;
  }
}

z.config({ customError: plainMessage });
