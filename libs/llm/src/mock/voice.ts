import type { LlmHints } from '@scrai/contracts';

/** Who is speaking and to whom, read from a request's hints; what every mock sentence is built from. */
export interface Voice {
  taskKind: string;
  self: string;
  role: string;
  goals: string[];
  /** Trait values usable as adjectives ("stubborn", "warm"). */
  adjectives: string[];
  participants: string[];
  /** Participants other than the speaker. */
  others: string[];
  /** The previous speaker, when it is someone else. */
  lastSpeaker: string | null;
  lastLine: string | null;
  situation: string | null;
  round: number | null;
  maxRounds: number | null;
  turn: number | null;
  maxTurns: number | null;
  /** How far the run is, 0 (start) to 1 (last turn or round); 0 when unknown. */
  progress: number;
}

const clean = (s: string) => s.trim().replace(/\s+/g, ' ');

/** A goal as it reads in the middle of a sentence: no trailing period, first word lower-cased unless it is an acronym or a name. */
export function goalPhrase(goal: string): string {
  const g = clean(goal).replace(/[.!;]+$/, '');
  const first = g.split(' ')[0] ?? '';
  const isAcronymOrName = first.length > 1 && (first === first.toUpperCase() || /[A-Z]/.test(first.slice(1)));
  return isAcronymOrName || g === '' ? g : g[0]!.toLowerCase() + g.slice(1);
}

const ratio = (n: number | undefined, max: number | undefined): number | null =>
  n === undefined || max === undefined || max <= 0 ? null : Math.min(1, Math.max(0, n / max));

export function voiceOf(hints: LlmHints): Voice {
  const self = clean(hints.agent_id ?? '') || 'the speaker';
  const participants = (hints.participants ?? []).map(clean).filter((p) => p !== '');
  const others = participants.filter((p) => p !== self);
  const adjectives = Object.values(hints.traits ?? {})
    .filter((v): v is string => typeof v === 'string')
    .map(clean)
    .filter((v) => v !== '' && v.split(' ').length <= 3);
  const lastSpeaker = hints.last_speaker && clean(hints.last_speaker) !== self ? clean(hints.last_speaker) : null;
  const lastLine = hints.last_line && clean(hints.last_line) !== '' ? clean(hints.last_line) : null;
  const progress = ratio(hints.turn, hints.max_turns) ?? ratio(hints.round, hints.max_rounds) ?? 0;
  return {
    taskKind: hints.task_kind ?? 'chat',
    self,
    role: clean(hints.persona_role ?? '') || 'participant',
    goals: (hints.goals ?? []).map(goalPhrase).filter((g) => g !== ''),
    adjectives,
    participants,
    others,
    lastSpeaker,
    lastLine,
    situation: hints.situation && clean(hints.situation) !== '' ? clean(hints.situation) : null,
    round: hints.round ?? null,
    maxRounds: hints.max_rounds ?? null,
    turn: hints.turn ?? null,
    maxTurns: hints.max_turns ?? null,
    progress,
  };
}

/** The most substantial sentence of a line (the longest), so a quote skips openers such as "Honestly?". */
export function keySentence(line: string): string {
  const sentences = line.match(/[^.!?…]+[.!?…]*/g)?.map((x) => x.trim()).filter(Boolean) ?? [line];
  return sentences.reduce((best, x) => (x.length > best.length ? x : best), '');
}

/** The first words of a line, for quoting it back ("…" when cut). */
export function snippet(line: string, maxWords = 9): string {
  const words = line.replace(/["“”]/g, "'").split(' ');
  const cut = words.length > maxWords;
  const text = words.slice(0, maxWords).join(' ').replace(/[,;:.!?]+$/, '');
  return cut ? `${text}…` : text;
}

/** "a", "a and b", "a, b and c". */
export function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? 'everyone';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The first words of a text as a sentence (ending in punctuation). */
export function asSentence(text: string, maxWords: number): string {
  const s = snippet(text, maxWords);
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}
