/**
 * Candidate location for blind mode: the country and region an address names, and the label each location
 * level allows (none, country, region; everything outside blind mode). Checked on the synthetic addresses of
 * twenty countries: a located country is never wrong, and no level shows a street, number or postcode.
 */
import { describe, expect, it } from 'vitest';
import { candidateLocation, locateAddress, locationLabel, type LocationLevel } from '../../../src/lib/core/mask/location';
import { parseResume } from '../../../src/lib/core/resume';
import { ADDRESS_COUNTRIES, syntheticAddress } from '../../fixtures/synthetic-contacts';
import { seededRandom } from '../../../training-node/src/data/random';

const COUNTRY_NAMES: Record<string, string> = {
  DE: 'Germany', ES: 'Spain', FR: 'France', IT: 'Italy', NL: 'Netherlands', IN: 'India', CA: 'Canada', UK: 'United Kingdom', US: 'United States', AU: 'Australia',
  AE: 'United Arab Emirates', BR: 'Brazil', JP: 'Japan', PL: 'Poland', SG: 'Singapore', ZA: 'South Africa', MX: 'Mexico', NG: 'Nigeria', IE: 'Ireland', CH: 'Switzerland'
};

describe('locateAddress', () => {
  it.each([
    ['Flat No. 302, Sai Residency, MG Road, Bengaluru, Karnataka 560001', 'Karnataka', 'India'],
    ['742 Evergreen Terrace, Springfield, IL 62704', 'Illinois', 'United States'],
    ['4500 rue Sherbrooke Ouest, Montréal (Québec) H3Z 1E6', 'Québec', 'Canada'],
    ['Unit 5/22 Smith Street, Fitzroy VIC 3065', 'Victoria', 'Australia'],
    ['Hauptstraße 12, 10115 Berlin, Germany', 'Berlin', 'Germany'],
    ['Flat 4, 12 Kings Road, Brighton BN1 1NB', undefined, 'United Kingdom'],
    ['Villa 23, Street 14, Al Barsha 2, Dubai, UAE', 'Dubai', 'United Arab Emirates'],
    ['23 Eyre Square, Co. Galway', 'County Galway', 'Ireland'],
    ['12 Main Street, Newry, Co. Down', 'County Down', 'United Kingdom']
  ])('%s', (address, region, country) => {
    expect(locateAddress(address)).toEqual({ region, country });
  });

  it('never names the wrong country for synthetic addresses of twenty countries (both splits)', () => {
    for (const split of ['tune', 'check'] as const) {
      const r = seededRandom(split === 'tune' ? 41 : 42);
      let located = 0;
      for (const c of ADDRESS_COUNTRIES) {
        for (let i = 0; i < 10; i++) {
          const { country } = locateAddress(syntheticAddress(r, c, split));
          if (country) {
            located++;
            expect(country, `${c} ${split}`).toBe(COUNTRY_NAMES[c]);
          }
        }
      }
      expect(located).toBeGreaterThan(ADDRESS_COUNTRIES.length * 10 * 0.5);
    }
  });
});

describe('locationLabel', () => {
  const address = 'Flat No. 302, Sai Residency, MG Road, Bengaluru, Karnataka 560001, India';
  const location = { address, ...locateAddress(address) };
  const label = (level: LocationLevel, blind = true) => locationLabel(location, { blind, level });

  it('shows nothing, the country, or region and country in blind mode; the whole address otherwise', () => {
    expect(label('none')).toBe('');
    expect(label('country')).toBe('India');
    expect(label('region')).toBe('Karnataka, India');
    expect(label('none', false)).toBe(address);
  });

  it('never shows a street, a number or a city in blind mode, at any level, for any synthetic address', () => {
    const r = seededRandom(43);
    for (const c of ADDRESS_COUNTRIES) {
      for (let i = 0; i < 10; i++) {
        const a = syntheticAddress(r, c, i % 2 ? 'check' : 'tune');
        const loc = { address: a, ...locateAddress(a) };
        for (const level of ['none', 'country', 'region'] as const) {
          const shown = locationLabel(loc, { blind: true, level });
          expect(shown, `${c} ${level}: ${shown}`).not.toMatch(/\d/);
          // Only the gazetteer's country and region names, never a piece of the address itself.
          if (shown) expect([loc.country, `${loc.region}, ${loc.country}`, loc.region]).toContain(shown);
          if (level === 'none') expect(shown).toBe('');
        }
      }
    }
  });
});

describe('candidateLocation', () => {
  it('reads the home address near the top, not an employer address further down', () => {
    const text = `Priya Raman\nFlat No. 302, Sai Residency, MG Road, Bengaluru, Karnataka 560001\npriya@mail.com\n\nEXPERIENCE\n${'Built reports.\n'.repeat(150)}Acme Corp, 742 Evergreen Terrace, Springfield, IL 62704\n`;
    const loc = candidateLocation(parseResume(text));
    expect(loc.country).toBe('India');
    expect(loc.region).toBe('Karnataka');
  });

  it('is empty when the resume gives no address', () => {
    expect(candidateLocation(parseResume('Jordan Avery\njordan@mail.com\n\nSKILLS\nSQL'))).toEqual({});
  });
});
