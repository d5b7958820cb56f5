/**
 * `tcstring explain`: the command module run in-process with an injected context (files, stdin,
 * stdout and stderr are streams the test owns), and its pure renderer.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decide, decode, encode, parseGVL } from '../src/index.js';
import type { Context } from '../src/cli/command.js';
import { UsageError } from '../src/cli/command.js';
import { explainCommand, explainVendors, renderExplain, vendorsOf } from '../src/cli/explain.js';
import { Output } from '../src/cli/output.js';
import { styleFor } from '../src/cli/style.js';

const FIXTURE = new URL('./fixtures/gvl/v3-small.json', import.meta.url).pathname;
const GVL = parseGVL(JSON.parse(readFileSync(FIXTURE, 'utf8')));

const STRING = encode({
  created: '2026-01-15T00:00:00Z',
  lastUpdated: '2026-01-15T00:00:00Z',
  cmpId: 10,
  vendorListVersion: 150,
  policyVersion: 5,
  purposeConsents: [1, 2, 3, 4, 7],
  purposeLegitimateInterests: [2, 7, 8],
  specialFeatureOptins: [1],
  vendorConsents: [1, 3],
  vendorLegitimateInterests: [2, 3],
  publisherRestrictions: [{ purposeId: 2, restrictionType: 1, vendorIds: [3] }],
  vendorsDisclosed: [1, 2, 3],
});

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString('utf8');
      cb();
    },
  });
  return { stream, text: () => text };
}

async function run(flags: Record<string, string | boolean | undefined>, positionals: string[], stdin = ''): Promise<Run> {
  const out = collector();
  const err = collector();
  const input = new PassThrough();
  input.end(stdin);
  const ctx: Context = {
    stdout: new Output(out.stream),
    stderr: new Output(err.stream),
    style: styleFor({}, {}),
    errStyle: styleFor({}, {}),
    stdin: Object.assign(input, { isTTY: false }) as Readable & { isTTY?: boolean },
    openFile: (path) => createReadStream(path),
  };
  const status = await explainCommand.run({ flags, positionals }, ctx);
  await ctx.stdout.close();
  await ctx.stderr.close();
  return { status, stdout: out.text(), stderr: err.text() };
}

describe('explain command', () => {
  it('prints a table per vendor: purposes with allowed, basis, reason and restriction; special purposes and features', async () => {
    const r = await run({ gvl: FIXTURE }, [STRING]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // The vendors the string names: consent 1, 3; LI 2, 3; disclosed 1, 2, 3.
    expect(r.stdout.match(/^Vendor \d+/gm)).toEqual(['Vendor 1', 'Vendor 2', 'Vendor 3']);
    const lines = r.stdout.split('\n');
    const v3 = lines.indexOf('Vendor 3  Flexible Exchange');
    expect(v3).toBeGreaterThan(0);
    // Columns line up under their headings.
    const heading = lines[v3 + 1]!;
    const p2 = lines.slice(v3).find((l) => /^ {3}2 {2}Use limited data to select advertising/.test(l))!;
    expect(p2.indexOf('yes')).toBe(heading.indexOf('Allowed'));
    expect(p2.indexOf('consent')).toBe(heading.indexOf('Basis'));
    expect(p2.indexOf('CONSENT')).toBe(heading.indexOf('Reason'));
    expect(p2).toMatch(/yes\s+consent\s+CONSENT\s+\(restriction 1 require consent\)$/);
    const p8 = lines.slice(v3).find((l) => /^ {3}8 {2}Measure content performance/.test(l))!;
    expect(p8).toMatch(/yes\s+legitimateInterest\s+LEGITIMATE_INTEREST$/);
    const p9 = lines.slice(v3).find((l) => /^ {3}9 {2}Understand audiences/.test(l))!;
    expect(p9).toMatch(/no\s+-\s+OBJECTED$/);
    expect(lines.slice(v3).some((l) => /^ {3}1 {2}Use precise geolocation data\s+yes\s+OPTED_IN$/.test(l))).toBe(true);
    expect(lines.slice(v3).some((l) => /^ {3}2 {2}Deliver and present advertising and content\s+yes\s+DECLARED$/.test(l))).toBe(true);
    expect(r.stdout).toContain('  disclosed: yes');
  });

  it('--vendor picks vendors, absent ones included; --json prints the decisions', async () => {
    const r = await run({ gvl: FIXTURE, vendor: '3,6', json: true }, [STRING]);
    expect(r.status).toBe(0);
    const tc = decode(STRING);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify([decide(tc, GVL, 3), decide(tc, GVL, 6)])));
    expect((JSON.parse(r.stdout) as { purposes: { reason: string }[] }[])[1]!.purposes[0]!.reason).toBe('VENDOR_NOT_IN_GVL');
    const text = await run({ gvl: FIXTURE, vendor: '6,5' }, [STRING]);
    expect(text.stdout).toBe('Vendor 6\n  nothing allowed: VENDOR_NOT_IN_GVL\n\nVendor 5  Deleted Ads\n  nothing allowed: VENDOR_DELETED\n');
  });

  it('--disclosed-vendors is passed to decide', async () => {
    const later = encode({ ...decode(STRING), segments: ['core'], created: '2026-03-02T00:00:00Z', lastUpdated: '2026-03-02T00:00:00Z' });
    const auto = JSON.parse((await run({ gvl: FIXTURE, vendor: '1', json: true }, [later])).stdout) as { purposes: { reason: string }[] }[];
    expect(auto[0]!.purposes[1]!.reason).toBe('DISCLOSED_VENDORS_MISSING');
    const off = JSON.parse((await run({ gvl: FIXTURE, vendor: '1', json: true, 'disclosed-vendors': 'ignore' }, [later])).stdout) as { purposes: { reason: string }[] }[];
    expect(off[0]!.purposes[1]!.reason).toBe('CONSENT');
  });

  it('reads strings from stdin; with --json one line each, errors as {input, error}', async () => {
    const r = await run({ gvl: FIXTURE, vendor: '2', json: true }, ['-'], `${STRING}\n\nnot-a-string\n`);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines).toHaveLength(2);
    expect((lines[0] as { vendorId: number }[])[0]!.vendorId).toBe(2);
    expect(lines[1]).toMatchObject({ input: 'not-a-string', error: { code: 'MISSING_CORE' } });
  });

  it('reports a bad string on stderr with exit 1', async () => {
    const r = await run({ gvl: FIXTURE }, ['CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgAC']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error.*cannot decode/);
  });

  it('reports an unreadable, non-JSON or invalid GVL with exit 1 and the path of the fault', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcstring-explain-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"gvlSpecificationVersion": 3,');
    const invalid = join(dir, 'invalid.json');
    const json = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { vendors: Record<string, { purposes: unknown[] }> };
    json.vendors['3']!.purposes = [1, 99];
    writeFileSync(invalid, JSON.stringify(json));
    try {
      for (const [file, pattern] of [
        [join(dir, 'missing.json'), /cannot read the GVL .*missing\.json: .*ENOENT/],
        [bad, /invalid JSON/],
        [invalid, /INVALID_VALUE: gvl\.vendors\.3\.purposes\[1\]/],
      ] as const) {
        const r = await run({ gvl: file }, [STRING]);
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(pattern);
        expect(r.stdout).toBe('');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage errors: no --gvl, bad --vendor, bad --disclosed-vendors', async () => {
    await expect(run({}, [STRING])).rejects.toThrow(UsageError);
    await expect(run({ gvl: FIXTURE, vendor: '0' }, [STRING])).rejects.toThrow(/--vendor/);
    await expect(run({ gvl: FIXTURE, vendor: 'x' }, [STRING])).rejects.toThrow(/--vendor/);
    await expect(run({ gvl: FIXTURE, 'disclosed-vendors': 'always' }, [STRING])).rejects.toThrow(/--disclosed-vendors/);
  });
});

describe('renderExplain and vendorsOf', () => {
  it('is pure and lists each vendor once, JSON or text', () => {
    const tc = decode(STRING);
    const decisions = explainVendors(tc, GVL, undefined);
    expect(renderExplain(decisions, { gvl: GVL })).toBe(renderExplain(decisions, { gvl: GVL }));
    expect(JSON.parse(renderExplain(decisions, { json: true }))).toEqual(JSON.parse(JSON.stringify(decisions)));
    // Without a GVL the rows have ids only.
    expect(renderExplain(decisions)).toContain('\n   2  ');
  });

  it('vendorsOf: named vendors, and GVL vendors under a restriction (not the whole range)', () => {
    const tc = decode(
      encode({
        created: '2026-01-15T00:00:00Z',
        lastUpdated: '2026-01-15T00:00:00Z',
        vendorConsents: [700],
        publisherRestrictions: [{ purposeId: 2, restrictionType: 0, vendorIds: Array.from({ length: 65535 }, (_, i) => i + 1) }],
      }),
    );
    expect(vendorsOf(tc, GVL)).toEqual([1, 2, 3, 4, 5, 8, 10, 12, 15, 23, 700]);
  });
});
