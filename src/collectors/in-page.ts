// Helpers shared by the functions collectors run inside the page. A function given to page.evaluate is serialised
// and cannot import anything, so the helpers are installed once per document as window.__eindex.
import type { Page } from 'playwright-core';

export interface InPageHelpers {
  /** A short CSS path: the nearest id, then tag:nth-of-type steps, at most 5 levels (readable in evidence). */
  selectorOf(el: Element): string;
}

declare global {
  interface Window {
    __eindex: InPageHelpers;
  }
}

/** Runs inside the page. */
function install(): void {
  if (window.__eindex) return;
  window.__eindex = {
    selectorOf(el: Element): string {
      const parts: string[] = [];
      let node: Element | null = el;
      while (node && node.nodeType === 1 && parts.length < 5) {
        if (node.id && /^[A-Za-z][\w-]*$/.test(node.id)) {
          parts.unshift(`#${node.id}`);
          break;
        }
        const tag = node.tagName.toLowerCase();
        const parent: Element | null = node.parentElement;
        if (!parent || tag === 'html' || tag === 'body') {
          parts.unshift(tag);
          break;
        }
        const current = node;
        const same = Array.from(parent.children).filter((c) => c.tagName === current.tagName);
        parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(current) + 1})` : tag);
        node = parent;
      }
      return parts.join(' > ');
    },
  };
}

/** Installs the helpers in the page's current document (idempotent; call before a collector's first evaluate). */
export async function installInPageHelpers(page: Page): Promise<void> {
  await page.evaluate(install);
}
