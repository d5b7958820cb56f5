import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bitMap, decode, encode, toTCData, validate } from '../src/index.js';

// These tests spawn the built CLI, dist/cli.js (the test script builds it first; so does
// beforeAll when it is missing).

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli.js');

// Strings of shared/tcf-format.md §11.
const V1 = 'CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA';
const V3 = 'CQd924AQd924AASACCENCNFsAP_gAEIAACiQL6QBAAGAAOANmAcAF9IAIADgAA.YIAAAAAAAAAA';
const V4 =
  'CLSYjTaOngnCIAOABBENAXCMAGOAABBAAA7IA5n-m7fP6_3fbqVv6E__PoA5Aqff3aJx8tv_1967rfnQEQoAIAAQCrwkAEABAcACABIMACAAuApEVABABUSABgBCAVSAtIoACACIArYQAHACgAFgAVwBJgDcAI7AWgMAAgBiKgAgBMgFfKQAQBRkQAQA4AFiBAAoA-AEVAJlAVgAtYcACAJcAr4eABAK8OgBgFzAOmAqwgABAWyA';
const TRUNCATED = 'CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgAC';
/** A clean TCF 2.3 string: validate finds nothing. */
const CLEAN = encode({
  created: '2026-03-02T00:00:00Z',
  lastUpdated: '2026-03-02T00:00:00Z',
  cmpId: 300,
  policyVersion: 5,
  purposeConsents: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  purposeLegitimateInterests: [2, 7, 8, 9, 10, 11],
  specialFeatureOptins: [1],
  vendorConsents: [1, 2, 3, 10],
  vendorLegitimateInterests: [2, 10],
  vendorsDisclosed: [1, 2, 3, 10, 20],
});

/** The environment of every run: no colour variables from the test runner's own environment. */
const ENV: NodeJS.ProcessEnv = { ...process.env };
delete ENV.NO_COLOR;
delete ENV.FORCE_COLOR;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    input: options.input ?? '',
    env: { ...ENV, ...options.env },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The JSON lines of a batch output. */
function jsonLines(text: string): unknown[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as unknown);
}

/** The column of the caret line's `^` must be the column of character `index` in the line above it. */
function expectCaretUnder(text: string, shown: string, index: number): void {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(shown));
  expect(at, text).toBeGreaterThanOrEqual(0);
  const caret = lines[at + 1]!;
  expect(caret.trim()).toBe('^');
  expect(caret.indexOf('^')).toBe(lines[at]!.indexOf(shown) + index);
}

