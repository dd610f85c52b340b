import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import social, { accountOf, type SocialAccount } from '../../../src/indicators/social.ts';
import type { Outcome } from '../../../src/types.ts';
import type { PageFacts } from '../../../src/artifacts.ts';

const load = (name: string): PageFacts[] => JSON.parse(readFileSync(new URL(`../../fixtures/artifacts/${name}`, import.meta.url), 'utf8')) as PageFacts[];
const recorded = (name: string): PageFacts[] => (JSON.parse(readFileSync(new URL(`../../fixtures/artifacts/recorded/${name}`, import.meta.url), 'utf8')) as { pages: PageFacts[] }).pages;
const ctx = { target: { id: 'x', name: 'X', type: 'institution' as const, url: 'https://x.lv/' }, now: new Date('2025-03-14T00:00:00Z'), results: {} };
const run = (pages: PageFacts[]) => social.evaluate({ pages }, social.defaultOptions, ctx);

interface Case {
  name: string;
  pages: () => PageFacts[];
  accounts: SocialAccount[];
  outcome: Outcome;
  /** [page url, selector, text] of each account's evidence, in the order of `accounts`. */
  evidence: [string, string, string][];
}

const cases: Case[] = [
  {
    name: 'ministry: icon-only footer links (aria-label, title, img alt, class only); share buttons and another institution in the news left out',
    pages: () => load('dpm-gov-lv.json'),
    accounts: [
      { platform: 'facebook', url: 'https://www.facebook.com/dpmgovlv' },
      { platform: 'x', url: 'https://x.com/dpm_gov_lv' },
      { platform: 'youtube', url: 'https://www.youtube.com/@dpmgovlv' },
      { platform: 'flickr', url: 'https://www.flickr.com/photos/dpm_gov_lv' },
    ],
    outcome: 'pass',
    evidence: [
      ['https://www.dpm.gov.lv/lv', '#footer-social > ul > li:nth-of-type(1) > a', 'facebook: Facebook'],
      ['https://www.dpm.gov.lv/lv', '#footer-social > ul > li:nth-of-type(2) > a', 'x: X (Twitter)'],
      ['https://www.dpm.gov.lv/lv', '#footer-social > ul > li:nth-of-type(3) > a', 'youtube: YouTube'],
      ['https://www.dpm.gov.lv/lv', '#footer-social > ul > li:nth-of-type(4) > a', 'flickr: icon-flickr'],
    ],
  },
  {
    name: 'municipality: five own accounts; police and culture house accounts in the news, a Facebook group in an article, share buttons and a bare youtube.com left out',
    pages: () => load('ezeres-novads-lv.json'),
    accounts: [
      { platform: 'facebook', url: 'https://www.facebook.com/ezeresnovads' },
      { platform: 'x', url: 'https://x.com/ezeresnovads' },
      { platform: 'instagram', url: 'https://www.instagram.com/ezeresnovads' },
      { platform: 'draugiem', url: 'https://www.draugiem.lv/ezeresnovads' },
      { platform: 'tiktok', url: 'https://www.tiktok.com/@ezeres.novads' },
    ],
    outcome: 'pass',
    evidence: [
      ['https://www.ezeresnovads.lv/', 'footer > div:nth-of-type(2) > a:nth-of-type(1)', 'facebook: Facebook'],
      ['https://www.ezeresnovads.lv/', 'footer > div:nth-of-type(2) > a:nth-of-type(5)', 'x: X'],
      ['https://www.ezeresnovads.lv/', 'footer > div:nth-of-type(2) > a:nth-of-type(2)', 'instagram: Instagram'],
      ['https://www.ezeresnovads.lv/', 'footer > div:nth-of-type(2) > a:nth-of-type(3)', 'draugiem: Draugiem.lv'],
      ['https://www.ezeresnovads.lv/', 'footer > div:nth-of-type(2) > a:nth-of-type(4)', 'tiktok: social-icon icon-tiktok'],
    ],
  },
  {
    name: 'English version: LinkedIn company page, YouTube channel id (case kept), LinkedIn share button left out',
    pages: () => load('vdpa-gov-lv-en.json'),
    accounts: [
      { platform: 'facebook', url: 'https://www.facebook.com/vdpa.gov.lv' },
      { platform: 'instagram', url: 'https://www.instagram.com/vdpa_latvia' },
      { platform: 'youtube', url: 'https://www.youtube.com/channel/UCx7Qm2vKp9LzR4tY1wE3aBc' },
      { platform: 'linkedin', url: 'https://www.linkedin.com/company/vdpa-latvia' },
    ],
    outcome: 'pass',
    evidence: [
      ['https://www.vdpa.gov.lv/en', '#follow > a:nth-of-type(3)', 'facebook: Facebook'],
      ['https://www.vdpa.gov.lv/en', '#follow > a:nth-of-type(4)', 'instagram: social-instagram'],
      ['https://www.vdpa.gov.lv/en', '#follow > a:nth-of-type(2)', 'youtube: YouTube channel'],
      ['https://www.vdpa.gov.lv/en', '#follow > a:nth-of-type(1)', 'linkedin: LinkedIn'],
    ],
  },
  {
    name: 'negative: a Facebook icon pointing at facebook.com itself and a share button are no accounts',
    pages: () => load('upmalas-pagasts-lv.json'),
    accounts: [],
    outcome: 'fail',
    evidence: [],
  },
  {
    name: 'accounts only inside the content of a site without landmarks: counted, for a person to check',
    pages: () => load('lac-gov-lv.json'),
    accounts: [
      { platform: 'facebook', url: 'https://www.facebook.com/amatniecibascentrs' },
      { platform: 'instagram', url: 'https://www.instagram.com/amatniecibas.centrs' },
    ],
    outcome: 'needs-review',
    evidence: [
      ['https://www.lac.gov.lv/', '#content > div:nth-of-type(3) > a:nth-of-type(1)', 'facebook: Seko mums Facebook'],
      ['https://www.lac.gov.lv/', '#content > div:nth-of-type(3) > a:nth-of-type(2)', 'instagram: Instagram'],
    ],
  },
  {
    name: 'old URL forms (a tweet on mobile.twitter.com, youtube.com/user, flickr.com/people); a personal LinkedIn profile left out',
    pages: () => load('ppr-lv.json'),
    accounts: [
      { platform: 'x', url: 'https://x.com/ppr_latvija' },
      { platform: 'youtube', url: 'https://www.youtube.com/user/PPRvideo' },
      { platform: 'flickr', url: 'https://www.flickr.com/photos/ppr_lv' },
    ],
    outcome: 'pass',
    evidence: [
      ['https://www.ppr.lv/lv/', '#footer > div:nth-of-type(2) > a:nth-of-type(1)', 'x: Twitter'],
      ['https://www.ppr.lv/lv/', '#footer > div:nth-of-type(2) > a:nth-of-type(2)', 'youtube: YouTube'],
      ['https://www.ppr.lv/lv/', '#footer > div:nth-of-type(2) > a:nth-of-type(3)', 'flickr: Flickr'],
    ],
  },
  {
    name: 'the same platform twice: the footer account is kept, the one in the news is not',
    pages: () => {
      const pages = load('ppr-lv.json');
      pages[0]!.links.push({ href: 'https://twitter.com/VARAM_gov', text: '@VARAM_gov', region: 'main', selector: '#news > div:nth-of-type(1) > p > a' });
      return pages;
    },
    accounts: [
      { platform: 'x', url: 'https://x.com/ppr_latvija' },
      { platform: 'youtube', url: 'https://www.youtube.com/user/PPRvideo' },
      { platform: 'flickr', url: 'https://www.flickr.com/photos/ppr_lv' },
    ],
    outcome: 'pass',
    evidence: [
      ['https://www.ppr.lv/lv/', '#footer > div:nth-of-type(2) > a:nth-of-type(1)', 'x: Twitter'],
      ['https://www.ppr.lv/lv/', '#footer > div:nth-of-type(2) > a:nth-of-type(2)', 'youtube: YouTube'],
      ['https://www.ppr.lv/lv/', '#footer > div:nth-of-type(2) > a:nth-of-type(3)', 'flickr: Flickr'],
    ],
  },
];

