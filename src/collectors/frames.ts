// Links inside the page's iframes: social widgets, embedded feeds, a contacts or services block served from another
// host. A cross-origin frame's document is out of the page's reach, so each frame is read through Playwright's frame
// API (its own execution context). Bounded: how many frames, how deep, and one time budget for all of them.
import type { Frame, Page } from 'playwright-core';
import type { EmbeddedLimits } from '../config.ts';
import type { LinkFact, Region } from '../artifacts.ts';
import { installInPageHelpers } from './in-page.ts';

/** Reads one frame's links (the page-facts reader run in the frame). */
export type FrameLinkReader = (frame: Frame) => Promise<LinkFact[]>;

/**
 * The links of the page's frames, breadth first (a frame's own frames after all of its siblings), at most `room` of
 * them. Each link takes the region of its iframe on the page (where a reader sees it), a selector that starts with the
 * iframe's path and " >>> ", and `frame`: the frame's URL. A frame that fails or outlasts the budget is skipped.
 */
export async function frameLinks(page: Page, limits: EmbeddedLimits, room: number, read: FrameLinkReader): Promise<LinkFact[]> {
  const out: LinkFact[] = [];
  const deadline = Date.now() + limits.framesBudgetMs;
  const queue: Queued[] = limits.maxFrameDepth >= 1 ? page.mainFrame().childFrames().map((frame) => ({ frame, depth: 1, outer: null })) : [];
  let visited = 0;
  while (queue.length > 0 && visited < limits.maxFrames && out.length < room && Date.now() < deadline) {
    const item = queue.shift()!;
    if (item.frame.isDetached()) continue;
    visited++;
    const read1 = await withDeadline(readFrame(item, read), deadline).catch(() => null);
    if (!read1) continue; // its own frames are not reached either: their iframe's path is unknown
    out.push(...read1.links.slice(0, room - out.length));
    if (item.depth < limits.maxFrameDepth) queue.push(...item.frame.childFrames().map((frame) => ({ frame, depth: item.depth + 1, outer: read1.where })));
  }
  return out;
}

interface Where {
  region: Region;
  selector: string;
}

/** A frame to read; `outer`: where its parent frame's iframe is on the page (null for the page's own frames). */
interface Queued {
  frame: Frame;
  depth: number;
  outer: Where | null;
}

/** The frame's links, and where its iframe is: a nested frame's links sit where the outermost iframe is on the page. */
async function readFrame({ frame, outer }: Queued, read: FrameLinkReader): Promise<{ links: LinkFact[]; where: Where }> {
  const element = await frame.frameElement();
  let own: Where;
  try {
    // The parent's helpers are installed: the page before any frame, a frame before its own frames.
    own = await element.evaluate((el) => ({ region: window.__eindex.regionOf(el as Element), selector: window.__eindex.selectorOf(el as Element) }));
  } finally {
    await element.dispose();
  }
  const where: Where = outer ? { region: outer.region, selector: `${outer.selector} >>> ${own.selector}` } : own;
  await installInPageHelpers(frame);
  const url = frame.url();
  const links = (await read(frame)).map((l) => ({ ...l, region: where.region, selector: `${where.selector} >>> ${l.selector}`, frame: url }));
  return { links, where };
}

function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('frame read over the budget')), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