const ANSI = /\x1b\[[0-9;]*m/;

let tmp = '';

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  tmp = mkdtempSync(join(tmpdir(), 'tcstring-cli-'));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('tcstring decode', () => {
  it('prints a readable report', () => {
    const r = run(['decode', V1]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const out = r.stdout;
    expect(out).not.toMatch(ANSI);
    expect(out).toMatch(/Created\s+2025-06-03T00:00:00Z/);
    expect(out).toMatch(/CMP\s+id 880, version 0, consent screen 0/);
    expect(out).toMatch(/Consent language\s+EN/);
    expect(out).toMatch(/Publisher country\s+DE/);
    expect(out).toMatch(/Vendor list version\s+48/);
    expect(out).toMatch(/Policy version\s+2 \(TCF 2.0\/2.1\)/);
    expect(out).toMatch(/Consent\s+4 vendors: 1-4 \(bitfield, MaxVendorId 4\)/);
    expect(out).toMatch(/DisclosedVendors\s+7 vendors: 1-5, 100, 404 \(range, MaxVendorId 404\)/);
    expect(out).toMatch(/Publisher restrictions: none/);
    expect(out).toContain('core, vendorsDisclosed, publisherTC');
  });

  it('shows purposes 1–11 with consent, LI and objections, and the special features (V3)', () => {
    const out = run(['decode', V3]).stdout;
    const purpose = (id: number) => out.split('\n').find((l) => new RegExp(`^\\s+${id}  `).test(l) && !l.includes('geolocation') && !l.includes('scan'))!;
    expect(purpose(1)).toMatch(/Store and\/or access information on a device\s+yes\s+n\/a$/);
    expect(purpose(2)).toMatch(/Use limited data to select advertising\s+yes\s+yes$/);
    // Policy 5: purposes 3–6 cannot be LI, so a 0 there is no objection.
    expect(purpose(4)).toMatch(/yes\s+n\/a$/);
    expect(purpose(8)).toMatch(/Measure content performance\s+yes\s+no: objection$/);
    expect(purpose(11)).toMatch(/Use limited data to select content\s+yes\s+no: objection$/);
    expect(out).toMatch(/1  Use precise geolocation data\s+yes/);
    expect(out).toMatch(/Consent\s+4 vendors: 12, 14, 435, 448 \(range, MaxVendorId 1524\)/);
    expect(out).toMatch(/Legitimate interest\s+1 vendor: 14 \(range, MaxVendorId 1524\)/);
    expect(out).toMatch(/DisclosedVendors\s+segment absent/);
    expect(out).toMatch(/Consent\s+purpose 6/);
  });

  it('lists publisher restrictions and flags a global-scope string (V4)', () => {
    const out = run(['decode', V4]).stdout;
    expect(out).toContain('Publisher restrictions (17)');
    expect(out).toMatch(/purpose  2  not allowed\s+5 vendors: 248, 554, 613, 688, 726/);
    expect(out).toMatch(/purpose  7  require consent\s+3 vendors: 371, 467, 684/);
    expect(out).toMatch(/purpose 10  require LI\s+2 vendors: 153, 351/);
    expect(out).toMatch(/Service-specific\s+no \(global scope/);
  });

  it('--json prints the canonical JSON on one line', () => {
    const r = run(['decode', '--json', V1]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(JSON.stringify(decode(V1)) + '\n');
  });

  it('--tcdata prints the CMP API TCData', () => {
    const r = run(['decode', V3, '--tcdata']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(toTCData(V3));
  });

  it('--bits prints the annotated bit map', () => {
    const r = run(['decode', '--bits', V1]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines).toContain('segment 2: vendorsDisclosed');
    expect(lines.find((l) => l.includes(' cmpId '))).toMatch(/^\s+78-89\s+cmpId\s+001101110000\s+880$/);
    expect(lines.find((l) => l.includes('rangeEntries[0].endVendorId'))).toMatch(/^\s+49-64\s+rangeEntries\[0\]\.endVendorId\s+0000000000000101\s+5$/);
    expect(lines.find((l) => l.includes('vendorConsents.bitField'))).toMatch(/230-233\s+vendorConsents\.bitField\s+1111\s+\{1-4\}$/);
    expect(lines.filter((l) => /^\s+\d+(-\d+)?\s+padding\s/.test(l))).toHaveLength(3);
  });

  it('--bits --json prints the bit map as JSON', () => {
    const r = run(['decode', '--bits', '--json', V1]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ fields: JSON.parse(JSON.stringify(bitMap(V1).fields)), error: null });
  });

  it('--bits on a broken string shows the fields read, then the error with a caret; exit 1', () => {
    const r = run(['decode', '--bits', TRUNCATED]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/201-212\s+publisherCountryCode\s+000011000100\s+DE\n$/);
    expect(r.stderr).toContain('UNEXPECTED_END');
    expectCaretUnder(r.stderr, TRUNCATED, 35);
  });

  it('--lenient accepts what strict decoding refuses', () => {
    const padded = `  ${V1.split('.')[0]}==  `;
    expect(run(['decode', padded]).status).toBe(1);
    const r = run(['decode', '--lenient', '--json', padded]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ cmpId: 880 });
  });
});

describe('errors on a single string', () => {
  it('exit 1 with code, segment.field, bit offset and a caret under the character', () => {
    const r = run(['decode', TRUNCATED]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('UNEXPECTED_END');
    expect(r.stderr).toContain('core.vendorConsents.maxVendorId: needs 16 bits at bit 213, 15 left');
    expect(r.stderr).toMatch(/field\s+core\.vendorConsents\.maxVendorId/);
    expect(r.stderr).toMatch(/bit\s+213 of segment core/);
    expect(r.stderr).toMatch(/character\s+35/);
    expectCaretUnder(r.stderr, TRUNCATED, 35);
  });

  it('puts the caret under a bad character', () => {
    const r = run(['decode', 'CQSbk4AQ!bk4']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('INVALID_CHARACTER');
    expectCaretUnder(r.stderr, 'CQSbk4AQ!bk4', 8);
  });

  it('shows a window of a long string, with the caret still under the right character', () => {
    const s = V4 + '.IFukWSQh';
    const r = run(['decode', s]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/UNEXPECTED_END[\s\S]*vendorsDisclosed\.bitField/);
    const charIndex = decodeError(s).charIndex!;
    const lines = r.stderr.split('\n');
    const at = lines.findIndex((l) => l.includes('…'));
    const shown = lines[at]!;
    const caret = lines[at + 1]!.indexOf('^');
    // The window starts with '…' then the string from some offset: the caret's character is the right one.
    const start = shown.indexOf('…') + 1;
    const offset = s.indexOf(shown.slice(start, start + 20));
    expect(offset).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(90);
    expect(caret - start + offset).toBe(charIndex);
  });
});

function decodeError(s: string): { charIndex: number | null; message: string } {
  try {
    decode(s);
  } catch (error) {
    return error as { charIndex: number | null; message: string };
  }
  throw new Error('decoded');
}

function decodeErrorMessage(s: string): string {
  return decodeError(s).message;
}

describe('tcstring validate', () => {
  it('exit 0 and "valid" for a clean string', () => {
    const r = run(['validate', CLEAN]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('valid: no findings\n');
  });

  it('exit 0 with warnings only', () => {
    const r = run(['validate', V3]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^valid: 1 warning\n\s*warning\s+DISCLOSED_VENDORS_MISSING\s+vendorsDisclosed: /);
  });

  it('exit 1 on an error finding, with every finding listed', () => {
    const r = run(['validate', V4]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^invalid: 1 error, 1 warning\n/);
    expect(r.stdout).toMatch(/error\s+NOT_SERVICE_SPECIFIC\s+isServiceSpecific: IsServiceSpecific is 0/);
    expect(r.stdout).toMatch(/warning\s+OUTDATED_POLICY_VERSION/);
  });

  it('reports a decoding error as a finding, with a caret', () => {
    const r = run(['validate', TRUNCATED]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/error\s+DECODE_ERROR\s+core\.vendorConsents\.maxVendorId: UNEXPECTED_END: needs 16 bits at bit 213/);
    expectCaretUnder(r.stdout, TRUNCATED, 35);
  });

  it('--json prints {valid, findings}', () => {
    const r = run(['validate', '--json', V4]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ valid: false, findings: validate(V4) });
    expect(JSON.parse(run(['validate', '--json', CLEAN]).stdout)).toEqual({ valid: true, findings: [] });
  });

  it('reads a batch from stdin; exit 1 if any string has an error finding', () => {
    const r = run(['validate', '--json'], { input: `${CLEAN}\n${V3}\n${TRUNCATED}\n` });
    expect(r.status).toBe(1);
    const lines = jsonLines(r.stdout) as { input: string; valid: boolean; findings: { code: string }[] }[];
    expect(lines.map((l) => [l.input, l.valid, l.findings.map((f) => f.code)])).toEqual([
      [CLEAN, true, []],
      [V3, true, ['DISCLOSED_VENDORS_MISSING']],
      [TRUNCATED, false, ['DECODE_ERROR']],
    ]);
    expect(run(['validate'], { input: `${CLEAN}\n${V3}\n` }).status).toBe(0);
    const text = run(['validate', '-'], { input: `${CLEAN}\n${V4}\n` });
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^line 1: valid: no findings\nline 2: invalid: 1 error, 1 warning\n/);
  });
});

describe('tcstring encode', () => {
  it('reads canonical JSON from a file and prints the string', () => {
    const file = join(tmp, 'v1.json');
    writeFileSync(file, JSON.stringify(decode(V1), null, 2));
    const r = run(['encode', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(V1 + '\n');
  });

  it('reads stdin (no file, or -), one model, an array, or JSON lines', () => {
    expect(run(['encode'], { input: JSON.stringify(decode(V1)) }).stdout).toBe(V1 + '\n');
    expect(run(['encode', '-'], { input: JSON.stringify(decode(V4), null, 1) }).stdout).toBe(V4 + '\n');
    expect(run(['encode'], { input: JSON.stringify([decode(V1), decode(V4)]) }).stdout).toBe(`${V1}\n${V4}\n`);
    const lines = [V1, V4, CLEAN].map((s) => JSON.stringify(decode(s))).join('\r\n') + '\r\n';
    expect(run(['encode'], { input: lines }).stdout).toBe(`${V1}\n${V4}\n${CLEAN}\n`);
  });

  it('round-trips a decode --json batch', () => {
    const decoded = run(['decode', '--json'], { input: `${V1}\n${V4}\n${CLEAN}\n` });
    expect(decoded.status).toBe(0);
    const r = run(['encode'], { input: decoded.stdout });
    expect(r.stdout).toBe(`${V1}\n${V4}\n${CLEAN}\n`);
  });

  it('--vector-encoding chooses the vector layout', () => {
    const model = JSON.stringify({ created: '2026-03-02T00:00:00Z', lastUpdated: '2026-03-02T00:00:00Z', vendorConsents: [1, 2, 3, 500] });
    const shortest = run(['encode', '--vector-encoding', 'shortest'], { input: model });
    expect(shortest.status).toBe(0);
    expect(decode(shortest.stdout.trim()).vendorConsents._rangeEncoding).toBe(1);
    expect(shortest.stdout).toBe(encode(JSON.parse(model), { vectorEncoding: 'shortest' }) + '\n');
  });

  it('exit 1 for a model that cannot be encoded, naming the field; the others still print', () => {
    const bad = { ...JSON.parse(JSON.stringify(decode(V1))), cmpId: 5000 };
    const r = run(['encode'], { input: JSON.stringify(bad) });
    expect(r.status).toBe(1);
    // One output line per model, empty for a failure, so a pipeline's lines stay aligned.
    expect(r.stdout).toBe('\n');
    expect(r.stderr).toMatch(/cannot encode: INVALID_VALUE: core\.cmpId: must be an integer in 0–4095/);
    const batch = run(['encode'], { input: `${JSON.stringify(decode(V1))}\n${JSON.stringify(bad)}\n${JSON.stringify(decode(V4))}\n` });
    expect(batch.status).toBe(1);
    expect(batch.stdout).toBe(`${V1}\n\n${V4}\n`);
    expect(batch.stderr).toMatch(/\(line 2\): cannot encode: INVALID_VALUE/);
    // Models of a JSON array count from 1, as lines do.
    const array = run(['encode'], { input: JSON.stringify([decode(V1), bad]) });
    expect(array.stdout).toBe(`${V1}\n\n`);
    expect(array.stderr).toMatch(/\(model 2\): cannot encode: INVALID_VALUE/);
  });

  it('exit 1 for invalid JSON, a missing file or no input', () => {
    const r = run(['encode'], { input: '{"created": ' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('invalid JSON');
    const missing = run(['encode', join(tmp, 'nope.json')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.json/);
    expect(run(['encode'], { input: '\n\n' }).status).toBe(1);
  });
});

describe('stdin batches', () => {
  it('decode --json: one JSON line per input line, a bad line mid-batch gives an error object, exit 1', () => {
    const input = `${V1}\n\n  ${V3}  \r\nnot a tc string!\n${TRUNCATED}\n${V4}`;
    const r = run(['decode', '--json'], { input });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toEqual(JSON.parse(JSON.stringify(decode(V1))));
    expect(lines[1]).toEqual(JSON.parse(JSON.stringify(decode(V3))));
    expect(lines[2]).toEqual({
      input: 'not a tc string!',
      error: { code: 'INVALID_CHARACTER', message: decodeErrorMessage('not a tc string!'), segment: null, field: null, bitOffset: null, charIndex: 3 },
    });
    expect(lines[3]).toEqual({
      input: TRUNCATED,
      error: {
        code: 'UNEXPECTED_END',
        message: 'core.vendorConsents.maxVendorId: needs 16 bits at bit 213, 15 left',
        segment: 'core',
        field: 'vendorConsents.maxVendorId',
        bitOffset: 213,
        charIndex: 35,
      },
    });
    // The batch went on after the bad lines.
    expect(lines[4]).toEqual(JSON.parse(JSON.stringify(decode(V4))));
  });

  it('exit 0 when every line decodes; "-" reads stdin too', () => {
    const r = run(['decode', '--json', '-'], { input: `${V1}\n${V4}\n` });
    expect(r.status).toBe(0);
    expect(jsonLines(r.stdout)).toHaveLength(2);
  });

  it('--tcdata and --bits --json in a batch', () => {
    const tcdata = run(['decode', '--tcdata'], { input: `${V3}\n${TRUNCATED}\n` });
    expect(tcdata.status).toBe(1);
    const [first, second] = jsonLines(tcdata.stdout);
    expect(first).toEqual(toTCData(V3));
    expect(second).toMatchObject({ input: TRUNCATED, error: { code: 'UNEXPECTED_END' } });
    const bits = run(['decode', '--bits', '--json'], { input: `${V1}\n${TRUNCATED}\n` });
    expect(bits.status).toBe(1);
    const maps = jsonLines(bits.stdout) as { input: string; fields: unknown[]; error: unknown }[];
    expect(maps[0]).toEqual({ input: V1, fields: JSON.parse(JSON.stringify(bitMap(V1).fields)), error: null });
    expect(maps[1]!.fields).toHaveLength(16);
    expect(maps[1]!.error).toMatchObject({ code: 'UNEXPECTED_END', bitOffset: 213 });
  });

  it('text reports: one per line, errors on stderr with their line number', () => {
    const r = run(['decode'], { input: `${V1}\n${TRUNCATED}\n${V3}\n` });
    expect(r.status).toBe(1);
    expect(r.stdout.match(/^── line \d ──$/gm)).toEqual(['── line 1 ──', '── line 3 ──']);
    expect(r.stderr).toMatch(/^line 2: error cannot decode: UNEXPECTED_END/);
    expectCaretUnder(r.stderr, TRUNCATED, 35);
    const bits = run(['decode', '--bits'], { input: `${V1}\n` });
    expect(bits.stdout).toMatch(/^── line 1 ──\nsegment 1: core\n/);
  });

  it('reports a line too long to be a TC string without holding it, and goes on', () => {
    const long = 'C'.repeat(300_000);
    const r = run(['decode', '--json'], { input: `${V1}\n${long}\n${V1}\n` });
    expect(r.status).toBe(1);
    const lines = jsonLines(r.stdout) as { input?: string; error?: { code: string; message: string } }[];
    expect(lines).toHaveLength(3);
    expect(lines[1]!.error).toMatchObject({ code: 'INPUT_TOO_LONG', message: 'length 300000 is over maxLength 131072' });
    expect(lines[1]!.input!.length).toBeLessThan(100);
    expect(lines[2]).toMatchObject({ cmpId: 880 });
  });

  it('streams: each line is answered before the next one is sent', async () => {
    const child = spawn(process.execPath, [CLI, 'decode', '--json'], { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const waitLines = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (out.split('\n').length - 1 >= n) {
            child.stdout.off('data', onData);
            resolve();
          }
        };
        const onData = (d: Buffer) => {
          out += d.toString('utf8');
          check();
        };
        child.stdout.on('data', onData);
        child.once('exit', () => reject(new Error(`exited early: ${out}`)));
        check();
      });
    child.stdin.write(V1 + '\n');
    await waitLines(1);
    child.stdin.write(TRUNCATED + '\n');
    await waitLines(2);
    child.stdin.end(V4 + '\n');
    const status = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.on('close', resolve);
    });
    expect(status).toBe(1);
    expect(jsonLines(out).map((l) => (l as { cmpId?: number }).cmpId ?? 'error')).toEqual([880, 'error', 14]);
  });

  it('loses nothing through a slow pipe: backpressure, then a full flush before exit', async () => {
    const n = 30_000;
    const input = Array.from({ length: n }, (_, i) => (i % 1000 === 999 ? 'broken!' : i % 2 === 0 ? V1 : V4)).join('\n') + '\n';
    const child = spawn(process.execPath, [CLI, 'decode', '--json'], { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(input);
    // Read nothing for a while: the pipe fills up and the CLI must wait for 'drain'.
    child.stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stdout.resume();
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(n);
    expect(status).toBe(1);
    expect(JSON.parse(lines[n - 1]!)).toEqual({ input: 'broken!', error: expect.objectContaining({ code: 'INVALID_CHARACTER' }) });
    expect(JSON.parse(lines[n - 2]!)).toMatchObject({ cmpId: 880 });
    expect(JSON.parse(lines[n - 3]!)).toMatchObject({ cmpId: 14 });
  });

  it('stops reading stdin while stdout is stalled (constant memory), then finishes', async () => {
    const child = spawn(process.execPath, [CLI, 'decode', '--json'], { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.pause();
    const line = V4 + '\n';
    const total = 40_000; // 12 MB in, about 50 MB out
    let accepted = 0;
    const writer = (async () => {
      for (let i = 0; i < total; i++) {
        if (!child.stdin.write(line)) await new Promise((resolve) => child.stdin.once('drain', resolve));
        accepted++;
      }
      child.stdin.end();
    })();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Only pipe buffers and a chunk or two: the CLI waits for stdout instead of reading on.
    expect(accepted * line.length).toBeLessThan(4 << 20);
    let count = 0;
    let tail = '';
    child.stdout.on('data', (d: Buffer) => {
      const text = tail + d.toString('latin1');
      const parts = text.split('\n');
      tail = parts.pop()!;
      count += parts.length;
    });
    child.stdout.resume();
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    await writer;
    expect(status).toBe(0);
    expect(tail).toBe('');
    expect(count).toBe(total);
  });

  it('stops quietly when the reader goes away (EPIPE)', async () => {
    const input = `${V4}\n`.repeat(50_000);
    const child = spawn(process.execPath, [CLI, 'decode', '--json'], { env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });
});

describe('usage, help, version, colour', () => {
  it('usage errors exit 2 with the usage on stderr', () => {
    const cases: string[][] = [
      [],
      ['frobnicate'],
      ['--nope'],
      ['decode', '--nope', V1],
      ['decode', V1, V3],
      ['decode', '--tcdata', '--bits', V1],
      ['decode', '--bits', '--lenient', V1],
      ['validate', '--tcdata', V1],
      ['encode', 'a.json', 'b.json'],
      ['encode', '--vector-encoding', 'smallest'],
      ['help', 'frobnicate'],
    ];
    for (const args of cases) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(/usage: tcstring /);
    }
    expect(run(['frobnicate']).stderr).toContain("unknown command 'frobnicate'");
    expect(run(['decode', '--nope', V1]).stderr).toContain("unknown option '--nope'");
  });

  it('a bare command on a terminal is a usage error', () => {
    const r = spawnSync('script', ['-qec', `${process.execPath} ${CLI} decode`, '/dev/null'], { env: ENV, encoding: 'utf8', input: '' });
    if (r.error !== undefined) return; // no `script` here: nothing to check
    expect(r.stdout).toContain('no input');
  });

  it('--help for the program and for each command', () => {
    const top = run(['--help']);
    expect(top.status).toBe(0);
    for (const name of ['decode', 'validate', 'encode']) expect(top.stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
    expect(run(['-h']).stdout).toBe(top.stdout);
    expect(run(['help']).stdout).toBe(top.stdout);
    for (const name of ['decode', 'validate', 'encode']) {
      const r = run([name, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: tcstring ${name} `));
      expect(r.stdout).toContain('--help');
      expect(run(['help', name]).stdout).toBe(r.stdout);
      expect(run([name, '-h', 'ignored-string']).stdout).toBe(r.stdout);
    }
    expect(run(['decode', '--help']).stdout).toMatch(/--json[\s\S]*--tcdata[\s\S]*--bits[\s\S]*--lenient/);
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = run([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(version + '\n');
    }
  });

  it('colour only on a terminal, never with NO_COLOR', () => {
    expect(run(['decode', V1]).stdout).not.toMatch(ANSI);
    expect(run(['decode', TRUNCATED]).stderr).not.toMatch(ANSI);
    // A pseudo-terminal through util-linux `script`.
    const tty = (env: NodeJS.ProcessEnv, args: string[]) =>
      spawnSync('script', ['-qec', [process.execPath, CLI, ...args].join(' '), '/dev/null'], { env: { ...ENV, ...env }, encoding: 'utf8', input: '' });
    const coloured = tty({}, ['decode', V1]);
    if (coloured.error !== undefined) return; // no `script` here
    expect(coloured.stdout).toMatch(ANSI);
    expect(coloured.stdout).toContain('1-5, 100, 404');
    expect(tty({}, ['decode', TRUNCATED]).stdout).toMatch(ANSI);
    expect(tty({ NO_COLOR: '1' }, ['decode', V1]).stdout).not.toMatch(ANSI);
    expect(tty({ NO_COLOR: '1' }, ['decode', TRUNCATED]).stdout).not.toMatch(ANSI);
    expect(tty({ NO_COLOR: '1' }, ['validate', V4]).stdout).not.toMatch(ANSI);
    expect(tty({}, ['validate', V4]).stdout).toMatch(ANSI);
  });
});

describe('explain (spawned)', () => {
  const GVL = join(ROOT, 'test/fixtures/gvl/v3-small.json');
  const V3 = 'CQd924AQd924AASACCENCNFsAP_gAEIAACiQL6QBAAGAAOANmAcAF9IAIADgAA.YIAAAAAAAAAA';

  it('is registered, and --json gives a decision per purpose for the vendor asked', () => {
    const r = run(['explain', V3, '--gvl', GVL, '--vendor', '12', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { vendorId: number; purposes: { purposeId: number; allowed: boolean; reason: string }[] }[];
    expect(out.map((d) => d.vendorId)).toEqual([12]);
    expect(out[0]!.purposes).toHaveLength(11);
    // Vendor 12's LI bit is 0 in this string: purpose 2's LI is an objection.
    expect(out[0]!.purposes[1]).toMatchObject({ purposeId: 2, allowed: false, reason: 'OBJECTED' });
  });

  it('without --gvl is a usage error (exit 2)', () => {
    expect(run(['explain', V3]).status).toBe(2);
  });
});

describe('JSON bombs', () => {
  it('decode --json refuses a 36 KB string whose ranges would list 268 million ids, quickly and cleanly', () => {
    // 4,095 restrictions, each one range entry [1, 65535].
    const bits: number[] = [];
    const push = (v: number, n: number) => {
      for (let i = n - 1; i >= 0; i--) bits.push(Math.floor(v / 2 ** i) % 2);
    };
    push(2, 6);
    for (let i = 0; i < 207; i++) bits.push(i === 132 ? 1 : 0); // header: isServiceSpecific at bit 138
    push(0, 17);
    push(0, 17);
    push(4095, 12);
    for (let i = 0; i < 4095; i++) {
      push((i % 63) + 1, 6);
      push(0, 2);
      push(1, 12);
      push(1, 1);
      push(1, 16);
      push(65535, 16);
    }
    while (bits.length % 6) bits.push(0);
    const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let s = '';
    for (let i = 0; i < bits.length; i += 6) s += A[bits.slice(i, i + 6).reduce((a, b) => a * 2 + b, 0)];
    expect(s.length).toBeGreaterThan(30_000);
    const r = run(['decode', '--json'], { input: s + '\n' });
    expect(r.status).toBe(1);
    const [line] = jsonLines(r.stdout) as { error: { code: string } }[];
    expect(line!.error.code).toBe('TOO_MANY_IDS');
  });
});

describe('decode --json | encode, with a bad line in the batch', () => {
  it('keeps output line N for input line N, and says why line 2 has no string', () => {
    const decoded = run(['decode', '--json'], { input: `${V1}\nCQSbk4AQ!bk4\n${V4}\n` });
    expect(decoded.status).toBe(1);
    const encoded = run(['encode'], { input: decoded.stdout });
    expect(encoded.status).toBe(1);
    expect(encoded.stdout).toBe(`${V1}\n\n${V4}\n`);
    expect(encoded.stderr).toMatch(/\(line 2\): nothing to encode: the string did not decode \(INVALID_CHARACTER\)/);
  });
});

describe('decode --tcdata --lenient', () => {
  it('reports the string given as tcString, not a re-encoding of it', () => {
    const padded = 'cAAAAAAAITg=';
    const s = `${V1.split('.')[0]}.${padded}`;
    const r = run(['decode', '--tcdata', '--lenient', s]);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { tcString: string }).tcString).toBe(s);
  });
});
