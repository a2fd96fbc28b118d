/** Nest token of the LlmSetup loaded at boot (main.ts). */
export const LLM_SETUP = Symbol('LLM_SETUP');
