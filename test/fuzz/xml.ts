// The XML documents S3 clients send, as small trees, and the ways to break
// them: structural (deep nesting, wrong root, huge or negative numbers,
// duplicated or missing elements) and textual (truncated, entities,
// invalid UTF-8, BOM, CDATA, comments).
import type { Rng } from './prng.js';

export type XmlNode = [name: string, content: XmlNode[] | string];

export const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function serialize(node: XmlNode, attrs = ''): string {
  const [name, content] = node;
  const inner = typeof content === 'string' ? escape(content) : content.map((c) => serialize(c)).join('');
  return `<${name}${attrs}>${inner}</${name}>`;
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const NUMBERS = ['-1', '0', '1.5', '1e3', '0x10', '99999999999999999999999', '9007199254740993', 'NaN', '', ' 7 ', '٣', '+1', '-0'];
const TEXTS = [
  '',
  ' ',
  'x'.repeat(5000),
  'ключ/ü😀',
  '\u0000',
  '&amp;&lt;',
  'Enabled',
  'Disabled',
  'Suspended',
  'GOVERNANCE',
  'COMPLIANCE',
  'ON',
  'OFF',
  '2030-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  'not-a-date',
  '"etag"',
  'true',
];

const TREE_MUTATIONS = [
  'huge-number',
  'wrong-root',
  'duplicate',
  'remove',
  'replace-text',
  'many-children',
  'text-for-children',
  'children-for-text',
] as const;
const TEXT_MUTATIONS = [
  'deep-nesting',
  'truncate',
  'entities',
  'billion-laughs',
  'external-entity',
  'invalid-utf8',
  'bom',
  'cdata',
  'comment',
  'namespace',
  'junk-after',
  'attributes',
  'processing-instruction',
  'empty',
  'not-xml',
  'huge-text',
] as const;

/** Every element, for picking one to mutate. */
function walk(node: XmlNode, out: XmlNode[] = []): XmlNode[] {
  out.push(node);
  if (typeof node[1] !== 'string') for (const c of node[1]) walk(c, out);
  return out;
}

function clone(node: XmlNode): XmlNode {
  return [node[0], typeof node[1] === 'string' ? node[1] : node[1].map(clone)];
}

function mutateTree(tree: XmlNode, rng: Rng, what: (typeof TREE_MUTATIONS)[number]): XmlNode {
  const root = clone(tree);
  const nodes = walk(root);
  const target = rng.pick(nodes);
  const parents = nodes.filter((n): n is [string, XmlNode[]] => typeof n[1] !== 'string' && n[1].length > 0);
  switch (what) {
    case 'huge-number':
      for (const n of nodes) if (typeof n[1] === 'string' && /^\d+$/.test(n[1])) n[1] = rng.pick(NUMBERS);
      if (typeof target[1] === 'string') target[1] = rng.pick(NUMBERS);
      break;
    case 'wrong-root':
      root[0] = rng.pick(['Wrong', 'Delete', 'Tagging', 'CompleteMultipartUpload', 'LifecycleConfiguration', 'Retention', 'Error', 'a:b']);
      break;
    case 'duplicate':
      if (parents.length > 0) {
        const p = rng.pick(parents);
        p[1].push(clone(rng.pick(p[1])));
      }
      break;
    case 'remove':
      if (parents.length > 0) {
        const p = rng.pick(parents);
        p[1].splice(rng.int(p[1].length), 1);
      }
      break;
    case 'replace-text':
      if (typeof target[1] === 'string') target[1] = rng.pick(TEXTS);
      break;
    case 'many-children':
      if (parents.length > 0) {
        const p = rng.pick(parents);
        const child = rng.pick(p[1]);
        for (let i = 0, n = rng.pick([100, 1001, 5000]); i < n; i++) p[1].push(clone(child));
      }
      break;
    case 'text-for-children':
      if (parents.length > 0) (rng.pick(parents) as XmlNode)[1] = rng.pick(TEXTS);
      break;
    case 'children-for-text':
      if (typeof target[1] === 'string') target[1] = [['Nested', target[1]]];
      break;
  }
  return root;
}

function mutateText(xml: string, rng: Rng, what: (typeof TEXT_MUTATIONS)[number]): Buffer {
  const doc = (s: string): Buffer => Buffer.from(s, 'utf8');
  switch (what) {
    case 'deep-nesting': {
      // Built as text: the fuzzer's own recursive serializer would overflow.
      const depth = rng.pick([50, 1000, 20_000, 200_000]);
      const name = rng.pick(['Deep', 'Part', 'Object', 'Rule', 'Tag']);
      return doc(xml.replace(/>([^<]*)</, `>${`<${name}>`.repeat(depth)}$1${`</${name}>`.repeat(depth)}<`));
    }
    case 'truncate':
      return doc(xml.slice(0, rng.int(xml.length)));
    case 'entities':
      return doc(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "expanded">]>${xml.replace(/>([^<]+)</, '>&e;<')}`);
    case 'billion-laughs': {
      let dtd = '<!ENTITY l0 "lol">';
      for (let i = 1; i < 10; i++) dtd += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
      return doc(`<?xml version="1.0"?><!DOCTYPE r [${dtd}]>${xml.replace(/>([^<]+)</, '>&l9;<')}`);
    }
    case 'external-entity':
      return doc(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${xml.replace(/>([^<]+)</, '>&x;<')}`);
    case 'invalid-utf8': {
      const b = doc(xml);
      const at = rng.int(b.length);
      return Buffer.concat([
        b.subarray(0, at),
        Buffer.from(rng.pick([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x00]])),
        b.subarray(at),
      ]);
    }
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), doc(xml)]);
    case 'cdata':
      return doc(xml.replace(/>([^<]+)</, '><![CDATA[$1]]><'));
    case 'comment':
      return doc(xml.replace(/></, '><!-- c --><'));
    case 'namespace':
      return doc(xml.replace(/^<([A-Za-z]+)/, `<$1 xmlns="${XMLNS}"`).replace(/<(\/?)([A-Z])/g, rng.chance(0.5) ? '<$1s3:$2' : '<$1$2'));
    case 'junk-after':
      return doc(xml + rng.pick(['<Extra/>', 'junk', '<?pi?>', '\u0000']));
    case 'attributes':
      return doc(xml.replace(/<([A-Za-z]+)>/, '<$1 a="1" b=\'2\' a="3">'));
    case 'processing-instruction':
      return doc(`<?xml version="1.0" encoding="${rng.pick(['UTF-16', 'ISO-8859-1', 'bogus'])}"?>${xml}`);
    case 'empty':
      return Buffer.alloc(0);
    case 'not-xml':
      return doc(rng.pick(['{"json":true}', 'plain text', '<', '<<>>', '</a>', '<a></b>']));
    case 'huge-text':
      return doc(xml.replace(/>([^<]+)</, `>${'y'.repeat(rng.pick([100_000, 1_200_000]))}<`));
  }
}

/** The document for `tree`, often broken; returns the mutations applied. */
export function xmlBody(tree: XmlNode, rng: Rng): { body: Buffer; mutations: string[] } {
  const mutations: string[] = [];
  let node = tree;
  if (rng.chance(0.5)) {
    const what = rng.pick(TREE_MUTATIONS);
    node = mutateTree(node, rng, what);
    mutations.push(`xml:${what}`);
  }
  const xml = serialize(node, rng.chance(0.3) ? ` xmlns="${XMLNS}"` : '');
  if (rng.chance(0.4)) {
    const what = rng.pick(TEXT_MUTATIONS);
    mutations.push(`xml:${what}`);
    return { body: mutateText(xml, rng, what), mutations };
  }
  return { body: Buffer.from(xml, 'utf8'), mutations };
}
