import { describe, expect, it } from 'vitest';
import { fold, foldUrl } from '../../src/text/fold.ts';
import { findKeyword, findPattern, keywordRegExp, matchKeyword } from '../../src/text/keywords.ts';
import { hostMatches, linkNames, matchLink } from '../../src/text/links.ts';
import { matchForm, wordCount } from '../../src/text/match-form.ts';
import { snippetAt } from '../../src/text/snippet.ts';
import type { LinkFact } from '../../src/artifacts.ts';

describe('fold', () => {
  it.each([
    ['Sabiedrības LĪDZDALĪBA', 'sabiedribas lidzdaliba'],
    ['Ķekava, Ģērmanis, Ļaudona, Ņ, ŗ, Ō', 'kekava, germanis, laudona, n, r, o'],
    ['Čaks Žīgurs Šķēde Ūdens', 'caks zigurs skede udens'],
    ['li\u0304dzdali\u0304ba', 'lidzdaliba'], // NFD input: combining macrons
    ['līdz\u00addalība pro\u200bjekts', 'lidzdaliba projekts'], // a soft hyphen and a zero-width space inside words
    ['  a \n\t b\u00a0 c ', 'a b c'],
    ['Straße Øre Łódź', 'strasse ore lodz'],
    ['e-pakalpojumi.', 'e-pakalpojumi.'], // punctuation kept
    ['Русский', 'русскии'], // NFKD strips the breve of й, the same on both sides of a comparison
  ])('%j → %j', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });
});

describe('foldUrl', () => {
  it.each([
    ['https://www.vm.gov.lv/lv/sabiedribas-lidzdaliba', 'https www vm gov lv lv sabiedribas lidzdaliba'],
    ['/l%C4%ABdzdal%C4%ABba', 'lidzdaliba'],
    ['/par_mums/Kontakti+info%20lapa.html', 'par mums kontakti info lapa html'],
    ['/sabiedr%C4%ABbas-l%C4%ABdzdal%C4%ABba?lang=lv#saturs', 'sabiedribas lidzdaliba lang lv saturs'],
    ['/%D0%A0%D1%83%D1%81%D1%81%D0%BA%D0%B8%D0%B9/', 'русскии'],
    ['/bad%E2%80/ok%C4%81', 'bad e2 80 oka'], // an invalid escape stays as text, the valid one is decoded
  ])('%j → %j', (input, expected) => {
    expect(foldUrl(input)).toBe(expected);
  });
});

