// Helpers shared by the functions collectors run inside the page. A function given to page.evaluate is serialised
// and cannot import anything, so the helpers are installed once per document as window.__eindex.
import type { Frame, Page } from 'playwright-core';
import type { Region } from '../artifacts.ts';

export interface InPageHelpers {
  /** A short CSS path: the nearest id, then tag:nth-of-type steps, at most 5 levels (readable in evidence). Inside an
   * open shadow root the path starts with the shadow host's own path and " >>> " (the host is named). */
  selectorOf(el: Element): string;
  /** The landmark the element sits in, looking out of open shadow roots to their hosts (a web component's footer links
   * inside <footer> are footer links). */
  regionOf(el: Element): Region;
  /** The document and every open shadow root in it (nested ones too), at most `max` roots in all. */
  roots(max: number): (Document | ShadowRoot)[];
  /** Runs the document's CSS transitions to their end (a fading focus ring, a sliding skip link, a slide fading in), so a
   * read sees their end state; one that cannot end (infinite, detached) is left as it is. */
  finishTransitions(): void;
}

declare global {
  interface Window {
    __eindex: InPageHelpers;
  }
}

/** Runs inside the page. */
function install(): void {
  if (window.__eindex) return;
  const selectorOf = (el: Element): string => {
    const parts: string[] = [];
    let node: Element | null = el;
    while (node && node.nodeType === 1 && parts.length < 5) {
      if (node.id && /^[A-Za-z][\w-]*$/.test(node.id)) {
        parts.unshift(`#${node.id}`);
        break;
      }
      const tag = node.tagName.toLowerCase();
      const parent: Element | null = node.parentElement;
      // At the top of a shadow root the root holds the siblings.
      const siblings = parent ? parent.children : node.parentNode instanceof ShadowRoot ? node.parentNode.children : null;
      if (!siblings || tag === 'html' || tag === 'body') {
        parts.unshift(tag);
        break;
      }
      const current = node;
      const same = Array.from(siblings).filter((c) => c.tagName === current.tagName);
      parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(current) + 1})` : tag);
      node = parent;
    }
    const root = el.getRootNode();
    return root instanceof ShadowRoot ? `${selectorOf(root.host)} >>> ${parts.join(' > ')}` : parts.join(' > ');
  };
  const closestComposed = (el: Element, selector: string): boolean => {
    let node: Element | null = el;
    while (node) {
      if (node.closest(selector)) return true;
      const root = node.getRootNode();
      node = root instanceof ShadowRoot ? root.host : null;
    }
    return false;
  };
  window.__eindex = {
    selectorOf,
    regionOf(el: Element): Region {
      if (closestComposed(el, 'footer, [role="contentinfo"]')) return 'footer';
      if (closestComposed(el, 'header, [role="banner"]')) return 'header';
      if (closestComposed(el, 'nav, [role="navigation"]')) return 'nav';
      if (closestComposed(el, 'aside, [role="complementary"]')) return 'aside';
      if (closestComposed(el, 'main, [role="main"]')) return 'main';
      return 'other';
    },
    roots(max: number): (Document | ShadowRoot)[] {
      const out: (Document | ShadowRoot)[] = [document];
      for (let i = 0; i < out.length && out.length < max; i++) {
        for (const el of Array.from(out[i]!.querySelectorAll('*'))) {
          if (el.shadowRoot && out.length < max) out.push(el.shadowRoot);
        }
      }
      return out;
    },
    finishTransitions(): void {
      for (const a of document.getAnimations()) {
        if (typeof CSSTransition !== 'undefined' && a instanceof CSSTransition) {
          try {
            a.finish();
          } catch {
            /* an infinite or detached transition cannot finish */
          }
        }
      }
    },
  };
}

/** Installs the helpers in the page's (or a frame's) current document (idempotent; call before a collector's first evaluate). */
export async function installInPageHelpers(target: Page | Frame): Promise<void> {
  await target.evaluate(install);
}
