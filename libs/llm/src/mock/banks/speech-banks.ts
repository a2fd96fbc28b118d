/**
 * Sentence templates for an actor who speaks. Slots: {self} {role} {goal} {Goal} {other} {speaker}
 * {quote} {trait} {rounds_left}. A template is used only when all its slots have values.
 */
export const OPENERS = [
  'Let me be direct.',
  'Hear me out.',
  'All right, here is where I stand.',
  'Speaking as the {role}, I have to say this.',
  "I've been listening carefully.",
  "With respect, we're going in circles.",
  'Before we go any further —',
  "Call me {trait} if you like, but I won't pretend otherwise.",
  'As the {role}, I see this differently.',
  "Let's not lose sight of why we're here.",
  "I'll keep this short.",
  'Honestly?',
  'Look.',
  'One thing needs saying.',
  "I'll be {trait} about it, because someone has to be.",
] as const;

export const REACTIONS = [
  '{speaker}, you said "{quote}" — I\'m not convinced.',
  'When {speaker} says "{quote}", I hear an excuse, not a plan.',
  'I take {speaker}\'s point, but "{quote}" leaves out who pays for it.',
  '{speaker} is right about one thing: "{quote}". The rest I can\'t accept.',
  "That's a fair concern, {speaker}, and I won't wave it away.",
  '"{quote}"? Really, {speaker}?',
  'I appreciate the candor, {speaker}, but it changes nothing for me.',
  "{speaker}, I've heard that argument before, and it didn't hold up then either.",
  'Nobody here doubts your intentions, {speaker}. It\'s the "{quote}" part that worries me.',
  "Let's test that claim, {speaker}.",
  "I'm glad {speaker} raised it, because it proves my point.",
  '{speaker}, "{quote}" sounds reasonable until you look at the details.',
] as const;

export const STANCES = [
  'My aim is simple: {goal}.',
  'For me, it all comes down to this — {goal}.',
  'Whatever we decide has to serve one purpose: {goal}.',
  "I won't agree to anything that doesn't move us toward this: {goal}.",
  "I'm not asking for much. {Goal}. That's it.",
  "My position hasn't moved an inch: {goal}.",
  "You all know what I'm after: {goal}.",
  'The {role} in me keeps coming back to the same point: {goal}.',
  "Give me a real path to this — {goal} — and I'll meet you halfway.",
  "I'd trade almost anything for progress on this: {goal}.",
  'If we agree on nothing else, let us agree on this — {goal}.',
  'Everything I have said today points to one thing: {goal}.',
] as const;

/** Used when the persona has no goals. */
export const ROLE_STANCES = [
  'As the {role}, my job is to make sure this ends well for everyone in the room.',
  "I've stated my position; I won't repeat it forever.",
  'Any {role} worth the title would tell you the same.',
  'I speak for the {role}s who are not in this room.',
] as const;

export const ELABORATIONS = [
  'There is more at stake here than anyone admits.',
  'Every round we spend arguing costs us something.',
  "I'm willing to compromise on the details, not on the principle.",
  "The numbers don't lie, and right now they aren't on your side.",
  'We can do this the easy way or the long way.',
  "Trust is earned, and so far I've seen very little of it.",
  "I've made concessions already; now it's someone else's turn.",
  "We have {rounds_left} rounds left, and I don't intend to waste them.",
  'If we walk away now, nobody wins.',
  "I'd rather have an honest no than a vague yes.",
  'People outside this room are counting on what we decide.',
  "I've seen deals like this fall apart over smaller things.",
] as const;

export const URGENCY = [
  "We're running out of time.",
  'This is the moment to decide.',
  "Let's settle this before the clock runs out.",
  'No more delays — we need an answer.',
] as const;

export const QUESTIONS = [
  '{other}, what would it take to get you on board?',
  '{other}, where do you actually stand?',
  'So, {other}: are you with me or not?',
  '{other}, can you live with that?',
  'What do you say, {other}?',
  "{other}, tell me honestly — what are you afraid of losing?",
  '{other}, is there a version of this you could support?',
  'Would you put that in writing, {other}?',
  '{other}, why should anyone here believe otherwise?',
  "{other}, what's your counteroffer?",
] as const;
