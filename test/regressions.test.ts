/**
 * Replays every counterexample the fuzzers found (test/regressions/*.json; the format is in that
 * directory's README.md) against the property that found it, with no tolerance of known bugs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { propertyByName, PropertyViolation, tolerateKnownBugs } from './fuzz-properties.js';

const DIR = join(import.meta.dirname, 'regressions');

interface Regression {
  property: string;
  status: 'open' | 'fixed';
  bug?: string;
  input: unknown;
}

function load(file: string): Regression {
  const r = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Partial<Regression>;
  if (typeof r.property !== 'string' || (r.status !== 'open' && r.status !== 'fixed') || !('input' in r)) {
    throw new Error(`${file}: needs "property", "status" ("open" or "fixed") and "input"`);
  }
  return r as Regression;
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('fuzz regressions', () => {
  afterEach(() => tolerateKnownBugs(true));

  it('has its README and at least one vector', () => {
    expect(readdirSync(DIR)).toContain('README.md');
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const r = load(file);
    const p = propertyByName(r.property);
    if (p === undefined) {
      it(file, () => {
        throw new Error(`${file}: no property named ${r.property}`);
      });
      continue;
    }
    if (r.status === 'open') {
      // BUG: an open bug in src/ (see the file's "bug"). When this starts failing, the bug is
      // fixed: set "status" to "fixed" in the file.
      it.fails(`${file} (open: ${r.bug ?? 'see file'})`, () => {
        tolerateKnownBugs(false);
        try {
          p.check(r.input);
        } catch (e) {
          // Only a property violation counts as the bug still being there.
          if (e instanceof PropertyViolation) throw e;
        }
      });
    } else {
      it(file, () => {
        tolerateKnownBugs(false);
        p.check(r.input);
      });
    }
  }
});
