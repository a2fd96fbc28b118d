import { ROUND_DYNAMICS, ROUND_ECHOES, ROUND_TURNS, SCENE_ENDINGS, SCENE_OPENINGS, SCENE_STAKES } from './banks/narration-banks.js';
import type { Rng } from './prng.js';
import { pickFilled, type Slots } from './template-fill.js';
import { asSentence, listOf, snippet, type Voice } from './voice.js';

/** The people the narrator describes: everyone but the narrator itself. */
export const castOf = (voice: Voice): string[] => (voice.others.length ? voice.others : voice.participants);

function narrationSlots(voice: Voice, rng: Rng): Slots {
  const cast = castOf(voice);
  const [a, b] = rng.sample(cast, 2);
  return {
    list: cast.length ? listOf(cast) : null,
    a: a ?? null,
    b: b ?? null,
    speaker: voice.lastSpeaker,
    quote: voice.lastLine ? snippet(voice.lastLine, 12) : null,
    round: voice.round !== null ? String(voice.round) : null,
  };
}

/** Narration of a scene's start: the situation, who is there, what is at stake. */
export function composeSceneOpening(voice: Voice, rng: Rng): string {
  const s = narrationSlots(voice, rng);
  return [
    voice.situation ? asSentence(voice.situation, 40) : null,
    pickFilled(rng, SCENE_OPENINGS, s) ?? 'The scene opens.',
    pickFilled(rng, SCENE_STAKES, s),
    rng.chance(0.4) ? pickFilled(rng, ROUND_DYNAMICS, s) : null,
  ]
    .filter(Boolean)
    .join(' ');
}

/** Narration between rounds: an echo of the last line, how the room moved, and what comes next (or the end). */
export function composeRoundNarration(voice: Voice, rng: Rng, concluded: boolean): string {
  const s = narrationSlots(voice, rng);
  const parts = [
    pickFilled(rng, ROUND_ECHOES, s),
    pickFilled(rng, ROUND_DYNAMICS, s),
    rng.chance(0.4) ? pickFilled(rng, ROUND_DYNAMICS, s) : null,
    concluded ? pickFilled(rng, SCENE_ENDINGS, s) : pickFilled(rng, ROUND_TURNS, s),
  ];
  const text = [...new Set(parts.filter((p): p is string => !!p))].join(' ');
  return text === '' ? 'Time passes.' : text;
}

export function composeNarration(voice: Voice, rng: Rng, concluded: boolean): string {
  return voice.taskKind === 'scene.open' ? composeSceneOpening(voice, rng) : composeRoundNarration(voice, rng, concluded);
}
