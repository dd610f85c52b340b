import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { WCAG_TAGS } from '../../../src/collectors/axe.ts';
import { AXE_HELP_LV, ruleHelp } from '../../../src/publish/report/axe-lv.ts';

const require = createRequire(import.meta.url);
const axe = require('axe-core') as { getRules(tags: string[]): { ruleId: string }[] };

describe('Latvian help of the axe rules', () => {
  test('every rule the axe collector runs (the installed axe-core, WCAG 2.0/2.1 A and AA) has a Latvian text', () => {
    const ids = axe.getRules(WCAG_TAGS).map((r) => r.ruleId);
    expect(ids.length).toBeGreaterThan(50);
    expect(ids.filter((id) => !AXE_HELP_LV[id])).toEqual([]);
  });

  test('English report keeps axe\'s help; an unknown rule falls back to it, marked English', () => {
    expect(ruleHelp('image-alt', 'Images must have alternative text', 'lv')).toEqual({ text: 'Attēliem jābūt teksta alternatīvai', english: false });
    expect(ruleHelp('image-alt', 'Images must have alternative text', 'en')).toEqual({ text: 'Images must have alternative text', english: true });
    expect(ruleHelp('future-rule', 'Some help', 'lv')).toEqual({ text: 'Some help', english: true });
  });
});
