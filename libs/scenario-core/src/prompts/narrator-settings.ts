import { narratorSettingsSchema, type EngineTask, type NarratorSettings } from '@scrai/contracts';

const DEFAULTS: NarratorSettings = narratorSettingsSchema.parse({});

const PERSPECTIVE_TEXT: Record<NarratorSettings['perspective'], string> = {
  first_person: 'the first person',
  second_person: 'the second person (address the participants as "you")',
  third_person: 'the third person',
};

/** The narrator's settings, with the template defaults for anything the agent does not set. */
export function narratorSettingsOf(task: EngineTask): NarratorSettings {
  const s = task.agent.settings as Partial<NarratorSettings>;
  return {
    narrative_style: s.narrative_style ?? DEFAULTS.narrative_style,
    perspective: s.perspective ?? DEFAULTS.perspective,
  };
}

export function renderNarratorSettings(s: NarratorSettings): string {
  return `Narrative style: ${s.narrative_style}. Write in ${PERSPECTIVE_TEXT[s.perspective]}.`;
}
