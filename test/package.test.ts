import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

// These tests use the BUILT package through its name, so the `exports` map, the ESM and CJS
// builds and the type declarations are what is tested (npm test builds before vitest runs).
const V1 = 'CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA';

function node(args: string[], input?: string): string {
  return execFileSync(process.execPath, args, { encoding: 'utf8', input, cwd: process.cwd() });
}

describe('the published package', () => {
  beforeAll(() => {
    if (!existsSync('dist/index.js')) execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  });

  it('imports by name from ESM', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { decode, encode, isTCStringError } from 'tcstring';
       const tc = decode('${V1}');
       let code = null;
       try { decode('B'); } catch (e) { code = isTCStringError(e) && e.code; }
       console.log(JSON.stringify([tc.cmpId, encode(tc) === '${V1}', code]));`,
    ]);
    expect(JSON.parse(out)).toEqual([880, true, 'TCF_V1_UNSUPPORTED']);
  });

  it('requires by name from CommonJS', () => {
    const out = node([
      '-e',
      `const { decode, encode, TCStringError } = require('tcstring');
       const tc = decode('${V1}');
       let isError = false;
       try { decode('C'); } catch (e) { isError = e instanceof TCStringError && e.code === 'UNEXPECTED_END'; }
       console.log(JSON.stringify([tc.vendorsDisclosed.toArray(), encode(tc) === '${V1}', isError]));`,
    ]);
    expect(JSON.parse(out)).toEqual([[1, 2, 3, 4, 5, 100, 404], true, true]);
  });

  it('errors from one build are recognised by the guard of the other', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       import { decode } from 'tcstring';
       const cjs = createRequire(import.meta.url)('tcstring');
       try { decode(''); } catch (e) { console.log(JSON.stringify([cjs.isTCStringError(e), e instanceof cjs.TCStringError])); }`,
    ]);
    // The guard works across copies of the package; `instanceof` does not, which is why it exists.
    expect(JSON.parse(out)).toEqual([true, false]);
  });

  it('ships types first in each exports condition, no runtime dependencies, and a CLI bin', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, any>;
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.sideEffects).toBe(false);
    for (const condition of ['import', 'require']) {
      const entry = pkg.exports['.'][condition] as Record<string, string>;
      expect(Object.keys(entry)[0]).toBe('types');
      expect(existsSync(entry.types!)).toBe(true);
      expect(existsSync(entry.default!)).toBe(true);
    }
    expect(existsSync(pkg.bin.tcstring)).toBe(true);
  });

  it('library code imports no Node built-ins (it runs in browsers)', () => {
    for (const file of ['dist/index.js', 'dist/index.cjs']) {
      const code = readFileSync(file, 'utf8');
      expect(code).not.toMatch(/from ['"]node:|require\(['"](node:)?(fs|path|os|util|zlib|crypto|child_process|buffer|stream)['"]\)/);
      expect(code).not.toMatch(/\bprocess\.|\bBuffer\b/);
    }
  });

  it('passes publint', () => {
    const out = execFileSync('npx', ['--no-install', 'publint'], { encoding: 'utf8' });
    expect(out).toMatch(/All good/);
  });
});
