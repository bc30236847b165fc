/** Broken programs: each mistake is a diagnostic at the right line, with the right severity and message. */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, exampleUri, fixtureUri, lenses, lineOf, log, openPython, ourDiagnostics, waitFor } from './helpers';

async function diagnosticsOf(name: string, uri = fixtureUri(name)) {
  const a = await api();
  const doc = (await openPython(uri)).document;
  assert.ok(await a.settled(uri), `a report for ${name}`);
  const diags = await waitFor(`diagnostics of ${name}`, () => {
    const d = ourDiagnostics(uri);
    return d.length > 0 && d;
  });
  log(
    name,
    diags.map((d) => `${d.range.start.line + 1} ${vscode.DiagnosticSeverity[d.severity]} [${d.code}] ${d.message}`),
  );
  return { doc, diags, uri };
}

suite('diagnostics on broken programs', () => {
  test('a failed assert is an error on the assert, with the actual value', async () => {
    const { doc, diags } = await diagnosticsOf('failed_assert.py');
    const d = diags.find((x) => x.severity === vscode.DiagnosticSeverity.Error);
    assert.ok(d, 'an error');
    assert.strictEqual(d.range.start.line, lineOf(doc, 'assert dy_dx'));
    assert.match(d.message, /AssertionError/);
    assert.match(d.message, /6(\.0)?/, 'the actual value 6.0 is in the message');
  });

  test('NameError at the undefined name', async () => {
    const { doc, diags } = await diagnosticsOf('name_error.py');
    const d = diags.find((x) => /NameError/.test(x.message));
    assert.ok(d, 'a NameError');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(d.range.start.line, lineOf(doc, 'undefined_name'));
    assert.match(d.message, /undefined_name/);
  });

  test('an unwatched constant: warning at the gradient call, lens says None', async () => {
    const { doc, diags, uri } = await diagnosticsOf('unwatched_constant.py');
    const line = lineOf(doc, 'dy_dc = t.gradient(y, c)');
    const d = diags.find((x) => x.range.start.line === line);
    assert.ok(d, 'a diagnostic on the gradient call');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(d.message, /watch/i);
    const l = await lenses(uri);
    assert.deepStrictEqual(
      l.filter((x) => x.line === line).map((x) => x.title),
      ['dy/dc = None · c is not watched'],
    );
  });

  test('a second gradient() call on a non-persistent tape is an error there', async () => {
    const { doc, diags } = await diagnosticsOf('second_gradient.py');
    const d = diags.find((x) => x.severity === vscode.DiagnosticSeverity.Error);
    assert.ok(d, 'an error');
    assert.strictEqual(d.range.start.line, lineOf(doc, 'dy_dx = t.gradient(y, x)'));
    assert.match(d.message, /non-persistent/i);
  });

  test('the broken example of the workspace reports both of its mistakes', async () => {
    const { doc, diags } = await diagnosticsOf('broken_tape.py', exampleUri('broken_tape.py'));
    assert.ok(diags.some((d) => d.range.start.line === lineOf(doc, 'dy_dc = tape.gradient(y, c)')));
    assert.ok(
      diags.some((d) => d.range.start.line === lineOf(doc, 'assert dz_dx') && /AssertionError/.test(d.message)),
    );
  });
});
