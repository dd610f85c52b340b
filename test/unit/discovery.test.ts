import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { findRoleLinks, isWebPageUrl, languageVersionLinks, pageKey, sameSite, sampleLinks, stableHash } from '../../src/audit/discovery.ts';
import type { LinkFact, Region } from '../../src/artifacts.ts';

const keywords = loadConfig().crawl.roleKeywords;
let n = 0;
function link(href: string, text: string, region: Region = 'main', extra: Partial<LinkFact> = {}): LinkFact {
  return { href, text, region, selector: `a:nth-of-type(${++n})`, ...extra };
}
const HOME = 'https://www.iestade.gov.lv/lv';

describe('sameSite', () => {
  test.each([
    ['https://www.vid.gov.lv/a', 'https://vid.gov.lv/b', true],
    ['http://vid.gov.lv/', 'https://vid.gov.lv/', true],
    ['https://eds.vid.gov.lv/', 'https://vid.gov.lv/', false],
    ['https://facebook.com/vid', 'https://vid.gov.lv/', false],
    ['http://127.0.0.1:4000/', 'http://127.0.0.1:4001/', false],
    ['not a url', 'https://vid.gov.lv/', false],
  ])('%s ~ %s = %s', (a, b, expected) => expect(sameSite(a, b)).toBe(expected));
});

test('pageKey drops the fragment only', () => {
  expect(pageKey('https://a.lv/x?y=1#top')).toBe('https://a.lv/x?y=1');
});

test.each([
  ['https://a.lv/par-mums', true],
  ['https://a.lv/doc.pdf', false],
  ['https://a.lv/img.JPG', false],
  ['mailto:info@a.lv', false],
  ['tel:+37167000000', false],
])('isWebPageUrl %s', (url, expected) => expect(isWebPageUrl(url)).toBe(expected));

describe('findRoleLinks', () => {
  test('finds each role by Latvian link text, with or without diacritics, and by icon names', () => {
    const links = [
      link('https://www.iestade.gov.lv/lv/jaunumi', 'Jaunumi', 'nav'),
      link('https://www.iestade.gov.lv/lv/sabiedribas-lidzdaliba', 'Sabiedrības līdzdalība', 'nav'),
      link('https://www.iestade.gov.lv/lv/kontakti', 'KONTAKTI', 'header'),
      link('https://www.iestade.gov.lv/lv/pieklustamiba', 'Pieklustamibas pazinojums', 'footer'),
      link('https://www.iestade.gov.lv/lv/lapas-karte', '', 'footer', { ariaLabel: 'Lapas karte' }),
    ];
    const found = Object.fromEntries(findRoleLinks(HOME, links, keywords).map((r) => [r.role, new URL(r.url).pathname]));
    expect(found).toEqual({
      statement: '/lv/pieklustamiba',
      participation: '/lv/sabiedribas-lidzdaliba',
      contacts: '/lv/kontakti',
      sitemap: '/lv/lapas-karte',
    });
  });

  test('a footer link beats a news item in the body that mentions the same word', () => {
    const links = [
      link('https://www.iestade.gov.lv/lv/jaunumi/lidzdalibas-dienas', 'Līdzdalības dienas novadā', 'main'),
      link('https://www.iestade.gov.lv/lv/lidzdaliba', 'Līdzdalība', 'footer'),
    ];
    const [p] = findRoleLinks(HOME, links, keywords, ['participation']);
    expect(new URL(p!.url).pathname).toBe('/lv/lidzdaliba');
    expect(p!.foundBy).toMatchObject({ via: 'link', from: HOME, text: 'Līdzdalība' });
  });

  test('off-site links and non-page files do not count, but a same-site statement PDF does', () => {
    const links = [
      link('https://www.vraa.gov.lv/pieklustamiba', 'Piekļūstamība', 'footer'),
      link('https://www.iestade.gov.lv/kontakti.docx', 'Kontakti', 'footer'),
      link('https://www.iestade.gov.lv/docs/pieklustamibas-pazinojums.pdf', 'Piekļūstamības paziņojums (PDF)', 'footer'),
    ];
    const found = findRoleLinks(HOME, links, keywords);
    expect(found.map((f) => [f.role, new URL(f.url).pathname])).toEqual([['statement', '/docs/pieklustamibas-pazinojums.pdf']]);
  });

  test('English link texts', () => {
    const links = [link('https://www.iestade.gov.lv/en/accessibility', 'Accessibility statement', 'footer'), link('https://www.iestade.gov.lv/en/contacts', 'Contact us', 'nav')];
    expect(findRoleLinks(HOME, links, keywords).map((f) => f.role).sort()).toEqual(['contacts', 'statement']);
  });
});

