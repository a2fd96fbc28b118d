import { eventPayloadSchemas, type RunEvent, type RunEventPayload, type RunEventType } from '@scrai/contracts';
import { metricsText } from './metrics-text.js';
import type { TerminalStyle } from './terminal-style.js';
import { wrapText } from './text-wrap.js';

export interface TranscriptOptions {
  style: TerminalStyle;
  /** Wrap at this many columns; undefined: no wrapping (logs, pipes). */
  width?: number;
  /** Start every actor turn with a plain `[turn n/N]` (when no progress bar shows it). */
  turnPrefix: boolean;
}

interface CastMember {
  engineType: string;
  /** Place among the actors (for the colour); -1 for narrator and analyst. */
  actorIndex: number;
}

const CONTINUATION = '    ';

/**
 * Turns a run's events into terminal lines, one event at a time, in log order. Remembers the cast
 * and max_turns from `run.started`. Does no I/O.
 */
export class TranscriptLines {
  private readonly cast = new Map<string, CastMember>();
  private maxTurns: number | undefined;

  constructor(private readonly opts: TranscriptOptions) {}

  /** max_turns of the run once run.started was seen. */
  get turnLimit(): number | undefined {
    return this.maxTurns;
  }

  lines(event: RunEvent): string[] {
    const parsed = eventPayloadSchemas[event.type]?.safeParse(event.payload);
    if (!parsed?.success) return [this.opts.style.dim(`· ${event.type} ${JSON.stringify(event.payload)}`)];
    return this.format(event, parsed.data);
  }

  private format(event: RunEvent, payload: RunEventPayload<RunEventType>): string[] {
    const s = this.opts.style;
    const who = event.agent_id;
    switch (event.type) {
      case 'run.started':
        return this.started(payload as RunEventPayload<'run.started'>);
      case 'scene.opened': {
        const p = payload as RunEventPayload<'scene.opened'>;
        return this.block(`~ ${who ?? 'narrator'}: `, s.magenta, p.narration, s.italic);
      }
      case 'round.resolved': {
        const p = payload as RunEventPayload<'round.resolved'>;
        const text = p.scene_concluded ? `${p.narration} [scene concluded]` : p.narration;
        return this.block(`~ ${who ?? 'narrator'} (end of round ${p.round}): `, s.magenta, text, s.italic);
      }
      case 'actor.turn':
        return this.actorTurn(who ?? '?', payload as RunEventPayload<'actor.turn'>);
      case 'analysis.checkpoint': {
        const p = payload as RunEventPayload<'analysis.checkpoint'>;
        const lines = this.block(`◆ ${who ?? 'analyst'}, checkpoint at turn ${p.turn}: `, s.cyan, p.summary);
        const m = metricsText(p.metrics);
        return m ? [...lines, s.dim(`  metrics: ${m}`)] : lines;
      }
      case 'analysis.report':
        return [s.cyan(`◆ ${who ?? 'analyst'} filed the final report (below)`)];
      case 'run.completed': {
        const p = payload as RunEventPayload<'run.completed'>;
        return [s.green(`■ run completed (${p.reason}) after ${p.turns} turns, ${p.rounds} rounds`)];
      }
      case 'run.failed': {
        const p = payload as RunEventPayload<'run.failed'>;
        return this.block(`✖ run failed after ${p.turns} turns: `, s.red, p.error, s.red);
      }
      case 'run.stopped': {
        const p = payload as RunEventPayload<'run.stopped'>;
        return [s.yellow(`■ run stopped (${p.reason}) after ${p.turns} turns`)];
      }
      case 'run.budget_exceeded': {
        const p = payload as RunEventPayload<'run.budget_exceeded'>;
        return this.block(`■ run stopped by its LLM budget after ${p.turns} turns: `, s.yellow, p.reason, s.yellow);
      }
      case 'run.paused': {
        const p = payload as RunEventPayload<'run.paused'>;
        return [s.yellow(`‖ run paused (${p.reason}) after ${p.turns} turns`)];
      }
      case 'run.resumed':
        return [s.yellow('▶ run resumed')];
      case 'run.injected': {
        const p = payload as RunEventPayload<'run.injected'>;
        const text = p.target ? `(to ${p.target}) ${p.content}` : p.content;
        return this.block(`» ${p.author} (${p.kind.replace('_', ' ')}): `, s.yellow, text);
      }
      case 'turn.skipped': {
        const p = payload as RunEventPayload<'turn.skipped'>;
        return this.block(`· ${p.agent} skipped (${p.task}): `, s.dim, p.reason, s.dim);
      }
    }
  }

  private started(p: RunEventPayload<'run.started'>): string[] {
    const s = this.opts.style;
    this.maxTurns = p.max_turns;
    this.cast.clear();
    let actors = 0;
    for (const a of p.agents) {
      this.cast.set(a.id, { engineType: a.engine_type, actorIndex: a.engine_type === 'actor' ? actors++ : -1 });
    }
    const cast = p.agents.map((a) => `${this.name(a.id)} (${a.engine_type === 'actor' ? a.role : a.engine_type})`).join(', ');
    return [
      `${s.bold(`▶ ${p.scenario_name}`)} · seed ${p.seed} · up to ${p.max_turns} turns · ${p.turn_policy}`,
      ...this.block('  cast: ', s.dim, cast),
    ];
  }

  private actorTurn(agentId: string, p: RunEventPayload<'actor.turn'>): string[] {
    const s = this.opts.style;
    const turn = this.maxTurns === undefined ? `${p.turn}` : `${p.turn}/${this.maxTurns}`;
    const lead = this.opts.turnPrefix ? `[turn ${turn}] ` : `#${p.turn} `;
    const action = `[${p.action}${p.target ? ` → ${p.target}` : ''}] `;
    const plainPrefix = `${lead}${agentId} ${action}`;
    const styledPrefix = `${this.opts.turnPrefix ? lead : s.dim(lead)}${s.bold(this.name(agentId))} ${s.dim(action)}`;
    const body = p.action === 'think' ? (t: string) => s.dim(s.italic(t)) : p.action === 'act' ? s.italic : (t: string) => t;
    return this.wrapped(plainPrefix.length, styledPrefix, p.content, body);
  }

  /** An agent's id in its colour: actors by cast order, narrator magenta, analyst cyan. */
  private name(id: string): string {
    const s = this.opts.style;
    const m = this.cast.get(id);
    if (!m) return id;
    if (m.engineType === 'narrator') return s.magenta(id);
    if (m.engineType === 'analyst') return s.cyan(id);
    return s.palette(m.actorIndex, id);
  }

  private block(prefix: string, prefixStyle: (t: string) => string, text: string, body: (t: string) => string = (t) => t): string[] {
    return this.wrapped(prefix.length, prefixStyle(prefix), text, body);
  }

  private wrapped(prefixLength: number, styledPrefix: string, text: string, body: (t: string) => string): string[] {
    const w = this.opts.width;
    const parts = wrapText(text, w === undefined ? undefined : w - prefixLength, w === undefined ? undefined : w - CONTINUATION.length);
    return parts.map((part, i) => (i === 0 ? `${styledPrefix}${body(part)}` : `${CONTINUATION}${body(part)}`));
  }
}