describe('matchKeyword: stems at word starts, diacritics, informal ASCII spellings, phrases', () => {
  it.each<[string, string[], string | null]>([
    // inflected forms of a stem
    ['Sabiedrības līdzdalība', ['līdzdalīb'], 'līdzdalīb'],
    ['Līdzdalības iespējas', ['līdzdalīb'], 'līdzdalīb'],
    ['par līdzdalību', ['līdzdalīb'], 'līdzdalīb'],
    // without diacritics, in a URL slug, upper case, informal doubled vowels
    ['sabiedribas-lidzdaliba', ['līdzdalīb'], 'līdzdalīb'],
    ['LIDZDALIBA', ['līdzdalīb'], 'līdzdalīb'],
    ['Līdz\u00addalība', ['līdzdalīb'], 'līdzdalīb'],
    ['liidzdaliiba', ['līdzdalīb'], 'līdzdalīb'],
    ['Pieklustamiba', ['piekļūstamīb'], 'piekļūstamīb'],
    ['piekljuustamiiba', ['piekļūstamīb'], 'piekļūstamīb'],
    ['pieejamiba', ['pieejamīb'], 'pieejamīb'],
    ['zhurnaalistiem', ['žurnālistiem$'], 'žurnālistiem$'],
    ['Chakstes iela', ['Čakst'], 'Čakst'],
    ['shodien', ['šodien'], 'šodien'],
    // a stem only at the start of a word
    ['nelīdzdalība', ['līdzdalīb'], null],
    // no false merges: informal spellings expand only a keyword's Latvian letters
    ['Catalogue of services', ['chat'], null],
    ['Chat with us', ['chat'], 'chat'],
    ['piejamiba', ['pieejamīb'], null],
    ['feedback', ['fedback'], null],
    // phrases: whole words except the last (a stem), `*` makes a word a stem, `$` makes the last word whole
    ['Sabiedriskās apspriešanas', ['sabiedrisk* apspriešan'], 'sabiedrisk* apspriešan'],
    ['Sabiedriskā apspriešana', ['sabiedrisk apspriešan'], null],
    ['Biežāk uzdotie jautājumi', ['uzdot jautājum'], null],
    ['Uzdot jautājumu', ['uzdot jautājum'], 'uzdot jautājum'],
    ['Virtuālā asistente UNA', ['una$'], 'una$'],
    ['unaudited report', ['una$'], null],
    // a hyphen is an optional separator
    ['E-pakalpojumi', ['e-pakalpojum'], 'e-pakalpojum'],
    ['epakalpojumi', ['e-pakalpojum'], 'e-pakalpojum'],
    ['e pakalpojumi', ['e-pakalpojum'], 'e-pakalpojum'],
    ['elektroniskie pakalpojumi', ['e-pakalpojum'], null],
    // other punctuation separates words
    ['Portāls tap.mk.gov.lv', ['tap.mk.gov.lv'], 'tap.mk.gov.lv'],
    // English and Cyrillic
    ['Public Participation', ['public participation'], 'public participation'],
    ['participating', ['participation'], null],
    ['Русский', ['русский'], 'русский'],
    // the first keyword of the list wins; empty inputs never match
    ['Kā iesaistīties un izteikt viedokli', ['izteikt viedokl', 'kā iesaistīties'], 'izteikt viedokl'],
    ['anything', ['', '  ', '*'], null],
    ['', ['līdzdalīb'], null],
  ])('%j with %j → %j', (text, keywords, expected) => {
    expect(matchKeyword(text, keywords)).toBe(expected);
  });

  it('compiles a keyword once into a regex on the matching form', () => {
    expect(keywordRegExp('līdzdalīb')?.source).toBe('(?<![\\p{L}\\p{N}])lii?dzdalii?b');
    expect(keywordRegExp('sabiedrisk* apspriešan$')?.source).toBe('(?<![\\p{L}\\p{N}])sabiedrisk[\\p{L}\\p{N}]* apspriesh?an(?![\\p{L}\\p{N}])');
    expect(keywordRegExp('')).toBeNull();
  });

  it('matchForm: folded words, one space between them', () => {
    expect(matchForm('Darba laiks: P.–C. 8.30–17.00!')).toBe('darba laiks p c 8 30 17 00');
  });
});

describe('findKeyword, findPattern, snippetAt: evidence from the original text', () => {
  const text = 'Šī vietne izmanto sīkdatnes.\n\nMinistrija aicina izteikt viedokli par pamatnostādņu projektu līdz 15.03.2025. Vairāk informācijas mūsu tīmekļvietnē.';

  it('returns the keyword, the whole original words and a snippet', () => {
    const hit = findKeyword(text, ['viedokļus līdz$', 'aicina izteikt viedokl']);
    expect(hit).toEqual({
      keyword: 'aicina izteikt viedokl',
      matched: 'aicina izteikt viedokli',
      snippet: 'Šī vietne izmanto sīkdatnes. Ministrija aicina izteikt viedokli par pamatnostādņu projektu līdz 15.03.2025. Vairāk…',
    });
    expect(findKeyword(text, ['forum'])).toBeNull();
  });

  it('findPattern runs a regex on the matching form and maps back to the original', () => {
    const hit = findPattern('Darba laiks: P.–C. 8.30–17.00, Pk. 8.30–15.00', /p c 8 30 17 00/u);
    expect(hit?.matched).toBe('P.–C. 8.30–17.00');
    expect(findPattern('nekas', /p c/u)).toBeNull();
  });

  it('snippetAt extends to whole words and cuts context at spaces', () => {
    const s = 'viens divi trīs četri pieci seši septiņi';
    expect(snippetAt(s, 13, 15, 6)).toEqual({ matched: 'trīs', snippet: '…divi trīs četri…' });
  });
});

