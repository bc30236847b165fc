/**
 * Hostile identifiers and strings in hovers: whatever the document holds — HTML, `</script>`, `javascript:`
 * links, Markdown links to commands, images, fences, theme icons — the hover Markdown renders it as text. The only
 * links are the hover's own `command:gradientLens.copyValue` / `openInspector` / `showIteration`, which the
 * provider trusts through `isTrusted.enabledCommands` (nothing else is trusted anywhere in the extension).
 *
 * The Markdown is rendered with markdown-it (CommonMark + linkify, raw HTML on, so any HTML that got through would
 * show), and the HTML is checked for links, images and tags.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, test } from 'vitest';
import {
  code,
  escapeMd,
  fence,
  gradientHover,
  HOVER_COMMANDS,
  type HoverContext,
  linksLine,
  tapeHover,
  valueHover,
} from '../../src/extension/core/hoverText';
import { tapeGroups } from '../../src/extension/core/lookup';
import { formatMessage as t } from '../../src/extension/core/translate';
import type { GradientRecord, RunReport } from '../../src/protocol/report';
import { seedReport } from './fixtures';

const md = new MarkdownIt({ html: true, linkify: true });
const hctx: HoverContext = { uri: 'file:///a.py', fmt: { precision: 4, maxChars: 60 }, t };

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '[x](command:workbench.action.files.delete)',
  '[x](javascript:alert(1))',
  '[x]: javascript:alert(1)\n\n[x]',
  '![t](https://evil.example/t.png)',
  '<https://evil.example>',
  '<a href="command:workbench.action.files.delete">x</a>',
  '```\n[x](command:workbench.action.files.delete)\n```',
  '~~~\n![t](https://evil.example/t.png)\n~~~',
  'a\n\n[x](command:workbench.action.files.delete)',
  '`` ` [x](command:workbench.action.files.delete) ` ``',
  '$(zap) $(trash)',
  'javascript:alert(1)',
  '&lt;img src=x onerror=alert(1)&gt;',
  '\\[x\\](command:x)',
  '<!-- x --><iframe src="https://evil.example">',
];

/** Rendered HTML of a hover: checks that only the hover's own command links and plain text come out. */
function expectInert(markdown: string, icons = true): void {
  const html = md.render(markdown);
  for (const m of html.matchAll(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)) {
    const href = m[1];
    const own = HOVER_COMMANDS.some((c) => href.startsWith(`command:${c}?`));
    // A bare URL in the text may be linkified: its text is the URL itself, nothing hidden.
    const bare = /^https?:\/\//.test(href) && m[2].replace(/&amp;/g, '&') === decodeURI(href);
    expect(own || bare, `link ${href} in:\n${markdown}\n→\n${html}`).toBe(true);
  }
  expect(html, markdown).not.toMatch(
    /<(img|script|iframe|svg|object|embed|style)\b|<a href="(javascript|command:workbench)/i,
  );
  // Every tag in the HTML is one markdown-it makes itself.
  for (const tag of html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)) {
    expect(['p', 'code', 'pre', 'strong', 'em', 'a', 'hr', 'ul', 'li', 'br']).toContain(tag[1].toLowerCase());
  }
  // No theme icon syntax survives unescaped outside code (hovers render `$(name)` as an icon), except the two icons
  // of the hover's own links. (Only for the fixed strings: the code-span stripping here is approximate.)
  if (!icons) return;
  const text = markdown
    .replace(/^(`{3,})[\s\S]*?^\1/gm, '')
    .replace(/(`+)[\s\S]*?\1/g, '')
    .replace(/\[\$\((copy|type-hierarchy)\) /g, '[');
  expect(text, markdown).not.toMatch(/(^|[^\\])\$\([\w-]+\)/);
}

function hovers(s: string): string[] {
  const r: RunReport = seedReport();
  const value = { ...r.values[0], label: s, value: { ...r.values[0].value, repr: s, preview: s } };
  const g: GradientRecord = {
    ...r.gradients[0],
    target: s,
    results: [
      { ...r.gradients[0].results[0], label: s },
      { label: s, none: { reason: 'unconnected', message: s } },
    ],
  };
  const explained: GradientRecord = {
    ...r.gradients[0],
    results: [
      {
        ...r.gradients[0].results[0],
        explanation: {
          summary: s,
          paths: [
            {
              contribution: s,
              steps: [
                { op: s, name: s, output: s, input: s, localFormula: s, localValue: s, upstream: s, downstream: s },
              ],
            },
          ],
        },
      },
    ],
  };
  const tape = { ...r.tapes[0], name: s, watched: [{ ...r.tapes[0].watched[0], name: s }] };
  const group = { ...tapeGroups(r)[0], tape };
  return [
    valueHover(value, hctx),
    gradientHover(g, hctx),
    gradientHover(explained, hctx),
    tapeHover(group, hctx),
    linksLine(hctx, { uri: s, span: r.values[0].span }, { uri: s, tape: 1 }),
  ];
}

describe('hostile text in hovers renders as text', () => {
  for (const s of HOSTILE) {
    test(JSON.stringify(s), () => {
      for (const h of hovers(s)) expectInert(h);
    });
  }

  test('the builders: inline code, fences and escapes cannot be closed from inside', () => {
    expect(code('a``b')).toBe('``` a``b ```');
    expect(code('a\n\nb')).toBe('`a b`');
    expect(fence('```\nx\n````')).toBe('`````python\n```\nx\n````\n`````');
    expect(escapeMd('[x](y) <b> $(zap) ~~s~~')).toBe('\\[x\\](y) \\<b\\> \\$(zap) \\~\\~s\\~\\~');
  });

  test('any string, anywhere in a hover (fast-check)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc
        .array(fc.constantFrom(...HOSTILE, '`', '\n', ' ', '[', ']', '(', ')', '!', '<', '>', '$', '~', ':'), {
          maxLength: 12,
        })
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (s) => {
        for (const h of hovers(s)) expectInert(h, false);
      }),
      { seed: 7, numRuns: 400 },
    );
  });
});

describe('trust', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });
  const src = join(__dirname, '../../src/extension');

  test('the hover trusts exactly its three commands, and nothing else in the extension is trusted', () => {
    expect(HOVER_COMMANDS).toEqual([
      'gradientLens.copyValue',
      'gradientLens.openInspector',
      'gradientLens.showIteration',
    ]);
    const hover = readFileSync(join(src, 'features/hoverProvider.ts'), 'utf8');
    expect(hover).toContain('md.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };');
    for (const f of files(src)) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/isTrusted\s*=\s*true|isTrusted:\s*true|supportHtml/);
    }
  });
});
