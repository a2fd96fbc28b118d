/** Templates for an actor's physical actions (third person), private thoughts and closing words. */
export const ACTS = [
  '{self} slides a folder across the table toward {other}.',
  '{self} stands up and paces to the window, arms folded.',
  '{self} taps the table twice, waiting for {other} to answer.',
  '{self} pulls out a notepad and writes one line in block letters: "{goal}".',
  '{self} leans back, studying {other} in silence.',
  '{self} pours a glass of water and pushes it toward {other}.',
  '{self} gathers the papers as if to leave, then sits back down.',
  '{self} spreads a map on the table and traces a route with one finger.',
  '{self} offers {other} a handshake and holds it a moment too long.',
  '{self} checks the time and sighs, loud enough for everyone to hear.',
  '{self} circles a figure on the draft and hands it to {other}.',
  '{self} lowers their voice and steps closer to {other}.',
] as const;

export const ACT_SUFFIXES = [
  'The message is plain: {goal}.',
  'It is the {role} making a point without words.',
  '{speaker} notices, and looks away.',
  'Nobody says anything for a moment.',
  'The gesture is hard to read.',
] as const;

export const THOUGHTS = [
  "If {other} keeps stalling, I'll never get this: {goal}.",
  "{speaker} is bluffing. I'm almost sure of it.",
  'Stay calm. The {role} who loses their temper loses the room.',
  'I need {other} on my side before the next round.',
  "Maybe I've been too {trait}. Or not {trait} enough.",
  'What does {other} really want? Figure that out and the rest follows.',
  'I can give ground on the details, but not on this: {goal}.',
  '"{quote}" — that line from {speaker} was a signal. Use it.',
  'Nobody has mentioned the real cost yet. Wait for it.',
  'One more push and {other} might fold.',
  "Careful. Whatever I say next, {other} will remember it.",
] as const;

export const FAREWELLS = [
  "I've said everything I came to say. My position stands: {goal}.",
  "That's my final word. I'm done here.",
  "I think we've gone as far as we can today. I'll step back.",
  'Enough. Put my view on the record — {goal} — and let the others finish.',
  'I have nothing more to add. Thank you all.',
  "As far as I'm concerned, we're done. {other}, the rest is up to you.",
] as const;
