import { chooseAction, chooseTarget, sceneEndProbability } from './actor-decisions.js';
import { composeActorContent, composeThought } from './compose-actor.js';
import { composeHighlights, composeMetrics, composeReport, composeSummary, type Metrics } from './compose-analysis.js';
import { composeNarration } from './compose-narration.js';
import { rngFor } from './prng.js';
import type { Voice } from './voice.js';

/**
 * Every decision and text of one mock answer, each made once, on first use, from its own PRNG stream
 * derived from the request key. So a field's value does not depend on which fields the schema asks
 * for first, and the same request always gets the same answer.
 */
export class AnswerPlan {
  private readonly memo = new Map<string, unknown>();

  constructor(
    readonly voice: Voice,
    private readonly key: string,
  ) {}

  private once<T>(name: string, make: () => T): T {
    if (!this.memo.has(name)) this.memo.set(name, make());
    return this.memo.get(name) as T;
  }

  /** A PRNG stream of its own for a purpose not covered by the named decisions (e.g. one schema field). */
  rng(label: string) {
    return rngFor(this.key, label);
  }

  action(allowed?: readonly string[]): string {
    return this.once('action', () => chooseAction(this.voice, this.rng('action'), allowed));
  }

  target(): string | null {
    return this.once('target', () => chooseTarget(this.voice, this.rng('target'), this.action()));
  }

  actorContent(): string {
    return this.once('actor-content', () => composeActorContent(this.voice, this.rng('actor-content'), this.action(), this.target()));
  }

  thought(): string {
    return this.once('thought', () => composeThought(this.voice, this.rng('thought'), this.target()));
  }

  sceneConcluded(): boolean {
    return this.once(
      'scene-concluded',
      () =>
        this.voice.taskKind !== 'scene.open' &&
        this.rng('scene-concluded').chance(sceneEndProbability(this.voice.round, this.voice.maxRounds)),
    );
  }

  narration(): string {
    return this.once('narration', () => composeNarration(this.voice, this.rng('narration'), this.sceneConcluded()));
  }

  metrics(): Metrics {
    return this.once('metrics', () => composeMetrics(this.voice, this.rng('metrics')));
  }

  summary(): string {
    return this.once('summary', () => composeSummary(this.voice, this.rng('summary'), this.metrics()));
  }

  report(): string {
    return this.once('report', () => composeReport(this.voice, this.rng('report'), this.metrics()));
  }

  highlights(): string[] {
    return this.once('highlights', () => composeHighlights(this.voice, this.rng('highlights')));
  }

  /** The main text of the answer for its task kind: what a free-text field such as `content` holds. */
  mainText(): string {
    switch (this.voice.taskKind) {
      case 'scene.open':
      case 'round.resolve':
        return this.narration();
      case 'analysis.checkpoint':
        return this.summary();
      case 'analysis.report':
        return this.report();
      default:
        return this.actorContent();
    }
  }
}
