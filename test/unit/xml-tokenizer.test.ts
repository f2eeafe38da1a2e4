// The streaming XML tokenizer under xmlParser: the same events (names, attributes, text, paths and
// positions) and the same first error however the text is cut into pieces, on the nmap and Nessus corpus
// files and on generated documents; references, line ends and attribute normalisation as XML defines
// them; every well-formedness error with its message, line and column; entity attacks refused; deep
// nesting read without recursion.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src-main/core/import/types';
import { xmlParser } from '../../src-main/core/import/xml';
import { prng } from '../prng';
import { corpus, corpusAvailable, manifest } from './import-helpers';

/**
 * What xmlParser reports for `pieces`: each event with its attributes, text, path and position (and the
 * position the parser gives inside the handler), then the error if there is one.
 */
function run(pieces: readonly string[], roots: readonly string[] = ['r']): string[] {
  const out: string[] = [];
  const parser = xmlParser(
    {
      open(name, attrs, path, at) {
        const now = parser.position();
        out.push(
          `<${name} ${JSON.stringify(attrs)} [${path.join('/')}] ${at.line}:${at.column} ${now.line}:${now.column}`,
        );
      },
      close(name, text, path, at) {
        out.push(`</${name} ${JSON.stringify(text)} [${path.join('/')}] ${at.line}:${at.column}`);
      },
    },
    roots,
  );
  try {
    for (const p of pieces) parser.write(p);
    parser.end();
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    out.push(`error ${err.line}:${err.column} ${err.message}`);
  }
  return out;
}

/** `text` cut at random places into pieces of about `size` characters (1 to 2 × size). */
function cut(text: string, size: number, rnd: () => number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length;) {
    const n = 1 + Math.floor(rnd() * 2 * size);
    pieces.push(text.slice(i, i + n));
    i += n;
  }
  return pieces;
}

/** The last thing reported: the error, or the last event. */
const last = (events: string[]) => events[events.length - 1] ?? '';

const NAMES = ['r', 'a', 'port', 'é', '数据', 'x:y', 'b-c.d', '\u{10000}n'];
const TEXTS = [
  'plain',
  ' ',
  '\n',
  '\r\n',
  '\r',
  '&amp;',
  '&lt;&gt;',
  '&#xa;',
  '&#10;',
  '😀',
  'é',
  ']]',
  ']',
  'a>b',
  '\t',
];

