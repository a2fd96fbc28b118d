/** Templates for the narrator. Slots: {list} {a} {b} {speaker} {quote} {round} {max_rounds}. */
export const SCENE_OPENINGS = [
  'The air is heavy with expectation as {list} gather.',
  '{list} arrive one by one; nobody wants to sit down first.',
  'Chairs scrape against the floor. {list} exchange wary glances.',
  'Outside, the weather turns; inside, {list} settle in for a long session.',
  'A single lamp lights the table where {list} take their places.',
] as const;

export const SCENE_STAKES = [
  'Each of them wants something, and not everyone can have it.',
  'The first words will set the tone for everything that follows.',
  'Old grudges sit at the table alongside them.',
  'Somewhere a clock ticks, louder than it should.',
  'It is clear that this will not be settled quickly.',
] as const;

export const ROUND_ECHOES = [
  'Round {round} ends with {speaker}\'s words still hanging in the air: "{quote}".',
  'A silence follows {speaker}\'s last remark.',
  '"{quote}" — {speaker}\'s line lands harder than intended.',
  'All eyes turn to {speaker}, who does not look away.',
] as const;

export const ROUND_DYNAMICS = [
  '{a} and {b} trade a long look.',
  'Positions harden around the table.',
  'For the first time, a compromise seems possible.',
  '{a} leans toward {b} and murmurs something nobody else catches.',
  'The tension in the room rises another notch.',
  'Someone laughs, briefly, and the mood eases.',
  '{a} shuffles the papers, buying time.',
] as const;

export const ROUND_TURNS = [
  'The next round will test them all.',
  'Someone will have to give ground soon.',
  'The real negotiation, it seems, has only just begun.',
  'Nobody is ready to concede — not yet.',
] as const;

export const SCENE_ENDINGS = [
  'And with that, the scene draws to a close.',
  'Nothing more will be decided today; the meeting breaks up.',
  'The last word has been spoken, and everyone knows it.',
  'One by one they rise. The scene is over.',
] as const;
