import { ACTOR_ACTIONS } from '@scrai/contracts';
import type { Rng } from './prng.js';
import type { Voice } from './voice.js';

/** Chance that an actor says it is done: rare early, rising with the square of the run's progress. */
export function doneProbability(progress: number): number {
  return Math.min(0.6, 0.01 + 0.45 * progress * progress);
}

const BASE_WEIGHTS: Record<string, number> = { speak: 0.65, act: 0.2, think: 0.15 };

/** The actor's move, among the values the caller's schema allows (the four actor actions by default). */
export function chooseAction(voice: Voice, rng: Rng, allowed: readonly string[] = ACTOR_ACTIONS): string {
  if (allowed.length === 0) throw new Error('no action is allowed');
  const pDone = doneProbability(voice.progress);
  const weights = allowed.map((a) => (a === 'done' ? pDone : (BASE_WEIGHTS[a] ?? 0.05) * (1 - pDone)));
  const total = weights.reduce((s, w) => s + w, 0);
  let x = rng.next() * total;
  for (let i = 0; i < allowed.length; i++) {
    x -= weights[i]!;
    if (x < 0) return allowed[i]!;
  }
  return allowed[allowed.length - 1]!;
}

const TARGET_CHANCE: Record<string, number> = { speak: 0.85, act: 0.75, think: 0.5, done: 0.15 };

/** Whom the move is aimed at: another participant (often the last speaker) or nobody. */
export function chooseTarget(voice: Voice, rng: Rng, action: string): string | null {
  if (voice.others.length === 0 || !rng.chance(TARGET_CHANCE[action] ?? 0.5)) return null;
  if (voice.lastSpeaker && voice.others.includes(voice.lastSpeaker) && rng.chance(0.5)) return voice.lastSpeaker;
  return rng.pick(voice.others);
}

/**
 * Chance that the narrator ends the scene: zero in rounds 0-1 and in the first half of the run, then
 * rising to 0.8 at the last round.
 */
export function sceneEndProbability(round: number | null, maxRounds: number | null): number {
  if (round === null || maxRounds === null || maxRounds <= 0 || round < 2) return 0;
  const frac = Math.min(1, (round + 1) / maxRounds);
  if (frac < 0.5) return 0;
  const x = (frac - 0.5) / 0.5;
  return 0.8 * x * x;
}
