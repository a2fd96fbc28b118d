import { DomainError, type RunEvent } from '@scrai/contracts';

/** Wire forms of the proto messages (proto-loader objects, snake_case as in the .proto). */
export interface StartRunMessage {
  scenario_ref?: string;
  scenario_json?: string;
  name?: string;
  overrides?: {
    seed?: number;
    max_turns?: number;
    timeout_seconds?: number;
    turn_policy?: string;
    analysis_every_n_turns?: number;
    llm_provider?: string;
    llm_model?: string;
  };
}

export interface RunEventMessage {
  id: string;
  run_id: string;
  seq: number;
  type: string;
  at: string;
  agent_id?: string;
  payload_json: string;
}

export function toRunEventMessage(e: RunEvent): RunEventMessage {
  return {
    id: e.id,
    run_id: e.run_id,
    seq: e.seq,
    type: e.type,
    at: e.at,
    ...(e.agent_id !== null ? { agent_id: e.agent_id } : {}),
    payload_json: JSON.stringify(e.payload),
  };
}

/**
 * A StartRun message as the REST body it stands for, so both go through the same validation
 * (field paths then name the REST fields: `scenario.max_turns`, `overrides.turn_policy`).
 */
export function toCreateRunBody(m: StartRunMessage): Record<string, unknown> {
  const o = m.overrides ?? {};
  const llm = {
    ...(o.llm_provider !== undefined ? { provider: o.llm_provider } : {}),
    ...(o.llm_model !== undefined ? { model: o.llm_model } : {}),
  };
  const overrides = {
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.max_turns !== undefined ? { max_turns: o.max_turns } : {}),
    ...(o.timeout_seconds !== undefined ? { timeout_seconds: o.timeout_seconds } : {}),
    ...(o.turn_policy !== undefined ? { turn_policy: o.turn_policy } : {}),
    ...(o.analysis_every_n_turns !== undefined ? { analysis_every_n_turns: o.analysis_every_n_turns } : {}),
    ...(Object.keys(llm).length > 0 ? { llm } : {}),
  };
  return {
    scenario: m.scenario_json !== undefined ? parseScenarioJson(m.scenario_json) : m.scenario_ref,
    ...(m.name !== undefined ? { name: m.name } : {}),
    overrides,
  };
}

function parseScenarioJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new DomainError(400, 'scenario_json is not valid JSON', [{ path: 'scenario_json', message: e instanceof Error ? e.message : String(e) }]);
  }
}