describe('links', () => {
  const link: LinkFact = {
    href: 'https://www.ezeresnovads.lv/pasvaldiba/sabiedribas-liidzdaliiba/?utm_source=forum',
    text: 'Tava balss',
    ariaLabel: 'Iedzīvotāju iesaiste',
    title: 'Atvērt',
    imgAlt: 'ikona',
    className: 'tile fa-users',
    region: 'main',
    selector: '#tiles > a',
  };

  it('linkNames: text, aria-label, title, image alt, then the URL path (not the query)', () => {
    expect(linkNames(link)).toEqual([
      { field: 'text', name: 'Tava balss' },
      { field: 'ariaLabel', name: 'Iedzīvotāju iesaiste' },
      { field: 'title', name: 'Atvērt' },
      { field: 'imgAlt', name: 'ikona' },
      { field: 'url', name: 'pasvaldiba sabiedribas liidzdaliiba' },
    ]);
    expect(linkNames({ href: 'mailto:info@vm.gov.lv', text: 'info@vm.gov.lv' })).toEqual([{ field: 'text', name: 'info@vm.gov.lv' }]);
  });

  it.each<[Partial<LinkFact>, string[], { keyword: string; field: string; name: string } | null]>([
    [{ text: 'Sabiedrības līdzdalība' }, ['līdzdalīb'], { keyword: 'līdzdalīb', field: 'text', name: 'Sabiedrības līdzdalība' }],
    [{ text: '', ariaLabel: 'Facebook' }, ['facebook'], { keyword: 'facebook', field: 'ariaLabel', name: 'Facebook' }],
    [{ text: '', title: 'Sekojiet mums X' }, ['sekojiet mums'], { keyword: 'sekojiet mums', field: 'title', name: 'Sekojiet mums X' }],
    [{ text: '', imgAlt: 'E-pakalpojumi' }, ['e-pakalpojum'], { keyword: 'e-pakalpojum', field: 'imgAlt', name: 'E-pakalpojumi' }],
    [{ text: 'Tava balss' }, ['līdzdalīb'], { keyword: 'līdzdalīb', field: 'url', name: link.href }],
    [{ text: 'Tava balss' }, ['forum'], null], // the query is not a name
    [{ text: '', className: 'fa-facebook' }, ['facebook'], null], // classes are not names
  ])('matchLink %j %j', (over, keywords, expected) => {
    expect(matchLink({ ...link, ariaLabel: undefined, title: undefined, imgAlt: undefined, ...over }, keywords)).toEqual(expected);
  });

  it.each<[string, string[], string | null]>([
    ['https://www.latvija.lv/lv/PPK', ['latvija.lv'], 'latvija.lv'],
    ['https://latvija.gov.lv/', ['latvija.lv', 'latvija.gov.lv'], 'latvija.gov.lv'],
    ['https://notlatvija.lv/', ['latvija.lv'], null],
    ['https://latvija.lv.example.com/', ['latvija.lv'], null],
    ['mailto:info@latvija.lv', ['latvija.lv'], null],
    ['not a url', ['latvija.lv'], null],
  ])('hostMatches %j %j → %j', (url, hosts, expected) => {
    expect(hostMatches(url, hosts)).toBe(expected);
  });

  it('wordCount counts words of the matching form', () => {
    expect(wordCount('Publiskā apspriešana: Ezeres novada teritorijas plānojuma 1. redakcija')).toBe(8);
    expect(wordCount('  ')).toBe(0);
  });
});
