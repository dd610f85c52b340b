// Aspect keyboard-focus: visible focus and keyboard traps, from the keyboard collector (home page).
import type { Evidence } from '../../types.ts';
import type { KeyboardFacts } from '../../artifacts.ts';
import type { Check, LvAspectsOptions } from './aspects.ts';
import { clip } from './check-helpers.ts';

/** Whether a focused element showed a visible change: null when it cannot be told (an iframe, focus never left). */
export function focusShown(step: KeyboardFacts['steps'][number], ignore: readonly string[]): boolean | null {
  if (step.frame || step.changed === null) return null;
  if (!step.visible || !step.inViewport) return false;
  if (step.changed.some((c) => c !== 'removed' && !ignore.includes(c))) return true;
  // Removed from the page when focus left it (a menu that closed): its unfocused look is unknown.
  return step.changed.includes('removed') ? null : false;
}

export function keyboardChecks(k: KeyboardFacts, o: LvAspectsOptions): Check[] {
  const checks: Check[] = [];
  const url = k.url;
  if (k.error) checks.push({ id: 'keyboard-run', outcome: 'needs-review', evidence: [{ url, text: `tabulēšana pārtraukta / tabbing stopped: ${k.error}` }] });

  // Visible focus.
  const judged = k.steps.map((s) => ({ s, shown: focusShown(s, o.keyboard.ignoreChanges) })).filter((j) => j.shown !== null);
  const hidden = judged.filter((j) => !j.shown);
  if (judged.length === 0) {
    checks.push({ id: 'focus-visible', outcome: 'needs-review', evidence: [{ url, text: `fokusu nevarēja novērtēt / focus could not be judged (${k.steps.length} elements reached)` }] });
  } else if (hidden.length > o.keyboard.maxInvisibleFocus) {
    checks.push({
      id: 'focus-visible',
      outcome: 'fail',
      evidence: clip(hidden, o.maxEvidencePerCheck).map(({ s }): Evidence => ({
        url,
        selector: s.selector,
        text: `${!s.visible || !s.inViewport ? 'fokusēts elements ārpus ekrāna / focused element off-screen or hidden' : 'fokuss nav redzams / no visible focus indicator'}: "${s.name}" (${s.focusStyle})`,
      })).concat([{ url, text: `${hidden.length} no ${judged.length} fokusētajiem elementiem bez redzama fokusa / of ${judged.length} focused elements show no focus` }]),
    });
  } else {
    const kinds = [...new Set(judged.flatMap((j) => j.s.changed ?? []))].slice(0, 6).join(', ');
    checks.push({ id: 'focus-visible', outcome: 'pass', evidence: [{ url, text: `redzams fokuss visiem ${judged.length} elementiem / visible focus on all ${judged.length} focused elements (${kinds})` }] });
  }

  // Keyboard traps.
  if (k.trap) {
    const at = k.trap.steps.map((i) => k.steps[i]).filter((s) => s !== undefined);
    const first = at[0];
    const names = at.map((s) => `"${s.name || s.selector}"`).join(' → ');
    if (k.trap.kind === 'stuck' && first?.frame) {
      checks.push({
        id: 'no-keyboard-trap',
        outcome: 'needs-review',
        evidence: [{ url, selector: first.selector, text: `fokuss palika iegultā saturā (iframe, atskaņotājs) / focus stayed inside embedded content for many Tab presses: ${names}` }],
      });
    } else if (k.trap.kind === 'cycle' && k.trap.inModalDialog) {
      checks.push({
        id: 'no-keyboard-trap',
        outcome: 'needs-review',
        evidence: [{ url, ...(first ? { selector: first.selector } : {}), text: `fokuss riņķo modālā dialogā (sīkdatņu paziņojums?) / focus cycles inside a modal dialog: ${names}${k.modalAtStart ? `; Escape ${k.modalAtStart.closedByEscape ? 'aizver / closes it' : 'neaizver / does not close it'}` : ''}` }],
      });
    } else {
      checks.push({
        id: 'no-keyboard-trap',
        outcome: 'fail',
        evidence: [{ url, ...(first ? { selector: first.selector } : {}), text: k.trap.kind === 'stuck' ? `fokuss iestrēgst / focus stops moving at ${names}` : `fokuss riņķo / focus cycles without leaving: ${names}` }],
      });
    }
  } else if (k.endedBy === 'no-focus') {
    checks.push({
      id: 'no-keyboard-trap',
      outcome: k.tabbableCount > 0 ? 'fail' : 'needs-review',
      evidence: [{ url, text: `ar Tab netika fokusēts neviens elements / Tab reached no element (${k.tabbableCount} focusable)` }],
    });
  } else if (k.endedBy === 'navigated') {
    checks.push({ id: 'no-keyboard-trap', outcome: 'needs-review', evidence: [{ url, text: 'lapa pārlādējās tabulējot / the page navigated away while tabbing' }] });
  } else {
    checks.push({
      id: 'no-keyboard-trap',
      outcome: 'pass',
      evidence: [{ url, text: k.endedBy === 'cycle' ? `Tab izgāja cauri visiem ${k.steps.length} elementiem / Tab went through all ${k.steps.length} elements` : `${k.tabsPressed} Tab nospiedieni bez slazda / ${k.tabsPressed} Tab presses, no trap` }],
    });
  }
  return checks;
}
