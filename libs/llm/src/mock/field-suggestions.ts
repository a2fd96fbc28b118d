import { ELABORATIONS } from './banks/speech-banks.js';
import type { AnswerPlan } from './answer-plan.js';
import { castOf } from './compose-narration.js';
import { snippet } from './voice.js';

/**
 * Values for a JSON field chosen by its name, so a schema the mock has never seen still gets sensible
 * content ("summary" gets a summary, "tension" a number in 0..1). Each returns undefined when the name
 * means nothing to it; the schema walker then falls back to a generic value of the right type.
 */
export const normalizeName = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

const isOneOf = (name: string, words: readonly string[]) => words.includes(name);

const TEXT = ['content', 'text', 'message', 'line', 'utterance', 'speech', 'dialogue', 'reply', 'response', 'answer', 'output', 'say'];
const NARRATION = ['narration', 'narrative', 'description', 'scene', 'scene_description'];
const SUMMARY = ['summary', 'synopsis', 'recap', 'overview'];
const REPORT = ['report', 'analysis', 'assessment', 'final_report'];
const THOUGHT = ['thought', 'thoughts', 'reasoning', 'rationale', 'reason', 'explanation', 'inner_monologue', 'internal_monologue'];
const TARGET = ['target', 'addressee', 'recipient', 'to', 'target_agent', 'target_id', 'target_agent_id'];
const SELF = ['speaker', 'agent', 'agent_id', 'author', 'actor', 'name', 'from', 'self'];
const ROLE = ['role', 'persona', 'persona_role'];
const GOAL = ['goal', 'objective', 'intent', 'intention'];
const MOOD = ['emotion', 'mood', 'tone', 'feeling'];
const MOODS = ['calm', 'tense', 'hopeful', 'wary', 'frustrated', 'determined', 'guarded'];

const UNIT_METRICS = [
  'tension', 'agreement', 'cooperation', 'conflict', 'confidence', 'probability', 'trust', 'hostility',
  'consensus', 'polarization', 'sentiment', 'satisfaction', 'score', 'likelihood', 'certainty',
];
const TURN_COUNTS = ['turns_observed', 'turns', 'turn_count', 'num_turns'];
const CONCLUDED = ['scene_concluded', 'concluded', 'scene_over', 'finished', 'is_final', 'ended', 'end_scene', 'scene_ended', 'complete', 'completed'];
const DONE = ['done', 'is_done', 'wants_to_stop', 'stop'];
const LISTS = ['highlights', 'key_moments', 'moments', 'takeaways', 'points', 'bullets', 'observations', 'findings'];
const CASTS = ['participants', 'agents', 'cast', 'speakers'];
const RECORDS = ['metrics', 'scores', 'stats', 'measures', 'indicators'];

export function suggestString(plan: AnswerPlan, rawName: string): string | undefined {
  const n = normalizeName(rawName);
  const v = plan.voice;
  if (isOneOf(n, TEXT)) return plan.mainText();
  if (isOneOf(n, NARRATION)) return plan.narration();
  if (isOneOf(n, SUMMARY)) return plan.summary();
  if (isOneOf(n, REPORT)) return plan.report();
  if (isOneOf(n, THOUGHT)) return plan.thought();
  if (isOneOf(n, TARGET)) return plan.target() ?? v.others[0] ?? v.self;
  if (isOneOf(n, SELF)) return v.self;
  if (isOneOf(n, ROLE)) return v.role;
  if (isOneOf(n, GOAL)) return v.goals[0] ?? 'to be heard';
  if (isOneOf(n, MOOD) || n === 'sentiment') return plan.rng(`mood:${n}`).pick(MOODS);
  if (n === 'title' || n === 'headline') return `${v.role}: ${snippet(plan.mainText(), 6)}`;
  if (n === 'highlight') return plan.highlights()[0];
  return undefined;
}

/** A sentence in the speaker's register for a string field nobody named. */
export function genericSentence(plan: AnswerPlan, path: string): string {
  return plan.rng(`generic:${path}`).pick(ELABORATIONS.filter((t) => !t.includes('{')));
}

/** For a nullable field, whether null is the sensible value (e.g. a target when nobody is addressed). */
export function prefersNull(plan: AnswerPlan, rawName: string): boolean {
  return isOneOf(normalizeName(rawName), TARGET) && plan.target() === null;
}

export function suggestNumber(plan: AnswerPlan, rawName: string): number | undefined {
  const n = normalizeName(rawName);
  if (isOneOf(n, UNIT_METRICS)) {
    const known = plan.metrics()[n];
    return known ?? Math.round(plan.rng(`metric:${n}`).next() * 100) / 100;
  }
  if (isOneOf(n, TURN_COUNTS)) return plan.voice.turn ?? 0;
  if (n === 'round') return plan.voice.round ?? 0;
  if (n === 'num_participants' || n === 'participant_count') return castOf(plan.voice).length;
  return undefined;
}

export function suggestBoolean(plan: AnswerPlan, rawName: string): boolean | undefined {
  const n = normalizeName(rawName);
  if (isOneOf(n, CONCLUDED)) return plan.sceneConcluded();
  if (isOneOf(n, DONE)) return plan.action() === 'done';
  return undefined;
}

export function suggestStringList(plan: AnswerPlan, rawName: string): string[] | undefined {
  const n = normalizeName(rawName);
  if (isOneOf(n, LISTS)) return plan.highlights();
  if (isOneOf(n, CASTS)) return castOf(plan.voice);
  if (n === 'goals') return plan.voice.goals;
  return undefined;
}

export function suggestRecord(plan: AnswerPlan, rawName: string): Record<string, number> | undefined {
  return isOneOf(normalizeName(rawName), RECORDS) ? plan.metrics() : undefined;
}

/** For an enum field: the actor's action when the field is one, otherwise nothing. */
export function suggestEnum(plan: AnswerPlan, rawName: string, values: readonly unknown[]): unknown {
  const n = normalizeName(rawName);
  const strings = values.filter((x): x is string => typeof x === 'string');
  if ((n === 'action' || n === 'move' || n === 'action_type') && strings.length) {
    const a = plan.action(strings);
    return strings.includes(a) ? a : undefined;
  }
  if (isOneOf(n, TARGET) || isOneOf(n, SELF)) {
    const s = suggestString(plan, rawName);
    return values.includes(s) ? s : undefined;
  }
  return undefined;
}
