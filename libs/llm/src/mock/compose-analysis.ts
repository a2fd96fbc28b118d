import { DYNAMICS, HIGHLIGHTS, PARTICIPANT_ASSESSMENTS, PARTICIPANT_FOLLOWUPS } from './banks/analysis-banks.js';
import { castOf } from './compose-narration.js';
import type { Rng } from './prng.js';
import { canFill, fill } from './template-fill.js';
import { asSentence, listOf, snippet, type Voice } from './voice.js';

export type Metrics = Record<string, number>;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const two = (x: number) => Math.round(x * 100) / 100;

/** Numbers an analyst reports: tension and agreement drift upward with progress, plus noise. */
export function composeMetrics(voice: Voice, rng: Rng): Metrics {
  return {
    tension: two(clamp01(0.25 + 0.45 * voice.progress + 0.3 * (rng.next() - 0.5))),
    agreement: two(clamp01(0.2 + 0.4 * voice.progress + 0.3 * (rng.next() - 0.5))),
    turns_observed: voice.turn ?? 0,
    participants: castOf(voice).length,
  };
}

const level = (x: number) => (x >= 0.66 ? 'high' : x >= 0.33 ? 'moderate' : 'low');

function metricsSentence(m: Metrics): string {
  return `Tension is ${level(m.tension ?? 0)} (${m.tension}) and agreement ${level(m.agreement ?? 0)} (${m.agreement}).`;
}

function span(voice: Voice): string {
  const turns = voice.turn !== null ? `${voice.turn} turns` : 'the turns so far';
  const rounds = voice.round !== null ? ` (round ${voice.round}${voice.maxRounds !== null ? ` of ${voice.maxRounds}` : ''})` : '';
  return `${turns}${rounds}`;
}

/** One assessment per participant, no two alike while the bank lasts. */
function assessments(people: readonly string[], rng: Rng): string[] {
  const lines = rng.sample(PARTICIPANT_ASSESSMENTS, PARTICIPANT_ASSESSMENTS.length);
  return people.map((p, i) => fill(lines[i % lines.length]!, { p }));
}

/** A checkpoint summary: who drives the exchange, the latest line, the current numbers. */
export function composeSummary(voice: Voice, rng: Rng, metrics: Metrics): string {
  const cast = castOf(voice);
  const parts = [`After ${span(voice)}, ${cast.length ? listOf(cast) : 'the participants'} are still at the table.`];
  parts.push(...assessments(rng.sample(cast, 2), rng));
  if (voice.lastSpeaker && voice.lastLine) parts.push(`The latest word came from ${voice.lastSpeaker}: "${snippet(voice.lastLine, 14)}".`);
  parts.push(rng.pick(DYNAMICS), metricsSentence(metrics));
  return parts.join(' ');
}

/** A final report of several paragraphs: overview, one paragraph per participant, dynamics, conclusion. */
export function composeReport(voice: Voice, rng: Rng, metrics: Metrics): string {
  const cast = castOf(voice);
  const who = cast.length ? listOf(cast) : 'the participants';
  const paragraphs = [
    [
      `This report covers ${span(voice)} of the scenario involving ${who}.`,
      voice.situation ? `The situation: ${asSentence(voice.situation, 30)}` : null,
    ]
      .filter(Boolean)
      .join(' '),
  ];
  const followups = rng.sample(PARTICIPANT_FOLLOWUPS, PARTICIPANT_FOLLOWUPS.length);
  assessments(cast, rng).forEach((a, i) => paragraphs.push(`${a} ${followups[i % followups.length]}`));
  paragraphs.push(`${rng.pick(DYNAMICS)} ${metricsSentence(metrics)}`);
  paragraphs.push(
    metrics.agreement !== undefined && metrics.agreement >= 0.5
      ? `Overall, ${who} moved toward common ground, though not every concern was resolved.`
      : `Overall, ${who} ended without a shared position; the underlying disagreements remain open.`,
  );
  return paragraphs.join('\n\n');
}

/** Three to five one-line highlights, each from a different template, naming participants. */
export function composeHighlights(voice: Voice, rng: Rng): string[] {
  const cast = castOf(voice);
  const n = 3 + rng.int(3);
  const out: string[] = [];
  for (const template of rng.sample(HIGHLIGHTS, HIGHLIGHTS.length)) {
    if (out.length >= n) break;
    const [a, b] = rng.sample(cast, 2);
    const slots = { p: a ?? null, a: a ?? null, b: b ?? null, speaker: voice.lastSpeaker, quote: voice.lastLine ? snippet(voice.lastLine, 10) : null };
    if (canFill(template, slots)) out.push(fill(template, slots));
  }
  return out.length ? out : ['The discussion continued without a decisive moment.'];
}