describe('sampleLinks', () => {
  const links = [
    link('https://www.iestade.gov.lv/lv/jaunumi/1', 'Jaunums 1', 'main'),
    link('https://www.iestade.gov.lv/lv/par-mums', 'Par mums', 'nav'),
    link('https://www.iestade.gov.lv/lv/pakalpojumi', 'Pakalpojumi', 'nav'),
    link('https://www.iestade.gov.lv/lv/jaunumi/2', 'Jaunums 2', 'main'),
    link('https://www.iestade.gov.lv/lv/par-mums#komanda', 'Komanda', 'main'),
    link('https://facebook.com/iestade', 'Facebook', 'footer'),
    link('https://www.iestade.gov.lv/faili/plans.pdf', 'Plāns', 'main'),
  ];

  test('menu links first, no duplicates, no files, no other sites, excluded pages skipped', () => {
    const s = sampleLinks(HOME, links, new Set(['https://www.iestade.gov.lv/lv/pakalpojumi']), 10).map((x) => new URL(x.url).pathname);
    expect(s[0]).toBe('/lv/par-mums');
    expect(s.sort()).toEqual(['/lv/jaunumi/1', '/lv/jaunumi/2', '/lv/par-mums']);
  });

  test('is deterministic regardless of link order, and respects the count', () => {
    const a = sampleLinks(HOME, links, new Set(), 2).map((x) => x.url);
    const b = sampleLinks(HOME, [...links].reverse(), new Set(), 2).map((x) => x.url);
    expect(a).toEqual(b);
    expect(a).toHaveLength(2);
    expect(sampleLinks(HOME, links, new Set(), 0)).toEqual([]);
  });

  test('stableHash is stable', () => {
    expect(stableHash('/lv/par-mums')).toBe(stableHash('/lv/par-mums'));
    expect(stableHash('/a')).not.toBe(stableHash('/b'));
  });
});

describe('languageVersionLinks', () => {
  test('finds the language switcher, English first, by text or by path', () => {
    const links = [
      link('https://www.iestade.gov.lv/ru/', 'RU', 'header'),
      link('https://www.iestade.gov.lv/en/', 'EN', 'header'),
      link('https://www.iestade.gov.lv/eng', '', 'header', { ariaLabel: 'English' }),
      link('https://www.iestade.gov.lv/lv/par-mums', 'Par mums', 'nav'),
      link('https://www.other.lv/en/', 'EN', 'footer'),
    ];
    expect(languageVersionLinks(HOME, links).map((l) => l.url)).toEqual([
      'https://www.iestade.gov.lv/en/',
      'https://www.iestade.gov.lv/eng',
      'https://www.iestade.gov.lv/ru/',
    ]);
    expect(languageVersionLinks(HOME, links)[0]!.foundBy).toMatchObject({ via: 'link', text: 'EN', from: HOME });
  });

  test('a page about English lessons is not a language version', () => {
    expect(languageVersionLinks(HOME, [link('https://www.iestade.gov.lv/lv/english-courses', 'Angļu valodas kursi')])).toEqual([]);
  });
});
