// The parts of a site's artifacts kept apart from the artifacts blob, by both stores: screenshots (PNG does not
// compress, and rescore never reads them) and Lighthouse's HTML report (already gzipped; read only by the report).
import { isCollectorError, type Artifacts, type Screenshot } from '../artifacts.ts';

export interface DetachedBlobs {
  /** The artifacts without the detached parts (a copy when anything was taken out). */
  artifacts: Artifacts | null;
  shots: Screenshot[];
  /** Lighthouse's HTML report, gzipped; null when there is none (Lighthouse off or failed). */
  lighthouseHtmlGz: Buffer | null;
}

export function detachBlobs(artifacts: Artifacts | null): DetachedBlobs {
  if (!artifacts) return { artifacts, shots: [], lighthouseHtmlGz: null };
  const rest: Artifacts = { ...artifacts };
  let shots: Screenshot[] = [];
  if (Array.isArray(rest.screenshots)) {
    shots = rest.screenshots;
    delete rest.screenshots;
  }
  let lighthouseHtmlGz: Buffer | null = null;
  const lh = rest.lighthouse;
  if (lh && !isCollectorError(lh) && typeof lh.reportHtmlGz === 'string') {
    lighthouseHtmlGz = Buffer.from(lh.reportHtmlGz, 'base64');
    const { reportHtmlGz: _, ...facts } = lh;
    rest.lighthouse = facts;
  }
  return { artifacts: rest, shots, lighthouseHtmlGz };
}