/** A well-formed document with what scan files hold: declaration, DOCTYPE, comments, PIs, CDATA, references. */
function generate(rnd: () => number, elements: number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const text = () => Array.from({ length: Math.floor(rnd() * 4) }, () => pick(TEXTS)).join('');
  let out = pick(['', '\uFEFF']) + '<?xml version="1.0" encoding="UTF-8"?>\r\n';
  out +=
    '<!DOCTYPE r [<!ELEMENT r ANY><!-- a > in a comment --><!ATTLIST r x CDATA "a>b">]>\n<?xml-stylesheet href="x"?>\n<r>';
  const open: string[] = ['r'];
  for (let e = 0; e < elements; e++) {
    const r = rnd();
    if (r < 0.35) {
      const name = pick(NAMES);
      const attrs = Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => {
        const q = pick(['"', "'"]);
        const value = text().replace(/["'<&]/g, '') + pick(['&quot;', '&amp;', '&#x9;', '\t', '\n', '\r\n', 'v']);
        return ` a${i}${pick(['=', ' = '])}${q}${value}${q}`;
      }).join('');
      if (rnd() < 0.4) out += `<${name}${attrs}/>`;
      else {
        out += `<${name}${attrs}${pick(['', ' ', '\n'])}>`;
        open.push(name);
      }
    } else if (r < 0.55 && open.length > 1) out += `</${open.pop()!}${pick(['', ' ', '\r\n'])}>`;
    else if (r < 0.75) out += text();
    else if (r < 0.82) out += `<![CDATA[${pick(['', '<&>', ']', ']]', 'x]]y', '\r\n'])}]]>`;
    else if (r < 0.9) out += `<!--${pick(['', ' c ', '-x', '<r>'])}-->`;
    else out += `<?pi${pick(['', ' body', ' ? >'])}?>`;
  }
  while (open.length > 0) out += `</${open.pop()!}>`;
  return out + pick(['', '\n', '\r\n<!-- end -->\n']);
}

describe('chunk boundaries', () => {
  it('a generated document gives the same events cut at any one place', () => {
    const rnd = prng(7);
    const text = generate(rnd, 60);
    const whole = run([text]);
    expect(last(whole)).toMatch(/^<\/r /);
    for (let at = 1; at < text.length; at++)
      expect(run([text.slice(0, at), text.slice(at)]), `cut at ${at}`).toEqual(whole);
  });

  it('generated documents give the same events cut into pieces of every size', () => {
    const rnd = prng(11);
    for (let d = 0; d < 40; d++) {
      const text = generate(rnd, 50 + Math.floor(rnd() * 400));
      const whole = run([text]);
      expect(last(whole)).toMatch(/^<\/r /);
      for (const size of [1, 3, 20, 700, 6000])
        expect(run(cut(text, size, rnd)), `document ${d}, pieces of ~${size}`).toEqual(whole);
    }
  });

  it('broken documents give the same first error wherever they are cut', () => {
    const rnd = prng(13);
    const damage = [
      '<',
      '&',
      '"',
      '\x01',
      '\uD800',
      '\uFFFE',
      ']]>',
      '--',
      '</a>',
      '<!',
      '<?xml ?>',
      '&nope;',
      '=',
      '\r',
    ];
    let errors = 0;
    for (let d = 0; d < 300; d++) {
      let text = generate(rnd, 40);
      const at = Math.floor(rnd() * text.length);
      if (rnd() < 0.2) text = text.slice(0, at);
      else text = text.slice(0, at) + damage[Math.floor(rnd() * damage.length)]! + text.slice(at);
      const whole = run([text]);
      if (last(whole).startsWith('error')) errors++;
      for (const size of [1, 9, 5000])
        expect(run(cut(text, size, rnd)), `document ${d}: ${JSON.stringify(text)}`).toEqual(whole);
    }
    expect(errors).toBeGreaterThan(200);
  });

  const files = corpusAvailable
    ? manifest()
        .filter((r) => /^(nmap-xml|nessus|nessus-v2-xml)$/.test(r.format))
        .map((r) => r.file)
    : [];
  it.skipIf(!corpusAvailable)('the nmap and Nessus corpus files give the same events however they are cut', () => {
    expect(files.length).toBeGreaterThan(44);
    const rnd = prng(17);
    for (const file of files) {
      const text = readFileSync(corpus(file), 'utf8');
      const roots = ['nmaprun', 'NessusClientData_v2', 'root'];
      const whole = run([text], roots);
      expect(whole.length, file).toBeGreaterThan(0);
      const sizes = text.length > 200_000 ? [40, 9000] : [1, 13, 1000, 8000];
      for (const size of sizes) expect(run(cut(text, size, rnd), roots), `${file}, pieces of ~${size}`).toEqual(whole);
    }
  });
});

describe('what the text says', () => {
  it('expands the five predefined entities and character references, in text and attribute values', () => {
    expect(
      run([`<r a="&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;">&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#128512;</r>`]),
    ).toEqual([`<r {"a":"<>&\\"'AB😀"} [] 1:54 1:54`, `</r "<>&\\"'AB😀" [] 1:103`]);
  });

  it('makes CRLF and a lone CR one line feed in text, CDATA and line numbers', () => {
    expect(run(['<r>a\r\nb\rc\n<![CDATA[d\r\ne\rf]]>\r\n</r>'])).toEqual([
      '<r {} [] 1:4 1:4',
      '</r "a\\nb\\nc\\nd\\ne\\nf\\n" [] 7:5',
    ]);
  });

  it('turns literal tabs and line ends in attribute values into spaces, but not character references', () => {
    expect(run(['<r a="1\t2\n3\r\n4\r5" b="&#9;&#xa;&#13;&#10;"/>'])).toEqual([
      '<r {"a":"1 2 3 4 5","b":"\\t\\n\\r\\n"} [] 4:29 4:29',
      '</r "" [] 4:29',
    ]);
  });

  it('skips the declaration, a DOCTYPE without entities, comments and processing instructions; keeps CDATA as text', () => {
    const text =
      '\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!DOCTYPE nmaprun [<!ELEMENT nmaprun ANY><!-- > -->]>\n<?xml-stylesheet href="nmap.xsl"?>\n<!-- scan -->\n<nmaprun><![CDATA[<&>]]]]><!----><?pi ?>x</nmaprun>\n<!-- after -->\n';
    expect(run([text], ['nmaprun'])).toEqual(['<nmaprun {} [] 5:10 5:10', '</nmaprun "<&>]]x" [] 5:52']);
  });

  it('counts columns in characters: a surrogate pair is one column, as is the byte order mark', () => {
    expect(run(['\uFEFF<r>\r\n  <a x="😀"/>\r\n\t<b>te\rxt</b>\n<数据 é="1">😀😀</数据></r>\r\n'])).toEqual([
      '<r {} [] 1:5 1:5',
      '<a {"x":"😀"} [r] 2:13 2:13',
      '</a "" [r] 2:13',
      '<b {} [r] 3:5 3:5',
      '</b "te\\nxt" [r] 4:7',
      '<数据 {"é":"1"} [r] 5:11 5:11',
      '</数据 "😀😀" [r] 5:18',
      '</r "\\n  \\n\\t\\n" [] 5:22',
    ]);
  });

  it('attribute objects have no members but the attributes', () => {
    let seen: Record<string, string> = {};
    const parser = xmlParser({ open: (_n, attrs) => (seen = attrs), close() {} }, ['r']);
    parser.write('<r constructor="c" __proto__="p"/>');
    parser.end();
    expect(Object.keys(seen)).toEqual(['constructor', '__proto__']);
    expect([seen.constructor, seen.__proto__, seen.toString, seen.hasOwnProperty]).toEqual([
      'c',
      'p',
      undefined,
      undefined,
    ]);
  });
});

/** [what, document, message (exact or pattern), line, column]; line and column as saxes reported them. */
const ERRORS: [string, string, string | RegExp, number, number][] = [
  ['mismatched close tag', '<r>\n<a></b>\n</r>', 'unexpected close tag', 2, 8],
  ['truncated file', '<r>\n<a>\ntext', 'the file ends inside <a>; expected its </a> (the file may be cut short)', 3, 5],
  ['truncated inside a tag', '<r>\n<a x="1', /^the file ends inside <r>/, 2, 8],
  ['truncated inside a comment', '<r/>\n<!-- never', /^the file ends inside a tag, comment or declaration/, 2, 11],
  [
    'text before the root',
    'junk\n<r/>',
    'text outside the root element; expected an XML document whose root is <r>',
    2,
    2,
  ],
  ['text after the root', '<r/>\ntrailing junk\n', /^text outside the root element/, 3, 1],
  ['CDATA outside the root', '<![CDATA[x]]>\n<r/>', /^text outside the root element/, 1, 10],
  ['second root element', '<r/>\n<s/>', /^a second root element <s>/, 2, 4],
  ['no element', '<?xml version="1.0"?>\n<!-- c -->\n', 'no XML element found; expected <r>', 3, 1],
  ['unquoted attribute value', '<r>\n<a x=1/></r>', /^unquoted value of attribute x of <a>/, 2, 7],
  ['unterminated attribute value', '<r>\n<a x="1/>\n</r>', /^"<" inside the value of attribute x/, 3, 2],
  ['"<" in an attribute value', '<r>\n<a x="a<b"/></r>', /^"<" inside the value of attribute x/, 2, 9],
  ['duplicate attribute', '<r>\n<a x="1" x="2"/></r>', 'attribute x appears twice in <a>; expected it once', 2, 17],
  ['element name starting with a digit', '<r>\n<1a/></r>', /^"<" not followed by an element name/, 2, 3],
  ['"<" in text', '<r>\na < b</r>', /^"<" not followed by an element name/, 2, 5],
  ['bad attribute name', '<r>\n<a 1x="1"/></r>', /^a character that cannot start an attribute name in <a>/, 2, 5],
  ['attribute without value', '<r>\n<a x/></r>', /^attribute x of <a> without a value/, 2, 6],
  ['no space between attributes', '<r>\n<a x="1"y="2"/></r>', /^no space between attributes of <a>/, 2, 10],
  ['"--" in a comment', '<r>\n<!-- a -- b -->\n</r>', /^"--" inside a comment/, 2, 11],
  ['processing instruction without target', '<r>\n<? x?></r>', /^processing instruction without a target/, 2, 4],
  [
    'declaration not first',
    '\n<?xml version="1.0"?>\n<r/>',
    /^an XML declaration \(<\?xml \.\.\.\?>\) that is not at the very start/,
    2,
    7,
  ],
  ['malformed declaration', '<?xml versio="1.0"?>\n<r/>', /^malformed XML declaration/, 1, 21],
  ['"]]>" in text', '<r>\na ]]> b</r>', /^"]]>" in text/, 2, 6],
  ['DOCTYPE after the root', '<r/>\n<!DOCTYPE r>', /^a DOCTYPE after the root element/, 2, 10],
  ['two DOCTYPEs', '<!DOCTYPE r>\n<!DOCTYPE r>\n<r/>', /^a DOCTYPE after the root element or after another one/, 2, 10],
  [
    '"<!" junk',
    '<r>\n<!FOO bar></r>',
    /^"<!" not followed by "--", "\[CDATA\[" or "DOCTYPE"; expected one of them$/,
    2,
    10,
  ],
  ['close tag with nothing open', '</r>', /^close tag <\/r> without an open element/, 1, 5],
  ['"</>"', '<r>\n</>', /^"<\/>" without an element name/, 2, 4],
  ['"/" not before ">"', '<r>\n<a/ ></r>', /^"\/" in <a> not followed by ">"/, 2, 5],
  ['junk in a close tag', '<r>\n</r x>', /^a character that cannot be in the close tag <\/r>/, 2, 6],
  ['a column after a surrogate pair', '<r>\n😀😀<a x=1/></r>', /^unquoted value/, 2, 9],
  ['a line after CRLF', '<r>\r\n<a>\r\n</b></r>', 'unexpected close tag', 3, 5],
  [
    'undeclared entity',
    '<r>\n&nope;</r>',
    /^undeclared entity &nope; expected only &lt; &gt; &amp; &quot; &apos;/,
    2,
    7,
  ],
  ['undeclared entity in an attribute', '<r a="&xxe;"/>', /^undeclared entity &xxe;/, 1, 12],
  [
    '"&" not starting a reference',
    '<r>\nAT&T rocks;</r>',
    /^"&T" is not a reference; expected &name; or &#number;/,
    2,
    6,
  ],
  ['empty reference', '<r>\n&;</r>', /^"&;" names nothing/, 2, 3],
  ['character reference out of range', '<r>\n&#x110000;</r>', /^"&#x110000;" is not a character reference/, 2, 11],
  ['malformed character reference', '<r>\n&#12a;</r>', /^"&#12a;" is not a character reference/, 2, 7],
];

const CONTROL =
  'a character that XML does not allow (a control character); expected well-formed XML: the file is damaged or was not written as XML';

/** Characters XML forbids, literal or as references: [what, document, line, column]. */
const FORBIDDEN: [string, string, number, number][] = [
  ['control character in text', '<r>\nab\x01c</r>', 2, 4],
  ['control character in an attribute value', '<r>\n<a x="\x05"/></r>', 2, 8],
  ['control character in a tag', '<r>\n<a \x0b x="1"/></r>', 2, 5],
  ['control character in a comment before the root', '<!-- \x1f -->\n<r/>', 1, 7],
  ['NUL', '<r>\x00</r>', 1, 5],
  ['U+FFFE', '<r>\n\uFFFE</r>', 2, 2],
  ['U+FFFF in a name', '<r>\n<a\uFFFF/></r>', 2, 4],
  ['lone high surrogate', '<r>\n\uD800x</r>', 2, 2],
  ['lone high surrogate at the end', '<r/>\uD800', 1, 6],
  ['lone low surrogate', '<r>\n\uDC00</r>', 2, 2],
  ['&#0;', '<r>\n&#0;</r>', 2, 5],
  ['&#x1; in an attribute', '<r a="&#x1;"/>', 1, 12],
  ['&#xD800;', '<r>\n&#xD800;</r>', 2, 9],
  ['&#xFFFF;', '<r>&#xFFFF;</r>', 1, 12],
  ['control character before another error on the same tag', '<r>\n<a \x01 1="1"/></r>', 2, 5],
];

describe('well-formedness errors', () => {
  it.each(ERRORS)('%s', (_what, text, message, line, column) => {
    const whole = last(run([text]));
    expect(whole).toMatch(/^error /);
    const [, at, said] = /^error (\S+) (.*)$/s.exec(whole)!;
    expect(at).toBe(`${line}:${column}`);
    if (typeof message === 'string') expect(said).toBe(message);
    else expect(said).toMatch(message);
    expect(last(run(cut(text, 1, prng(line))))).toBe(whole);
  });

  it.each(FORBIDDEN)('%s', (_what, text, line, column) => {
    expect(last(run([text]))).toBe(`error ${line}:${column} ${CONTROL}`);
    expect(last(run(cut(text, 1, prng(column))))).toBe(`error ${line}:${column} ${CONTROL}`);
  });

  it('the root element must be one the format expects', () => {
    expect(last(run(['<?xml version="1.0"?>\n<root>x</root>'], ['nmaprun']))).toBe(
      'error 2:7 expected <nmaprun> as the root element, found <root>',
    );
  });

  it('an error is the answer to every later write and to end', () => {
    const parser = xmlParser({ open() {}, close() {} }, ['r']);
    expect(() => parser.write('<r><a></b>')).toThrow('unexpected close tag');
    expect(() => parser.write('</r>')).toThrow('unexpected close tag');
    expect(() => parser.end()).toThrow('unexpected close tag');
  });

  it("a handler's error is reported at the element it was handling", () => {
    const parser = xmlParser(
      {
        open(name) {
          if (name === 'port') throw new Error('expected <port> to have a protocol attribute');
        },
        close() {},
      },
      ['r'],
    );
    expect(() => {
      parser.write('<r>\n\n<port portid="1">');
      parser.end();
    }).toThrow(
      expect.objectContaining({ message: 'expected <port> to have a protocol attribute', line: 3, column: 18 }),
    );
  });
});

describe('entity attacks', () => {
  const refused = /^error \S+ the DOCTYPE declares entities; entity declarations are refused/;
  it('refuses billion laughs, external and parameter entities before any element is read', () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY a "aaaaaaaaaa">\n${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('\n')}\n]>\n<r>&j;</r>`;
    const external = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<r a="&xxe;">&xxe;</r>';
    const http = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]><r>&xxe;</r>';
    const parameter = '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]><r/>';
    for (const text of [laughs, external, http, parameter]) {
      const events = run([text]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatch(refused);
    }
    expect(run([laughs])[0]).toMatch(/^error 13:3 /);
  });

  it('reads no external DTD and expands nothing it does not know', () => {
    expect(run(['<!DOCTYPE r SYSTEM "http://127.0.0.1:9/r.dtd">\n<r>x</r>'])).toEqual([
      '<r {} [] 2:4 2:4',
      '</r "x" [] 2:9',
    ]);
    expect(last(run(['<!DOCTYPE r SYSTEM "r.dtd">\n<r>&ext;</r>']))).toMatch(/^error 2:9 undeclared entity &ext;/);
  });
});

describe('size and depth', () => {
  it('reads 100,000 nested elements without recursion, whole or in small pieces', () => {
    const depth = 100_000;
    const text = `<r>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</r>`;
    for (const pieces of [[text], cut(text, 100, prng(3))]) {
      let deepest = 0;
      let closes = 0;
      const parser = xmlParser(
        {
          open: (_n, _a, path) => (deepest = Math.max(deepest, path.length)),
          close: (name, inner) => {
            closes++;
            if (closes === 1) expect([name, inner]).toEqual(['a', 'x']);
          },
        },
        ['r'],
      );
      for (const p of pieces) parser.write(p);
      parser.end();
      expect([deepest, closes]).toEqual([depth, depth + 1]);
    }
    const unclosed = xmlParser({ open() {}, close() {} }, ['r']);
    unclosed.write(`<r>${'<a>'.repeat(depth)}`);
    expect(() => unclosed.end()).toThrow(
      expect.objectContaining({
        message: 'the file ends inside <a>; expected its </a> (the file may be cut short)',
        line: 1,
        column: 4 + 3 * depth,
      }),
    );
  });

  it('keeps a 3 MB attribute value, text and CDATA section whole across 1,000-character pieces', () => {
    const big = 'x'.repeat(3_000_000);
    const rnd = prng(5);
    for (const text of [`<r a="${big}"/>`, `<r>${big}</r>`, `<r><![CDATA[${big}]]></r>`, `<r><!--${big}--></r>`]) {
      let value = '';
      const parser = xmlParser({ open: (_n, attrs) => (value = attrs.a ?? value), close: (_n, t) => (value ||= t) }, [
        'r',
      ]);
      for (const p of cut(text, 1000, rnd)) parser.write(p);
      parser.end();
      expect(value.length).toBe(text.includes('<!--') ? 0 : big.length);
    }
  });
});
