import type { Injection, InjectionKind } from '@scrai/contracts';
import type { Draft } from './draft.js';
import { firstTimeOf } from './control-requests.js';
import { appendToWindow } from './transcript-window.js';

/** Who an injected line is from when the request names nobody. */
function speakerOf(d: Draft, kind: InjectionKind): string {
  switch (kind) {
    case 'user_message':
      return 'user';
    case 'narrator_twist':
      return d.roster.narrator?.id ?? 'narrator';
    case 'intervention':
      return 'moderator';
  }
}

/**
 * A live injection (running or paused run): recorded as `run.injected` and added to the transcript
 * window, so every agent sees it from its next task on, as a line of its author — a user, the
 * narrator (a twist), or a moderator (an intervention). Addressed lines read "(to <target>) ...",
 * like actors' lines. False for a repeated injection id.
 */
export function injectEvent(d: Draft, injectionId: string, injection: Injection): boolean {
  const s = d.state;
  if (!firstTimeOf(s, `inject:${injectionId}`)) return false;
  const author = injection.author ?? speakerOf(d, injection.kind);
  const seq = d.emit('run.injected', null, {
    injection_id: injectionId,
    kind: injection.kind,
    content: injection.content,
    author,
    target: injection.target,
  });
  const text = injection.target ? `(to ${injection.target}) ${injection.content}` : injection.content;
  appendToWindow(s, { seq, agent_id: author, kind: `injected.${injection.kind}`, text }, d.spec.scenario.context_window);
  return true;
}
