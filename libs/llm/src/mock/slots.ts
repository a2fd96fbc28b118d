import type { Rng } from './prng.js';
import type { Slots } from './template-fill.js';
import { keySentence, snippet, type Voice } from './voice.js';

/** The slot values one answer is written with: one goal, one trait, the addressee, the quote. */
export function slotsFor(voice: Voice, rng: Rng, target: string | null): Slots {
  const roundsLeft = voice.round !== null && voice.maxRounds !== null ? voice.maxRounds - voice.round : null;
  return {
    self: voice.self,
    role: voice.role,
    goal: voice.goals.length ? rng.pick(voice.goals) : null,
    trait: voice.adjectives.length ? rng.pick(voice.adjectives) : null,
    other: target,
    speaker: voice.lastSpeaker,
    quote: voice.lastLine ? snippet(keySentence(voice.lastLine)) : null,
    rounds_left: roundsLeft !== null && roundsLeft > 1 ? String(roundsLeft) : null,
  };
}
