import { expect, test } from 'vitest';
import { WorkerSlots } from '../../src/service/worker-slots.ts';

test('a site waiting on its Lighthouse run frees its page slot; admission moves only the page slots', () => {
  const worker = { concurrency: 0 };
  const slots = new WorkerSlots(worker, 2, 2);
  expect(worker.concurrency).toBe(2);
  const leaveA = slots.enterLane();
  expect(worker.concurrency).toBe(3);
  const leaveB = slots.enterLane();
  const leaveC = slots.enterLane();
  expect(slots.inLane).toBe(3);
  expect(worker.concurrency).toBe(4); // lane slots are capped at laneMax
  slots.concurrency = 1; // admission backs off
  expect(slots.concurrency).toBe(1);
  expect(worker.concurrency).toBe(3);
  leaveA();
  leaveA(); // idempotent
  expect(slots.inLane).toBe(2);
  leaveB();
  leaveC();
  expect(worker.concurrency).toBe(1);
});
