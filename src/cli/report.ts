import type { IdSet, TCModel } from '../index.js';
import { idRanges, isoDate, wrap } from './format.js';
import type { Style } from './style.js';

/** Short names of the TCF 2.2 purposes (shared/tcf-format.md §9.1). */
const PURPOSE_NAMES: readonly string[] = [
  'Store and/or access information on a device',
  'Use limited data to select advertising',
  'Create profiles for personalised advertising',
  'Use profiles to select personalised advertising',
  'Create profiles to personalise content',
  'Use profiles to select personalised content',
  'Measure advertising performance',
  'Measure content performance',
  'Understand audiences (statistics, combined data)',
  'Develop and improve services',
  'Use limited data to select content',
];

const SPECIAL_FEATURE_NAMES: readonly string[] = ['Use precise geolocation data', 'Actively scan device characteristics'];

const RESTRICTION_NAMES: readonly string[] = ['not allowed', 'require consent', 'require LI'];

const WIDTH = 100;
const LABEL = 24;

/** The readable report of `tcstring decode`. */
export function decodeReport(tc: TCModel, style: Style): string {
  const out: string[] = [];
  const head = (title: string) => out.push('', style.bold(title));
  const row = (label: string, value: string) => out.push(`  ${label.padEnd(LABEL)}${wrap(value, LABEL + 2, WIDTH)}`);
  const yes = (v: boolean) => (v ? style.green('yes') : 'no');
  const policy = tc.policyVersion;
  const v22 = policy >= 4;

  out.push(`${style.bold('TC string')}, version ${tc.version}, ${tc.segments.length} segment${tc.segments.length === 1 ? '' : 's'}: ${tc.segments.join(', ')}`);

  head('Header');
  row('Version', String(tc.version));
  row('Created', isoDate(tc.created));
  row('Last updated', isoDate(tc.lastUpdated));
  row('CMP', `id ${tc.cmpId}, version ${tc.cmpVersion}, consent screen ${tc.consentScreen}`);
  row('Consent language', tc.consentLanguage);
  row('Publisher country', tc.publisherCountryCode === 'AA' ? 'AA (unknown)' : tc.publisherCountryCode);
  row('Vendor list version', String(tc.vendorListVersion));
  row('Policy version', `${policy} (${policyName(policy)})`);
  row('Service-specific', tc.isServiceSpecific ? 'yes' : style.red('no (global scope, invalid since 2021)'));
  row('Non-standard texts', yes(tc.useNonStandardTexts));
  row('Purpose one treatment', tc.purposeOneTreatment ? style.yellow('yes (purpose 1 not disclosed)') : 'no');

  head(`${'Purposes'.padEnd(58)}Consent   Legitimate interest`);
  for (let id = 1; id <= PURPOSE_NAMES.length; id++) {
    const consent = tc.purposeConsents.has(id);
    const li = tc.purposeLegitimateInterests.has(id);
    // Purpose 1 is consent only; 3–6 too from TCF 2.2 (§9.1).
    const liAllowed = id !== 1 && !(v22 && id >= 3 && id <= 6);
    const liText = li
      ? liAllowed
        ? style.green('yes')
        : style.red('yes (not allowed)')
      : liAllowed
        ? style.yellow('no: objection')
        : style.dim('n/a');
    out.push(`  ${String(id).padStart(2)}  ${PURPOSE_NAMES[id - 1]!.padEnd(50)}  ${consent ? style.green('yes') + '     ' : 'no      '}  ${liText}`);
  }
  const extra = [tc.purposeConsents, tc.purposeLegitimateInterests].map((s) => above(s, PURPOSE_NAMES.length));
  if (extra[0] !== '') out.push(style.red(`  consent bits for undefined purposes: ${extra[0]}`));
  if (extra[1] !== '') out.push(style.red(`  legitimate-interest bits for undefined purposes: ${extra[1]}`));

  head(`${'Special features'.padEnd(58)}Opt-in`);
  SPECIAL_FEATURE_NAMES.forEach((name, i) => {
    out.push(`  ${String(i + 1).padStart(2)}  ${name.padEnd(50)}  ${yes(tc.specialFeatureOptins.has(i + 1))}`);
  });
  const features = above(tc.specialFeatureOptins, 2);
  if (features !== '') out.push(style.red(`  opt-ins for undefined special features: ${features}`));

  head('Vendors');
  row('Consent', vendors(tc.vendorConsents));
  row('Legitimate interest', vendors(tc.vendorLegitimateInterests));

  head(`Publisher restrictions${tc.publisherRestrictions.length === 0 ? ': none' : ` (${tc.publisherRestrictions.length})`}`);
  // By purpose, then type: the string's own order is in --bits.
  const sorted = [...tc.publisherRestrictions].sort((a, b) => a.purposeId - b.purposeId || a.restrictionType - b.restrictionType);
  for (const r of sorted) {
    const label = `  purpose ${String(r.purposeId).padStart(2)}  ${(RESTRICTION_NAMES[r.restrictionType] ?? `type ${r.restrictionType}`).padEnd(16)}`;
    const vendorIds = r.vendorIds.size === 0 ? 'no vendors' : `${count(r.vendorIds.size, 'vendor')}: ${idRanges(r.vendorIds)}`;
    out.push(label + wrap(vendorIds, label.length, WIDTH));
  }

  head('Disclosed vendors');
  row('DisclosedVendors', present(tc, 'vendorsDisclosed') ? vendors(tc.vendorsDisclosed) : style.dim('segment absent'));
  if (present(tc, 'vendorsAllowed')) row('AllowedVendors', vendors(tc.vendorsAllowed));

  head('Publisher TC');
  if (present(tc, 'publisherTC')) {
    row('Consent', purposes(tc.publisherConsents));
    row('Legitimate interest', purposes(tc.publisherLegitimateInterests));
    row('Custom purposes', String(tc.numCustomPurposes));
    if (tc.numCustomPurposes > 0) {
      row('Custom consent', idRanges(tc.publisherCustomConsents));
      row('Custom LI', idRanges(tc.publisherCustomLegitimateInterests));
    }
  } else out.push(`  ${style.dim('segment absent')}`);

  head('Segments');
  out.push(`  ${tc.segments.join(', ')}`);
  return out.join('\n') + '\n';
}

function policyName(v: number): string {
  if (v < 2) return 'not a TCF v2 policy';
  if (v < 4) return 'TCF 2.0/2.1';
  if (v === 4) return 'TCF 2.2';
  if (v === 5) return 'TCF 2.2/2.3';
  return 'unknown, newer than 5';
}

function present(tc: TCModel, segment: TCModel['segments'][number]): boolean {
  return tc.segments.indexOf(segment) >= 0;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** `12 vendors: 1-5, 100 (bitfield, MaxVendorId 404)`. */
function vendors(set: IdSet): string {
  const size = set.size;
  const layout = set._maxVendorId >= 0 ? ` (${set._rangeEncoding === 1 ? 'range' : 'bitfield'}, MaxVendorId ${set._maxVendorId})` : '';
  return size === 0 ? `none${layout}` : `${count(size, 'vendor')}: ${idRanges(set)}${layout}`;
}

function purposes(set: IdSet): string {
  return set.size === 0 ? 'none' : `purpose${set.size === 1 ? '' : 's'} ${idRanges(set)}`;
}

/** Ids above `max`, as ranges, or ''. */
function above(set: IdSet, max: number): string {
  const parts: string[] = [];
  set.forEachRun((s, e) => {
    const from = Math.max(s, max + 1);
    if (from <= e) parts.push(from === e ? String(from) : `${from}-${e}`);
  });
  return parts.join(', ');
}
