import { ACTS, ACT_SUFFIXES, FAREWELLS, THOUGHTS } from './banks/action-banks.js';
import { ELABORATIONS, OPENERS, QUESTIONS, REACTIONS, ROLE_STANCES, STANCES, URGENCY } from './banks/speech-banks.js';
import type { Rng } from './prng.js';
import { slotsFor } from './slots.js';
import { pickFilled } from './template-fill.js';
import type { Voice } from './voice.js';

const join = (parts: Array<string | null>) =>
  parts
    .filter((p): p is string => !!p)
    .join(' ')
    .trim();

/** A spoken line: opener, reaction to the last speaker, stance on a goal, elaboration, a question. */
export function composeSpeech(voice: Voice, rng: Rng, target: string | null): string {
  const s = slotsFor(voice, rng, target);
  const parts: Array<string | null> = [];
  if (rng.chance(0.5)) parts.push(pickFilled(rng, OPENERS, s));
  if (rng.chance(0.75)) parts.push(pickFilled(rng, REACTIONS, s));
  if (rng.chance(0.8)) parts.push(pickFilled(rng, s.goal ? STANCES : ROLE_STANCES, s));
  if (rng.chance(0.45)) parts.push(pickFilled(rng, ELABORATIONS, s));
  if (voice.progress > 0.7 && rng.chance(0.5)) parts.push(pickFilled(rng, URGENCY, s));
  if (rng.chance(0.7)) parts.push(pickFilled(rng, QUESTIONS, s));
  const line = join(parts);
  if (line.split(' ').length >= 6) return line;
  return join([line, pickFilled(rng, s.goal ? STANCES : ROLE_STANCES, s), pickFilled(rng, ELABORATIONS, s)]);
}

export function composeAct(voice: Voice, rng: Rng, target: string | null): string {
  const s = slotsFor(voice, rng, target);
  const act = pickFilled(rng, ACTS, s) ?? `${voice.self} waits.`;
  return join([act, rng.chance(0.5) ? pickFilled(rng, ACT_SUFFIXES, s) : null]);
}

export function composeThought(voice: Voice, rng: Rng, target: string | null): string {
  const s = slotsFor(voice, rng, target);
  const first = pickFilled(rng, THOUGHTS, s) ?? 'Wait and see.';
  const second = rng.chance(0.4) ? pickFilled(rng, THOUGHTS.filter((t) => !first.startsWith(t.slice(0, 12))), s) : null;
  return join([first, second]);
}

export function composeFarewell(voice: Voice, rng: Rng, target: string | null): string {
  return pickFilled(rng, FAREWELLS, slotsFor(voice, rng, target)) ?? "I'm done here.";
}

/** The content of an actor's move, written for the action chosen. */
export function composeActorContent(voice: Voice, rng: Rng, action: string, target: string | null): string {
  switch (action) {
    case 'act':
      return composeAct(voice, rng, target);
    case 'think':
      return composeThought(voice, rng, target);
    case 'done':
      return composeFarewell(voice, rng, target);
    default:
      return composeSpeech(voice, rng, target);
  }
}
