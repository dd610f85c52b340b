// Links inside iframes and open shadow roots (issue 13, class 2), on artifacts recorded from the frame-social-widget
// and shadow-footer fixture sites (`node scripts/record-artifacts.ts frame-social-widget shadow-footer`): own
// accounts, e-services, contacts and participation links there count; share buttons never; evidence names the frame
// (its URL) or the shadow host (the selector's part before " >>> ").
import { describe, expect, it } from 'vitest';
import social from '../../../src/indicators/social.ts';
import participation from '../../../src/indicators/participation.ts';
import eservicesInfo from '../../../src/indicators/eservices-info.ts';
import contact from '../../../src/indicators/contact.ts';
import { linkEvidence } from '../../../src/text/page-search.ts';
import type { PageFacts } from '../../../src/artifacts.ts';
import { recordedArtifact } from '../../helpers/artifacts.ts';

const ctx = { target: { id: 'x', name: 'X', type: 'institution' as const, url: 'https://x.lv/' }, now: new Date('2026-12-01T00:00:00Z'), results: {} };
const FRAMED = 'http://fixture.test/frame-social-widget/';
const PROVIDER = 'http://fixture.test/frame-widget-provider/';
const SHADOW = 'http://fixture.test/shadow-footer/';
const pagesOf = (site: string) => recordedArtifact(site, 'pages');
/** The same pages with the links of frames and shadow roots left out: what was read before. */
const documentOnly = (pages: PageFacts[]) => pages.map((p) => ({ ...p, links: p.links.filter((l) => !l.frame && !l.selector.includes(' >>> ')) }));

describe('links in a cross-site iframe (frame-social-widget)', () => {
  const pages = pagesOf('frame-social-widget');

  it('every frame link carries its frame URL and the region and path of its iframe on the page', () => {
    const framed = pages[0]!.links.filter((l) => l.frame);
    expect(new Set(framed.map((l) => l.frame))).toEqual(
      new Set([`${PROVIDER}page-plugin.html`, `${PROVIDER}video-card.html`, `${FRAMED}widgets/pakalpojumi.html`]),
    );
    const nested = framed.find((l) => l.frame === `${PROVIDER}video-card.html`)!;
    // The nested frame (depth 2) sits where its outer iframe is: the aside.
    expect([nested.region, nested.selector]).toEqual(['aside', 'body > aside > iframe >>> body > iframe >>> body > p > a']);
  });

  it('social: the own Facebook page and the nested YouTube channel count, the share button and tweet intent do not', () => {
    const r = social.evaluate({ pages }, social.defaultOptions, ctx);
    expect(r.value?.accounts).toEqual([
      { platform: 'facebook', url: 'https://www.facebook.com/kalnavasbiblioteka' },
      { platform: 'youtube', url: 'https://www.youtube.com/@kalnavasbiblioteka' },
    ]);
    expect(r.outcome).toBe('pass');
    expect(r.evidence.map((e) => e.text)).toEqual([
      `facebook: Kalnavas novada bibliotēka [iframe: ${PROVIDER}page-plugin.html]`,
      `youtube: bibliotēkas YouTube kanāls [iframe: ${PROVIDER}video-card.html]`,
    ]);
    expect(social.evaluate({ pages: documentOnly(pages) }, social.defaultOptions, ctx).value?.accounts).toEqual([]);
  });

  it('e-services: the latvija.gov.lv links of a same-site iframe in the footer count', () => {
    const r = eservicesInfo.evaluate({ pages }, eservicesInfo.defaultOptions, ctx);
    expect(r.value).toMatchObject({ placement: 'homepage', latvijaLvLinks: 2 });
    expect(r.evidence[0]?.text).toContain(`[iframe: ${FRAMED}widgets/pakalpojumi.html]`);
    expect(eservicesInfo.evaluate({ pages: documentOnly(pages) }, eservicesInfo.defaultOptions, ctx).value).toMatchObject({ latvijaLvLinks: 0 });
  });
});

describe('links in open shadow roots (shadow-footer)', () => {
  const pages = pagesOf('shadow-footer');

  it('social: the nested component’s icon links count (named by aria-label), the share button does not; the selector names both hosts', () => {
    const r = social.evaluate({ pages }, social.defaultOptions, ctx);
    expect(r.value?.accounts.map((a) => a.platform)).toEqual(['facebook', 'instagram']);
    expect(r.evidence.map((e) => e.selector)).toEqual([
      'body > site-footer >>> footer > social-links >>> a:nth-of-type(1)',
      'body > site-footer >>> footer > social-links >>> a:nth-of-type(2)',
    ]);
    expect(social.evaluate({ pages: documentOnly(pages) }, social.defaultOptions, ctx).value?.accounts).toEqual([]);
  });

  it('participation: the footer link inside the shadow root is the home page link', () => {
    const r = participation.evaluate({ pages }, participation.defaultOptions, ctx);
    expect(r.value?.homeLink).toBe(true);
    expect(r.evidence[0]).toMatchObject({ url: SHADOW, selector: 'body > site-footer >>> footer > ul > li:nth-of-type(2) > a' });
  });

  it("contact: the shadow root's text (address, opening hours) and tel:/mailto: links are read", () => {
    const r = contact.evaluate({ pages }, contact.defaultOptions, ctx);
    expect(r.value).toEqual({ phone: true, email: true, address: true, openingHours: true, eServiceHelpline: false });
    expect(pages[0]!.text).toContain('Darba laiks: P.–Pk. 8.00–21.00');
    // <style> inside the shadow root is not text.
    expect(pages[0]!.text).not.toContain('{');
  });

  it('the statement link inside the shadow root was followed: the statement page is among the pages', () => {
    const statement = pages.find((p) => p.roles.includes('statement'));
    expect(statement?.url).toBe(`${SHADOW}dokumenti/pieklustamibas-pazinojums/`);
    expect(statement?.foundBy).toMatchObject({ via: 'link', selector: 'body > site-footer >>> footer > ul > li:nth-of-type(1) > a' });
  });
});

describe('linkEvidence', () => {
  it('names the frame of a framed link and leaves other links as they were', () => {
    const page = { url: 'https://x.lv/', finalUrl: 'https://x.lv/' } as PageFacts;
    const base = { href: 'https://www.facebook.com/x', text: 'X', region: 'aside' as const, selector: 'aside > iframe >>> a' };
    expect(linkEvidence(page, { ...base, frame: 'https://w.example/plugin' }).text).toBe('X [iframe: https://w.example/plugin]');
    expect(linkEvidence(page, base).text).toBe('X');
  });
});
