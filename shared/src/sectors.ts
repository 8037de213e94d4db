import { z } from 'zod';

/**
 * The sector taxonomy from DOMAIN.md. A partnership can extend it by adding
 * values here (and a migration is not needed: the database stores the code).
 */
export const SECTORS = {
  health: { label: 'Health', subTypes: {} },
  police: { label: 'Police', subTypes: {} },
  probation_youth_justice: { label: 'Probation and youth justice', subTypes: {} },
  local_authority: {
    label: 'Local authority',
    subTypes: {
      childrens_social_care: "Children's social care",
      education_services: 'Education services',
      housing: 'Housing',
      other_council: 'Other council services',
    },
  },
  schools_colleges: { label: 'Schools and colleges', subTypes: {} },
  early_years: {
    label: 'Early years',
    subTypes: {
      private_day_nursery: 'Private day nursery',
      maintained_nursery: "Maintained nursery or children's centre",
      preschool_playgroup: 'Pre-school or playgroup',
      childminder: 'Childminder',
      out_of_school: 'Out-of-school provider',
      independent_school_ey: 'Independent school early years',
    },
  },
  voluntary_community: { label: 'Voluntary and community', subTypes: {} },
  faith: { label: 'Faith', subTypes: {} },
  sport_leisure: { label: 'Sport and leisure', subTypes: {} },
  other: { label: 'Other', subTypes: {} },
} as const satisfies Record<string, { label: string; subTypes: Record<string, string> }>;

export type Sector = keyof typeof SECTORS;
export const SECTOR_CODES = Object.keys(SECTORS) as [Sector, ...Sector[]];
export const SectorSchema = z.enum(SECTOR_CODES);

type SubTypeOf<S extends Sector> = keyof (typeof SECTORS)[S]['subTypes'];
export type SubType = Extract<{ [S in Sector]: SubTypeOf<S> }[Sector], string>;
export const SUB_TYPE_CODES = SECTOR_CODES.flatMap((s) => Object.keys(SECTORS[s].subTypes)) as [
  SubType,
  ...SubType[],
];
export const SubTypeSchema = z.enum(SUB_TYPE_CODES);

export function sectorLabel(sector: Sector): string {
  return SECTORS[sector].label;
}

export function subTypeLabel(subType: SubType): string {
  for (const s of SECTOR_CODES) {
    const label = (SECTORS[s].subTypes as Record<string, string>)[subType];
    if (label) return label;
  }
  return subType;
}

/** True when the sub-type belongs to the sector (a childminder is Early years, not Health). */
export function isSubTypeOf(sector: Sector, subType: string): boolean {
  return Object.hasOwn(SECTORS[sector].subTypes, subType);
}

/** Sectors whose organisations use the light form unless told otherwise. */
export const LIGHT_BY_DEFAULT: ReadonlySet<Sector> = new Set<Sector>([
  'early_years',
  'voluntary_community',
  'faith',
  'sport_leisure',
]);
