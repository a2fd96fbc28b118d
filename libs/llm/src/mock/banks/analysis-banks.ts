/** Templates for the analyst's checkpoints and reports. Slots: {p} {a} {b} {speaker} {quote} {goal}. */
export const PARTICIPANT_ASSESSMENTS = [
  '{p} set the agenda early and kept returning to it.',
  '{p} played a cautious game, conceding little and revealing less.',
  '{p} was the most persuasive voice at the table, mixing pressure with concessions.',
  '{p} reacted more than led, but their interventions shifted the tone more than once.',
  '{p} held firm on principle and paid for it in goodwill.',
  '{p} acted as a bridge between the camps, with mixed success.',
  '{p} pushed hard, sometimes too hard, and the others noticed.',
] as const;

export const PARTICIPANT_FOLLOWUPS = [
  'Their most telling moment came when they addressed the group directly.',
  'Whether that strategy will pay off remains open.',
  'Others increasingly framed their arguments in response to them.',
  'Their consistency earned respect, if not agreement.',
  'They rarely asked questions, preferring statements.',
] as const;

export const DYNAMICS = [
  'The conversation oscillated between confrontation and tentative cooperation.',
  'Coalitions formed and dissolved quickly; no bloc held for long.',
  'Most of the friction came from a small number of exchanges.',
  'Persuasion worked mainly through concrete proposals, not appeals.',
  'The group converged slowly, with several reversals along the way.',
] as const;

export const HIGHLIGHTS = [
  '{p} framed the central question early.',
  '{a} and {b} clashed over priorities.',
  '{p} made the first real concession.',
  '{speaker} said: "{quote}".',
  '{p} asked the question that changed the tone.',
  '{a} tried to win over {b} directly.',
  '{p} refused to move on their key demand.',
] as const;
