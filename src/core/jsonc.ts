import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { describeSyntaxError } from './jsonObject';
import { msg, OAuthJwtError } from './errors';
import type { MessageArgument } from '../shared/l10n';
import { MAX_JSON_CHARS } from './limits';

/**
 * Parses JSON with comments and trailing commas (VS Code settings files). Unlike a plain
 * `jsonc-parser.parse`, a `__proto__` key becomes an ordinary own property instead of replacing the
 * object's prototype, so a hostile settings file cannot make a profile inherit fields.
 */
export function parseJsonc(text: string, what: MessageArgument): unknown {
  if (text.length > MAX_JSON_CHARS) {
    throw new OAuthJwtError('INPUT_TOO_LARGE', msg('{0} is larger than {1} characters.', what, MAX_JSON_CHARS), msg('Check that the right file was given.'));
  }
  const tooDeep = () => new OAuthJwtError('INVALID_JSON', msg('{0} is nested more than {1} levels deep.', what, MAX_DEPTH), msg('Settings are never nested that deeply: check the file.'));
  const source = text.replace(/^\uFEFF/, '');
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (error) {
    // The parser recurses per nesting level: a small file of brackets can exhaust the stack.
    if (error instanceof RangeError) throw tooDeep();
    throw error;
  }
  const first = errors[0];
  if (first || !root) {
    throw new OAuthJwtError('INVALID_JSON', first ? msg('{0} is not valid JSON: {1}.', what, describeSyntaxError(source, first)) : msg('{0} is not valid JSON.', what),
      msg('Fix the JSON syntax and try again.'));
  }
  return toValue(root, 0, tooDeep);
}

/** Deeper than this is refused; settings and claims are a few levels deep at most. */
const MAX_DEPTH = 64;

function toValue(node: Node, depth: number, tooDeep: () => Error): unknown {
  if (depth > MAX_DEPTH) throw tooDeep();
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        Object.defineProperty(out, String(keyNode.value), { value: toValue(valueNode, depth + 1, tooDeep), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((child) => toValue(child, depth + 1, tooDeep));
    default:
      return node.value;
  }
}