describe('social', () => {
  it.each(cases)('$name', (c) => {
    const r = run(c.pages());
    expect(r.value?.accounts).toEqual(c.accounts);
    for (const p of ['facebook', 'x', 'instagram', 'youtube', 'flickr', 'draugiem', 'linkedin', 'tiktok'] as const) {
      expect(r.value?.platforms[p]).toBe(c.accounts.some((a) => a.platform === p));
    }
    expect(r.score).toBe(c.accounts.length > 0 ? 1 : 0);
    expect(r.outcome).toBe(c.outcome);
    expect(r.evidence.map((e) => [e.url, e.selector, e.text])).toEqual(c.evidence);
  });

  it('on a recorded crawl of the "clean" fixture site (real collector output): icon links with visually hidden names', () => {
    expect(run(recorded('clean.json')).value?.accounts).toEqual([
      { platform: 'facebook', url: 'https://www.facebook.com/digitalaparvalde' },
      { platform: 'x', url: 'https://x.com/digitalaparv' },
      { platform: 'youtube', url: 'https://www.youtube.com/@digitalaparvalde' },
    ]);
  });

  it('a home page that failed to load is not measured', () => {
    const r = run([{ ...load('ppr-lv.json')[0]!, error: 'dns' }]);
    expect(r).toMatchObject({ value: null, score: null, outcome: 'error' });
  });

  it.each<[string, SocialAccount | null]>([
    ['https://www.facebook.com/DPMgovLV/', { platform: 'facebook', url: 'https://www.facebook.com/dpmgovlv' }],
    ['https://m.facebook.com/profile.php?id=100064512345678&ref=footer', { platform: 'facebook', url: 'https://www.facebook.com/profile.php?id=100064512345678' }],
    ['https://www.facebook.com/pages/Ezeres-novads/123456789012345', { platform: 'facebook', url: 'https://www.facebook.com/123456789012345' }],
    ['https://www.facebook.com/ezeresnovads/posts/pfbid02abc', { platform: 'facebook', url: 'https://www.facebook.com/ezeresnovads' }],
    ['https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fwww.vm.gov.lv', null],
    ['https://www.facebook.com/share.php?u=x', null],
    ['https://www.facebook.com/', null],
    ['https://www.facebook.com/events/1234567890/', null],
    ['https://twitter.com/intent/tweet?url=x', null],
    ['https://x.com/share?url=x', null],
    ['https://twitter.com/hashtag/Latvija', null],
    ['https://twitter.com/@Latvian_MFA', { platform: 'x', url: 'https://x.com/latvian_mfa' }],
    ['https://www.linkedin.com/shareArticle?mini=true&url=x', null],
    ['https://www.linkedin.com/sharing/share-offsite/?url=x', null],
    ['https://www.linkedin.com/in/someone/', null],
    ['https://lv.linkedin.com/company/valsts-kanceleja/', { platform: 'linkedin', url: 'https://www.linkedin.com/company/valsts-kanceleja' }],
    ['https://www.draugiem.lv/say/ext/add.php?title=x', null],
    ['https://www.draugiem.lv/vm', { platform: 'draugiem', url: 'https://www.draugiem.lv/vm' }],
    ['https://www.instagram.com/p/C1a2b3c4d5e/', null],
    ['https://instagram.com/vm_latvija/?hl=lv', { platform: 'instagram', url: 'https://www.instagram.com/vm_latvija' }],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', null],
    ['https://youtu.be/dQw4w9WgXcQ', null],
    ['https://www.youtube.com/c/VeselibasMinistrija', { platform: 'youtube', url: 'https://www.youtube.com/c/VeselibasMinistrija' }],
    ['https://www.flickr.com/photos/tags/latvija', null],
    ['https://www.flickr.com/photos/valstskanceleja/albums/72177720312345678', { platform: 'flickr', url: 'https://www.flickr.com/photos/valstskanceleja' }],
    ['https://www.tiktok.com/@vugd_lv/video/7312345678901234567', { platform: 'tiktok', url: 'https://www.tiktok.com/@vugd_lv' }],
    ['https://www.tiktok.com/tag/latvija', null],
    ['https://facebook.com.example.lv/vm', null],
    ['mailto:info@facebook.com', null],
  ])('accountOf %s', (href, expected) => {
    expect(accountOf(href, social.defaultOptions)).toEqual(expected);
  });
});
