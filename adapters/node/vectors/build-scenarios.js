'use strict';

// build-scenarios.js: writes vectors/scenarios.json, the input of vectors.js.
//
//   node vectors/build-scenarios.js
//
// Each scenario is small and named "<area>/<short-name>". In a step, an
// absent field means JavaScript undefined and null means null; the helpers
// below drop undefined fields when the file is written.

const fs = require('fs');
const path = require('path');

const OUT = path.join(__dirname, 'scenarios.json');
const BASE = require('./base-settings.json'); // settings of node-observations.md

const NOW = 1700000000123;
const RANDOM = [0.5];

const clone = v => JSON.parse(JSON.stringify(v));
const scenarios = [];

function add(name, description, settings, steps, extra = {}) {
  const s = { name, description, settings: clone(settings) };
  if (extra.launch && Object.keys(extra.launch).length) s.launch = extra.launch;
  s.nowMs = extra.nowMs === undefined ? NOW : extra.nowMs;
  s.random = extra.random === undefined ? RANDOM : extra.random;
  s.steps = steps;
  scenarios.push(s);
}

// ---------------------------------------------------------------------------
// Step helpers

const track = (campaignKey, userId, goalIdentifier, options) => ({
  op: 'track',
  campaignKey,
  userId,
  goalIdentifier,
  options
});
const activate = (campaignKey, userId, options) => ({ op: 'activate', campaignKey, userId, options });
const getVariationName = (campaignKey, userId, options) => ({ op: 'getVariationName', campaignKey, userId, options });
const isFeatureEnabled = (campaignKey, userId, options) => ({ op: 'isFeatureEnabled', campaignKey, userId, options });
const flush = () => ({ op: 'flushEvents' });

// ---------------------------------------------------------------------------
// Settings helpers

const goal = (id, identifier = 'CUSTOM', extra = {}) => Object.assign({ id, identifier, type: 'CUSTOM_GOAL' }, extra);
const revenueGoal = (id, identifier = 'REVENUE', extra = {}) =>
  Object.assign({ id, identifier, type: 'REVENUE_TRACKING' }, extra);
const variations = (...weights) =>
  weights.map((weight, i) => ({ id: i + 1, name: i === 0 ? 'Control' : `Variation-${i}`, weight }));

function campaign(id, key, extra = {}) {
  return Object.assign(
    {
      id,
      key,
      type: 'VISUAL_AB',
      status: 'RUNNING',
      percentTraffic: 100,
      segments: {},
      goals: [goal(201), revenueGoal(202)],
      variations: variations(50, 50)
    },
    extra
  );
}

function settings(campaigns, extra = {}) {
  return Object.assign({ sdkKey: 'sample-sdk-key-0001', accountId: 888888, version: 1, campaigns }, extra);
}

const baseCampaign = key => clone(BASE.campaigns.find(c => c.key === key));
const AB = () => baseCampaign('AB_50_50');
const FT = () => baseCampaign('FT_50_50');

// Settings of node-observations.md §G: event architecture, a revenueProp on
// AB_50_50's REVENUE goal and an extra "Sign Up" goal.
function eventArchBase() {
  const s = clone(BASE);
  s.isEventArchEnabled = true;
  const ab = s.campaigns.find(c => c.key === 'AB_50_50');
  ab.goals.find(g => g.identifier === 'REVENUE').revenueProp = 'vwoRevenue';
  ab.goals.push({ id: 207, identifier: 'Sign Up', type: 'CUSTOM_GOAL' });
  return s;
}

const S_AB = settings([AB()]);
const S_AB_FT = settings([AB(), FT()]);
const S_AB_FT_EA = settings(
  [
    (() => {
      const c = AB();
      c.goals[1].revenueProp = 'vwoRevenue';
      return c;
    })(),
    FT()
  ],
  { isEventArchEnabled: true }
);

// ===========================================================================
// obs/: the exact calls of node-observations.md §A–§J

add(
  'obs/a-default-launch',
  'node-observations §A: every call of the default-launch transcript, in order (clock and random frozen)',
  BASE,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE'),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 12.5 }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: '1,000.50USD' }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: '12 50' }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 0 }),
    track('AB_50_50', 'Ashley', 'CUSTOM', { revenueValue: 99 }),
    track(['AB_50_50', 'FT_50_50'], 'Ashley', 'CUSTOM'),
    track(['AB_50_50'], 'Ashley', 'CUSTOM'),
    track(['NOPE', 'AB_50_50'], 'Ashley', 'CUSTOM'),
    track(null, 'Ashley', 'CUSTOM'),
    track(undefined, 'Ashley', 'CUSTOM'),
    track(null, 'Ashley', 'REVENUE', { revenueValue: 7 }),
    track(null, 'Ashley', 'NOPE'),
    track('AB_50_50', 'Ashley', 'CUSTOM', { goalTypeToTrack: 'REVENUE_TRACKING' }),
    track(null, 'Ashley', 'CUSTOM', { goalTypeToTrack: 'REVENUE_TRACKING' }),
    track('AB_50_50', 'Ashley', 'CUSTOM', { goalTypeToTrack: 'BOGUS' }),
    track('NOPE', 'Ashley', 'CUSTOM'),
    track('AB_PAUSED', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'NOPE'),
    track('FT_50_50', 'Ashley', 'CUSTOM'),
    track('AB_WHITELIST', 'Ashley', 'CUSTOM'),
    track('AB_WHITELIST', 'Ashley', 'CUSTOM', { variationTargetingVariables: { browser: 'chrome' } }),
    track('AB_PRESEG', 'Ashley', 'CUSTOM'),
    track('AB_PRESEG', 'Ashley', 'CUSTOM', { customVariables: { country: 'India' } }),
    track('AB_PRESEG', 'Ashley', 'CUSTOM', { customVariables: { country: 'US' } }),
    track('AB_50_50', 'Ashley', 'CUSTOM', { userAgent: 'Mozilla/5.0 (X11; Linux)', userIpAddress: '10.0.0.1' }),
    track('AB_50_50', 'Bob', 'CUSTOM'),
    track('AB_50_50', 'José Ünïcode', 'CUSTOM'),
    track('AB_50_50', 42, 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM', 'x'),
    activate('AB_50_50', 'Ashley'),
    getVariationName('AB_50_50', 'Ashley'),
    isFeatureEnabled('FT_50_50', 'Ashley')
  ]
);

add(
  'obs/b-launch-goal-type-custom',
  'node-observations §B: launch goalTypeToTrack CUSTOM_GOAL filters REVENUE goals; per-call ALL overrides; usage stat gt=1 on track-user',
  BASE,
  [
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 10 }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 10, goalTypeToTrack: 'ALL' }),
    track(null, 'Ashley', 'REVENUE', { revenueValue: 10 }),
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    activate('AB_50_50', 'Ashley')
  ],
  { launch: { goalTypeToTrack: 'CUSTOM_GOAL' } }
);

add(
  'obs/c-user-storage',
  'node-observations §C: in-memory user storage; not activated => false, activate stores, repeat goal suppressed, storage keeps only the last goal',
  BASE,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    activate('AB_50_50', 'Ashley'),
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM', { shouldTrackReturningUser: true }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 5 }),
    activate('AB_50_50', 'Ashley'),
    activate('AB_50_50', 'Ashley', { shouldTrackReturningUser: true }),
    track(null, 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 6 })
  ],
  { launch: { userStorage: { records: [] } } }
);

add(
  'obs/d-storage-seeded-returning-user',
  'node-observations §D: seeded Variation-1 with goal CUSTOM and launch shouldTrackReturningUser true; per-call false suppresses',
  BASE,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM', { shouldTrackReturningUser: false }),
    getVariationName('AB_50_50', 'Ashley')
  ],
  {
    launch: {
      shouldTrackReturningUser: true,
      userStorage: {
        records: [{ userId: 'Ashley', campaignKey: 'AB_50_50', variationName: 'Variation-1', goalIdentifier: 'CUSTOM' }]
      }
    }
  }
);

add(
  'obs/e-return-promise-all',
  'node-observations §E: returnPromiseFor {all:true}; promises resolve to the same values, same hits',
  BASE,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE'),
    track(['AB_50_50', 'FT_50_50'], 'Ashley', 'CUSTOM'),
    track(null, 'Ashley', 'CUSTOM'),
    activate('AB_50_50', 'Ashley')
  ],
  { launch: { returnPromiseFor: { all: true } } }
);

add(
  'obs/f-batch-events-3',
  'node-observations §F: batchEvents eventsPerRequest 3; 3rd event auto-flushes (eT 2,2,1); null key queues one event per campaign; flushEvents; empty flush',
  BASE,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 3 }),
    activate('AB_50_50', 'Bob'),
    track(null, 'Ashley', 'CUSTOM'),
    flush(),
    flush()
  ],
  { launch: { batchEvents: { eventsPerRequest: 3 } } }
);

add(
  'obs/g-event-arch',
  'node-observations §G: isEventArchEnabled; /events/t POSTs, revenueProp in vwoMeta, eventProperties spread, UA/IP, activate, goal with a space',
  eventArchBase(),
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track(null, 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 12.5 }),
    track('AB_50_50', 'Ashley', 'REVENUE', { eventProperties: { vwoRevenue: 4, extra: 'x' } }),
    track('AB_50_50', 'Ashley', 'CUSTOM', { userAgent: 'UA 1', userIpAddress: '10.0.0.2' }),
    activate('AB_50_50', 'Ashley'),
    track('AB_50_50', 'Ashley', 'Sign Up')
  ]
);

add(
  'obs/h-development-mode',
  'node-observations §H: isDevelopmentMode sends nothing and adds isDevelopmentMode to the track map',
  BASE,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM'), activate('AB_50_50', 'Ashley')],
  { launch: { isDevelopmentMode: true } }
);

add(
  'obs/i-collection-prefix',
  'node-observations §I: collectionPrefix eu01 goes into the path of track-goal and batch-events',
  Object.assign(clone(BASE), { collectionPrefix: 'eu01' }),
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM')]
);

add(
  'obs/j-freeze',
  'node-observations §J: frozen clock 1700000000123 and random 0.5 (sId = ceil(now/1000) = 1700000001)',
  BASE,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM')]
);

add(
  'obs/wire-track-goal-ua-ip',
  'real-sdks §4 raw wire example: track-goal GET for a revenue goal with visitor UA and IP',
  BASE,
  [track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 12.5, userAgent: 'UA 1', userIpAddress: '10.0.0.2' })]
);

add(
  'obs/wire-adapter-transcript',
  'real-sdks §6 prototype transcript (ids 2-5): revenue GET, list batch POST, revenue missing, activate',
  BASE,
  [
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 12.5 }),
    track(['AB_50_50', 'FT_50_50'], 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE'),
    activate('AB_50_50', 'Ashley')
  ]
);

// ===========================================================================
// validation/: bad parameters => null, no hit

const validationCases = [
  ['campaign-key-empty', 'campaignKey "" is invalid', track('', 'Ashley', 'CUSTOM')],
  ['campaign-key-number', 'campaignKey number is invalid', track(231, 'Ashley', 'CUSTOM')],
  ['campaign-key-object', 'campaignKey plain object is invalid', track({ key: 'AB_50_50' }, 'Ashley', 'CUSTOM')],
  ['campaign-key-boolean', 'campaignKey true is invalid', track(true, 'Ashley', 'CUSTOM')],
  ['user-id-empty', 'userId "" is invalid', track('AB_50_50', '', 'CUSTOM')],
  ['user-id-number', 'userId number is invalid', track('AB_50_50', 123, 'CUSTOM')],
  ['user-id-null', 'userId null is invalid', track('AB_50_50', null, 'CUSTOM')],
  ['user-id-undefined', 'userId undefined is invalid', track('AB_50_50', undefined, 'CUSTOM')],
  ['goal-identifier-empty', 'goalIdentifier "" is invalid', track('AB_50_50', 'Ashley', '')],
  ['goal-identifier-number', 'goalIdentifier number is invalid', track('AB_50_50', 'Ashley', 201)],
  ['goal-identifier-undefined', 'goalIdentifier undefined is invalid', track('AB_50_50', 'Ashley', undefined)],
  ['options-null', 'options null is invalid (default {} only for undefined)', track('AB_50_50', 'Ashley', 'CUSTOM', null)],
  ['options-array', 'options array is invalid', track('AB_50_50', 'Ashley', 'CUSTOM', [])],
  ['options-string', 'options string is invalid', track('AB_50_50', 'Ashley', 'CUSTOM', 'x')],
  ['options-number', 'options number is invalid', track('AB_50_50', 'Ashley', 'CUSTOM', 1)],
  ['custom-variables-null', 'customVariables null is invalid', track('AB_50_50', 'Ashley', 'CUSTOM', { customVariables: null })],
  ['custom-variables-array', 'customVariables array is invalid', track('AB_50_50', 'Ashley', 'CUSTOM', { customVariables: [] })],
  ['custom-variables-string', 'customVariables string is invalid', track('AB_50_50', 'Ashley', 'CUSTOM', { customVariables: 'x' })],
  [
    'variation-targeting-variables-null',
    'variationTargetingVariables null is invalid',
    track('AB_50_50', 'Ashley', 'CUSTOM', { variationTargetingVariables: null })
  ],
  ['user-storage-data-null', 'userStorageData null is invalid', track('AB_50_50', 'Ashley', 'CUSTOM', { userStorageData: null })],
  ['meta-data-null', 'metaData null is invalid', track('AB_50_50', 'Ashley', 'CUSTOM', { metaData: null })],
  ['meta-data-string', 'metaData string is invalid', track('AB_50_50', 'Ashley', 'CUSTOM', { metaData: 'x' })],
  [
    'should-track-returning-user-string',
    'shouldTrackReturningUser "yes" is invalid',
    track('AB_50_50', 'Ashley', 'CUSTOM', { shouldTrackReturningUser: 'yes' })
  ],
  [
    'should-track-returning-user-null',
    'shouldTrackReturningUser null is invalid',
    track('AB_50_50', 'Ashley', 'CUSTOM', { shouldTrackReturningUser: null })
  ],
  [
    'should-track-returning-user-number',
    'shouldTrackReturningUser 1 is invalid',
    track('AB_50_50', 'Ashley', 'CUSTOM', { shouldTrackReturningUser: 1 })
  ],
  ['goal-type-bogus', 'per-call goalTypeToTrack "BOGUS" is invalid', track('AB_50_50', 'Ashley', 'CUSTOM', { goalTypeToTrack: 'BOGUS' })],
  [
    'goal-type-revenue-short',
    'per-call goalTypeToTrack "REVENUE" (the Ruby/PHP spelling) is invalid in node',
    track('AB_50_50', 'Ashley', 'REVENUE', { goalTypeToTrack: 'REVENUE', revenueValue: 5 })
  ],
  ['goal-type-lowercase', 'per-call goalTypeToTrack "all" is invalid (exact match)', track('AB_50_50', 'Ashley', 'CUSTOM', { goalTypeToTrack: 'all' })],
  ['goal-type-empty', 'per-call goalTypeToTrack ""', track('AB_50_50', 'Ashley', 'CUSTOM', { goalTypeToTrack: '' })],
  ['goal-type-null', 'per-call goalTypeToTrack null', track('AB_50_50', 'Ashley', 'CUSTOM', { goalTypeToTrack: null })],
  ['goal-type-number', 'per-call goalTypeToTrack number', track('AB_50_50', 'Ashley', 'CUSTOM', { goalTypeToTrack: 1 })],
  [
    'revenue-not-validated',
    'revenueValue is not type-checked: an object counts as present (true), but r=[object Object] holds a space so Node refuses the request: no hit',
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: { amount: 5 } })
  ],
  [
    'user-agent-not-validated',
    'userAgent/userIpAddress are not type-checked: numbers are encoded as strings',
    track('AB_50_50', 'Ashley', 'CUSTOM', { userAgent: 12345, userIpAddress: 42 })
  ],
  [
    'unknown-option-ignored',
    'unknown option keys are ignored',
    track('AB_50_50', 'Ashley', 'CUSTOM', { somethingElse: true, revenue: 5 })
  ]
];
for (const [name, description, step] of validationCases) {
  add(`validation/${name}`, description, S_AB, [step]);
}

add(
  'validation/launch-goal-type-bogus',
  'launch goalTypeToTrack "BOGUS" fails launch validation; the instance has no settings and track returns null',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM')],
  { launch: { goalTypeToTrack: 'BOGUS' } }
);
add(
  'validation/launch-goal-type-revenue-short',
  'launch goalTypeToTrack "REVENUE" fails launch validation; track returns null',
  S_AB,
  [track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 5 })],
  { launch: { goalTypeToTrack: 'REVENUE' } }
);
add(
  'validation/launch-should-track-returning-user-string',
  'launch shouldTrackReturningUser "yes" fails launch validation; track returns null',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM')],
  { launch: { shouldTrackReturningUser: 'yes' } }
);
add(
  'validation/settings-invalid',
  'settings without accountId fail schema validation; track returns null',
  (() => {
    const s = clone(S_AB);
    delete s.accountId;
    return s;
  })(),
  [track('AB_50_50', 'Ashley', 'CUSTOM')]
);
add(
  'validation/mab-without-storage',
  'campaign isMAB true and no user storage => whole track null for a string key, but not for a list or null key',
  settings([Object.assign(AB(), { isMAB: true })]),
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(['AB_50_50'], 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM')]
);
add(
  'validation/mab-with-storage',
  'campaign isMAB true with user storage: normal storage rules (not activated => false; seeded => tracked)',
  settings([Object.assign(AB(), { isMAB: true })]),
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track('AB_50_50', 'Bill', 'CUSTOM')],
  { launch: { userStorage: { records: [{ userId: 'Bill', campaignKey: 'AB_50_50', variationName: 'Control' }] } } }
);

// ===========================================================================
// campaigns/: campaign specifiers

const rollout = () =>
  campaign(236, 'FR_ROLLOUT', {
    type: 'FEATURE_ROLLOUT',
    goals: [goal(209)],
    variations: [{ id: 1, name: 'website', weight: 100, isFeatureEnabled: true }]
  });
const S_SPEC = settings([
  Object.assign(AB(), { goals: AB().goals.concat([goal(227, 'ONLY_AB')]) }),
  FT(),
  campaign(235, 'AB_PAUSED', { status: 'PAUSED', goals: [goal(206)] }),
  rollout(),
  campaign(237, 'AB_NO_CUSTOM', { goals: [revenueGoal(210)] })
]);

const specCases = [
  ['string-known', 'string key of a running campaign => GET', track('AB_50_50', 'Ashley', 'CUSTOM')],
  ['string-unknown', 'unknown string key => {key:false}, no hit', track('NOPE', 'Ashley', 'CUSTOM')],
  ['string-case-mismatch', 'keys match case-sensitively', track('ab_50_50', 'Ashley', 'CUSTOM')],
  ['string-paused', 'paused campaign => false', track('AB_PAUSED', 'Ashley', 'CUSTOM')],
  ['string-rollout', 'FEATURE_ROLLOUT campaign => false', track('FR_ROLLOUT', 'Ashley', 'CUSTOM')],
  ['string-feature-test', 'FEATURE_TEST campaign is trackable', track('FT_50_50', 'Ashley', 'CUSTOM')],
  ['string-goal-missing', 'campaign without the goal => false', track('AB_NO_CUSTOM', 'Ashley', 'CUSTOM')],
  ['list-one', 'one-element list => GET, not batch', track(['AB_50_50'], 'Ashley', 'CUSTOM')],
  ['list-two', 'two running campaigns => one batch POST with two events', track(['AB_50_50', 'FT_50_50'], 'Ashley', 'CUSTOM')],
  [
    'list-reversed',
    'list order decides result-map and event order',
    track(['FT_50_50', 'AB_50_50'], 'Ashley', 'CUSTOM')
  ],
  [
    'list-unknown-first',
    'unknown + known => batch POST with one event (list length decides)',
    track(['NOPE', 'AB_50_50'], 'Ashley', 'CUSTOM')
  ],
  ['list-only-unknown', 'list of one unknown key => {NOPE:false}', track(['NOPE'], 'Ashley', 'CUSTOM')],
  ['list-two-unknown', 'two unknown keys => all false, no hit', track(['NOPE', 'NOPE2'], 'Ashley', 'CUSTOM')],
  [
    'list-duplicate',
    'duplicate key => one map entry, two events in the batch',
    track(['AB_50_50', 'AB_50_50'], 'Ashley', 'CUSTOM')
  ],
  ['list-empty', 'empty list => null', track([], 'Ashley', 'CUSTOM')],
  [
    'list-paused-rollout-ft',
    'paused, rollout and feature-test in a list: only the running non-rollout ones are tracked',
    track(['AB_PAUSED', 'FR_ROLLOUT', 'FT_50_50', 'AB_50_50'], 'Ashley', 'CUSTOM')
  ],
  ['list-non-string-element', 'a number inside the list is a stub key', track([231, 'AB_50_50'], 'Ashley', 'CUSTOM')],
  ['list-null-element', 'null inside the list is a stub key', track([null, 'AB_50_50'], 'Ashley', 'CUSTOM')],
  [
    'list-goal-missing',
    'campaign without the goal inside a list => false for it',
    track(['AB_NO_CUSTOM', 'AB_50_50'], 'Ashley', 'CUSTOM')
  ],
  ['null-many', 'null key, goal in many campaigns (incl. paused and rollout) => batch', track(null, 'Ashley', 'CUSTOM')],
  ['undefined-many', 'undefined key behaves like null', track(undefined, 'Ashley', 'CUSTOM')],
  ['null-one', 'null key, goal in exactly one campaign => GET, not batch', track(null, 'Ashley', 'ONLY_AB')],
  ['null-none', 'null key, goal nowhere => null', track(null, 'Ashley', 'NOPE')],
  ['undefined-none', 'undefined key, goal nowhere => null', track(undefined, 'Ashley', 'NOPE')],
  [
    'null-revenue-two',
    'null key with REVENUE: AB_50_50 and AB_NO_CUSTOM both have it => batch with r',
    track(null, 'Ashley', 'REVENUE', { revenueValue: 9 })
  ]
];
for (const [name, description, step] of specCases) add(`campaigns/${name}`, description, S_SPEC, [step]);

add(
  'campaigns/null-only-paused',
  'null key where the only campaign with the goal is paused => {key:false}, no hit',
  settings([campaign(235, 'AB_PAUSED', { status: 'PAUSED' })]),
  [track(null, 'Ashley', 'CUSTOM')]
);
add(
  'campaigns/null-paused-and-running',
  'null key: one paused + one running campaign => list length 2 => batch POST with one event',
  settings([campaign(235, 'AB_PAUSED', { status: 'PAUSED' }), AB()]),
  [track(null, 'Ashley', 'CUSTOM')]
);
add(
  'campaigns/status-case',
  'status must be exactly "RUNNING" ("running" is not running)',
  settings([Object.assign(AB(), { status: 'running' })]),
  [track('AB_50_50', 'Ashley', 'CUSTOM')]
);

// ===========================================================================
// goaltype/: goal-type filtering and precedence

const S_GT = settings([AB(), campaign(238, 'AB_OTHER_TYPE', { goals: [goal(211, 'CUSTOM', { type: 'OTHER_TYPE' })] })]);

add(
  'goaltype/launch-custom',
  'launch CUSTOM_GOAL: REVENUE => false; CUSTOM => true; per-call REVENUE_TRACKING overrides launch',
  S_GT,
  [
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 5 }),
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 5, goalTypeToTrack: 'REVENUE_TRACKING' }),
    track('AB_50_50', 'Ashley', 'CUSTOM', { goalTypeToTrack: 'REVENUE_TRACKING' })
  ],
  { launch: { goalTypeToTrack: 'CUSTOM_GOAL' } }
);
add(
  'goaltype/launch-revenue',
  'launch REVENUE_TRACKING: CUSTOM => false; REVENUE => true; null key CUSTOM => null; null key REVENUE => GET',
  S_GT,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 5 }),
    track(null, 'Ashley', 'CUSTOM'),
    track(null, 'Ashley', 'REVENUE', { revenueValue: 5 }),
    track('AB_50_50', 'Ashley', 'CUSTOM', { goalTypeToTrack: 'ALL' })
  ],
  { launch: { goalTypeToTrack: 'REVENUE_TRACKING' } }
);
add(
  'goaltype/launch-all',
  'launch goalTypeToTrack ALL explicitly: everything tracked; usage stat gt=1 appears on batch-events and track-user',
  S_GT,
  [track(null, 'Ashley', 'CUSTOM'), activate('AB_50_50', 'Ashley')],
  { launch: { goalTypeToTrack: 'ALL' } }
);
add(
  'goaltype/per-call',
  'per-call filter, no launch filter: CUSTOM_GOAL on REVENUE => false; REVENUE_TRACKING on REVENUE => true; ALL on CUSTOM => true',
  S_GT,
  [
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 5, goalTypeToTrack: 'CUSTOM_GOAL' }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 5, goalTypeToTrack: 'REVENUE_TRACKING' }),
    track('AB_50_50', 'Ashley', 'CUSTOM', { goalTypeToTrack: 'ALL' })
  ]
);
add(
  'goaltype/unknown-goal-type',
  'a goal with a non-standard type is only tracked under ALL; null key with CUSTOM_GOAL filters it out of the list',
  S_GT,
  [
    track('AB_OTHER_TYPE', 'Ashley', 'CUSTOM'),
    track('AB_OTHER_TYPE', 'Ashley', 'CUSTOM', { goalTypeToTrack: 'CUSTOM_GOAL' }),
    track(null, 'Ashley', 'CUSTOM'),
    track(null, 'Ashley', 'CUSTOM', { goalTypeToTrack: 'CUSTOM_GOAL' })
  ]
);
add(
  'goaltype/null-key-filter-list',
  'null key: the per-call filter is applied while building the list (filtered campaigns are omitted from the map)',
  settings([AB(), campaign(239, 'AB_REV_AS_CUSTOM', { goals: [revenueGoal(212, 'CUSTOM')] })]),
  [
    track(null, 'Ashley', 'CUSTOM'),
    track(null, 'Ashley', 'CUSTOM', { goalTypeToTrack: 'CUSTOM_GOAL' }),
    track(null, 'Ashley', 'CUSTOM', { goalTypeToTrack: 'REVENUE_TRACKING', revenueValue: 3 })
  ]
);

// ===========================================================================
// revenue/: revenue values on REVENUE and CUSTOM goals

const revenueValues = [
  ['int', 12],
  ['float', 12.5],
  ['string-decimal', '12.50'],
  ['string-zero', '0'],
  ['zero', 0],
  ['true', true],
  ['false', false],
  ['null', null],
  ['empty-string', ''],
  ['object', { a: 1 }],
  ['empty-object', {}],
  ['array', [1, 2]],
  ['empty-array', []],
  ['negative', -5],
  ['1e21', 1e21],
  ['tiny', 1.5e-7],
  ['point-one-plus-point-two', 0.1 + 0.2],
  ['big-int', 12345678901234567890],
  ['string-space', '12 50'],
  ['string-comma-currency', '1,000.50USD'],
  ['string-euro', '12€'],
  ['string-latin1', '12£'],
  ['string-ampersand', '5&r=6']
];
for (const [label, value] of revenueValues) {
  add(
    `revenue/revenue-goal-${label}`,
    `REVENUE goal with revenueValue ${JSON.stringify(value)} (truthy => r=String(v) raw; falsy => false)`,
    S_AB,
    [track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: value })]
  );
}
for (const [label, value] of [['float', 12.5], ['string-space', '12 50'], ['object', { a: 1 }], ['zero', 0]]) {
  add(
    `revenue/custom-goal-${label}`,
    `CUSTOM goal ignores revenueValue ${JSON.stringify(value)} (no r, never refused)`,
    S_AB,
    [track('AB_50_50', 'Ashley', 'CUSTOM', { revenueValue: value })]
  );
}
add(
  'revenue/revenue-goal-undefined',
  'REVENUE goal without revenueValue => false',
  S_AB,
  [track('AB_50_50', 'Ashley', 'REVENUE', {})]
);

const S_REV2 = settings([AB(), Object.assign(FT(), { goals: [goal(203), revenueGoal(208)] })]);
for (const [label, value] of [
  ['float', 12.5],
  ['string', '12.50'],
  ['object', { a: 1 }],
  ['array', [1, 2]],
  ['true', true],
  ['big', 1e21]
]) {
  add(
    `revenue/batch-${label}`,
    `null key REVENUE over two campaigns: batch body keeps r=${JSON.stringify(value)} with its JSON type`,
    S_REV2,
    [track(null, 'Ashley', 'REVENUE', { revenueValue: value })]
  );
}
add(
  'revenue/batch-mixed-goal-types',
  'list of a campaign whose goal is REVENUE and one whose goal is CUSTOM under the same identifier: r only on the REVENUE event',
  settings([AB(), Object.assign(FT(), { goals: [goal(213, 'REVENUE')] })]),
  [track(['AB_50_50', 'FT_50_50'], 'Ashley', 'REVENUE', { revenueValue: 4 })]
);

// ===========================================================================
// whitelist/: forced variations

const WL3 = campaign(240, 'AB_WL3', {
  isForcedVariationEnabled: true,
  goals: [goal(214)],
  variations: [
    { id: 1, name: 'Control', weight: 33.3333, segments: { or: [{ custom_variable: { browser: 'wildcard(chrome*)' } }] } },
    { id: 2, name: 'Variation-1', weight: 33.3333, segments: { or: [{ user: 'Ashley, Bill, Chris' }] } },
    { id: 3, name: 'Variation-2', weight: 33.3333, segments: {} }
  ]
});
const S_WL3 = settings([WL3]);
const chrome90 = { variationTargetingVariables: { browser: 'chrome 90' } };

add(
  'whitelist/multi-match-ashley',
  'semantics §3.2: Ashley matches Control (wildcard chrome*) and Variation-1 (user list) => rescaled 50/50, bucket 4986 => Control',
  S_WL3,
  [track('AB_WL3', 'Ashley', 'CUSTOM', chrome90)]
);
add(
  'whitelist/multi-match-chris',
  'Chris matches both => rescaled 50/50, bucket 9285 => Variation-1',
  S_WL3,
  [track('AB_WL3', 'Chris', 'CUSTOM', chrome90)]
);
add(
  'whitelist/user-operand-only',
  'Ashley without browser matches only the user-list variation => Variation-1',
  S_WL3,
  [track('AB_WL3', 'Ashley', 'CUSTOM')]
);
add(
  'whitelist/custom-variable-only',
  'Dominic with chrome matches only Control => Control',
  S_WL3,
  [track('AB_WL3', 'Dominic', 'CUSTOM', chrome90)]
);
add(
  'whitelist/no-match-buckets',
  'Dominic without variables: not whitelisted => normal bucketing over 33.3333×3 ranges (7505 => Variation-2)',
  S_WL3,
  [track('AB_WL3', 'Dominic', 'CUSTOM')]
);
add(
  'whitelist/multi-match-seeded',
  'multi-match with isBucketingSeedEnabled: the whitelisting pick uses seed <campaignId>_<userId>',
  settings([Object.assign(clone(WL3), { isBucketingSeedEnabled: true })]),
  [track('AB_WL3', 'Ashley', 'CUSTOM', chrome90), track('AB_WL3', 'Chris', 'CUSTOM', chrome90)]
);
add(
  'whitelist/forced-disabled',
  'isForcedVariationEnabled false: variation segments are ignored',
  settings([Object.assign(clone(WL3), { isForcedVariationEnabled: false })]),
  [track('AB_WL3', 'Chris', 'CUSTOM', chrome90)]
);
add(
  'whitelist/single-match-bypasses-traffic',
  'single match forces the variation even when the user is outside 10% traffic (observations A.23/A.24)',
  settings([baseCampaign('AB_WHITELIST')]),
  [
    track('AB_WHITELIST', 'Ashley', 'CUSTOM'),
    track('AB_WHITELIST', 'Ashley', 'CUSTOM', { variationTargetingVariables: { browser: 'chrome' } }),
    track('AB_WHITELIST', 'Ashley', 'CUSTOM', { variationTargetingVariables: { browser: 'Chrome' } }),
    track('AB_WHITELIST', 'Ashley', 'CUSTOM', { customVariables: { browser: 'chrome' } })
  ]
);

const zeroWeight = (w1, w2, w3) =>
  settings([
    campaign(241, 'AB_WLZ', {
      isForcedVariationEnabled: true,
      goals: [goal(215)],
      variations: [
        { id: 1, name: 'Control', weight: w1, segments: { or: [{ custom_variable: { browser: 'chrome' } }] } },
        { id: 2, name: 'Variation-1', weight: w2, segments: { or: [{ custom_variable: { browser: 'chrome' } }] } },
        { id: 3, name: 'Variation-2', weight: w3, segments: {} }
      ]
    })
  ]);
const chrome = { variationTargetingVariables: { browser: 'chrome' } };
add(
  'whitelist/zero-weight-one-of-two',
  'two matches with weights 0 and 50 => rescaled 0/100 => Variation-1 for everyone',
  zeroWeight(0, 50, 50),
  [track('AB_WLZ', 'Ashley', 'CUSTOM', chrome), track('AB_WLZ', 'Chris', 'CUSTOM', chrome)]
);
add(
  'whitelist/zero-weight-both',
  'two matches with weights 0 and 0 => each gets 100/n => 50/50 (Ashley 4986 Control, Chris 9285 Variation-1)',
  zeroWeight(0, 0, 100),
  [track('AB_WLZ', 'Ashley', 'CUSTOM', chrome), track('AB_WLZ', 'Chris', 'CUSTOM', chrome)]
);
add(
  'whitelist/zero-weight-single-match',
  'a single match on a zero-weight variation still forces it',
  settings([
    campaign(242, 'AB_WLZ1', {
      isForcedVariationEnabled: true,
      goals: [goal(216)],
      variations: [
        { id: 1, name: 'Control', weight: 100, segments: {} },
        { id: 2, name: 'Variation-1', weight: 0, segments: { or: [{ custom_variable: { browser: 'chrome' } }] } }
      ]
    })
  ]),
  [track('AB_WLZ1', 'Ashley', 'CUSTOM', chrome), track('AB_WLZ1', 'Ashley', 'CUSTOM')]
);
add(
  'whitelist/uneven-rescale',
  'three matches with weights 10/30/60 => rescaled (sum 100) ranges 1-1000/1001-4000/4001-10000',
  settings([
    campaign(243, 'AB_WLU', {
      isForcedVariationEnabled: true,
      goals: [goal(217)],
      variations: [
        { id: 1, name: 'Control', weight: 10, segments: { or: [{ custom_variable: { browser: 'chrome' } }] } },
        { id: 2, name: 'Variation-1', weight: 30, segments: { or: [{ custom_variable: { browser: 'chrome' } }] } },
        { id: 3, name: 'Variation-2', weight: 60, segments: { or: [{ custom_variable: { browser: 'chrome' } }] } }
      ]
    })
  ]),
  [
    track('AB_WLU', 'Faizan', 'CUSTOM', chrome),
    track('AB_WLU', 'Ashley', 'CUSTOM', chrome),
    track('AB_WLU', 'Sarah', 'CUSTOM', chrome),
    track('AB_WLU', 'Bill', 'CUSTOM', chrome)
  ]
);

const userList = isUserListEnabled =>
  settings([
    campaign(244, 'AB_USERLIST', {
      percentTraffic: 10,
      isForcedVariationEnabled: true,
      isUserListEnabled,
      goals: [goal(218)],
      variations: [
        { id: 1, name: 'Control', weight: 50, segments: {} },
        { id: 2, name: 'Variation-1', weight: 50, segments: { or: [{ user: 'Bill, A46F7AA3A53150368683EE064793BAFD' }] } }
      ]
    })
  ]);
add(
  'whitelist/user-list-enabled-uuid',
  'isUserListEnabled: the user operand is compared with the VWO UUID, so Ashley (A46F…AFD) is forced and Bill (raw id) is not',
  userList(true),
  [track('AB_USERLIST', 'Ashley', 'CUSTOM'), track('AB_USERLIST', 'Bill', 'CUSTOM')]
);
add(
  'whitelist/user-list-disabled-raw-id',
  'without isUserListEnabled the user operand is compared with the raw user id: Bill forced, Ashley not (outside 10% traffic)',
  userList(false),
  [track('AB_USERLIST', 'Ashley', 'CUSTOM'), track('AB_USERLIST', 'Bill', 'CUSTOM')]
);
add(
  'whitelist/vwo-user-id-override',
  'a caller-supplied _vwoUserId is overwritten by the SDK: Ashley pretending to be Bill is not forced',
  userList(false),
  [
    track('AB_USERLIST', 'Ashley', 'CUSTOM', { variationTargetingVariables: { _vwoUserId: 'Bill' } }),
    track('AB_USERLIST', 'Bill', 'CUSTOM', { variationTargetingVariables: { _vwoUserId: 'Ashley' } })
  ]
);

// ===========================================================================
// preseg/: pre-segmentation operators (campaign segments + customVariables)

const preseg = segments => settings([campaign(250, 'AB_PS', { segments, goals: [goal(219)] })]);
const cv = customVariables => ({ customVariables });
const cvar = (name, operand) => ({ custom_variable: { [name]: operand } });
const presegCases = [
  ['wildcard-prefix', { and: [cvar('country', 'wildcard(I*)')] }, [{ country: 'India' }, { country: 'US' }, undefined]],
  ['wildcard-suffix', { and: [cvar('email', 'wildcard(*@vwo.com)')] }, [{ email: 'a@vwo.com' }, { email: 'a@vwo.co' }]],
  ['wildcard-contains', { and: [cvar('ua', 'wildcard(*Chrome*)')] }, [{ ua: 'Mozilla Chrome 90' }, { ua: 'Firefox' }]],
  ['wildcard-star-only', { and: [cvar('x', 'wildcard(*)')] }, [{ x: '' }, { x: null }, {}]],
  ['wildcard-inner-star', { and: [cvar('x', 'wildcard(a*b)')] }, [{ x: 'a*b' }, { x: 'axb' }]],
  ['lower', { and: [cvar('country', 'lower(india)')] }, [{ country: 'INDIA' }, { country: 'Indiana' }]],
  ['regex', { and: [cvar('country', 'regex(^In.*a$)')] }, [{ country: 'India' }, { country: 'Iran' }, { country: null }]],
  ['regex-invalid', { and: [cvar('country', 'regex([)')] }, [{ country: '[' }]],
  ['equal', { and: [cvar('plan', 'pro')] }, [{ plan: 'pro' }, { plan: 'Pro' }, { plan: 'pro ' }]],
  ['equal-number-normalised', { and: [cvar('age', '10')] }, [{ age: 10 }, { age: '10px' }, { age: '10.0' }, { age: 11 }]],
  ['equal-zero-not-normalised', { and: [cvar('n', '0.0')] }, [{ n: '0' }, { n: 0 }, { n: '0.0' }]],
  ['equal-bool', { and: [cvar('vip', 'true')] }, [{ vip: true }, { vip: 'true' }, { vip: 'True' }]],
  ['gt', { and: [cvar('age', 'gt(18)')] }, [{ age: 19 }, { age: 18 }, { age: '20abc' }, { age: 'abc' }]],
  ['gte-lte-range', { and: [cvar('score', 'gte(1.5)'), cvar('score', 'lte(3)')] }, [{ score: 1.5 }, { score: 3 }, { score: 3.01 }]],
  ['lt-negative-literal', { and: [cvar('t', 'lt(-5)')] }, [{ t: -10 }, { t: 'lt(-5)' }]],
  ['or', { or: [cvar('country', 'US'), cvar('country', 'India')] }, [{ country: 'India' }, { country: 'UK' }]],
  ['not', { not: cvar('country', 'US') }, [{ country: 'India' }, { country: 'US' }, {}]],
  ['and-empty', { and: [] }, [{}]],
  ['or-empty', { or: [] }, [{}]],
  ['missing-key', { and: [cvar('country', 'regex(.*)')] }, [{}, { country: null }]],
  ['unknown-operator', { and: [{ browser_version: { x: '1' } }] }, [{ x: '1' }]],
  ['user-operand', { or: [{ user: 'Ashley' }] }, [{}, { _vwoUserId: 'Ashley' }]]
];
for (const [label, segments, varsList] of presegCases) {
  add(
    `preseg/${label}`,
    `pre-segmentation ${JSON.stringify(segments)} against ${varsList.map(v => JSON.stringify(v === undefined ? 'undefined' : v)).join(', ')}`,
    preseg(segments),
    varsList.map(v => track('AB_PS', 'Ashley', 'CUSTOM', v === undefined ? undefined : cv(v)))
  );
}
add(
  'preseg/whitelisting-before-preseg',
  'whitelisting (variationTargetingVariables) is decided before and bypasses pre-segmentation; customVariables are not used for whitelisting',
  settings([
    campaign(251, 'AB_PS_WL', {
      segments: { and: [cvar('country', 'India')] },
      isForcedVariationEnabled: true,
      goals: [goal(220)],
      variations: [
        { id: 1, name: 'Control', weight: 50, segments: {} },
        { id: 2, name: 'Variation-1', weight: 50, segments: { or: [cvar('country', 'India')] } }
      ]
    })
  ]),
  [
    track('AB_PS_WL', 'Ashley', 'CUSTOM', { variationTargetingVariables: { country: 'India' } }),
    track('AB_PS_WL', 'Ashley', 'CUSTOM', { customVariables: { country: 'India' } }),
    track('AB_PS_WL', 'Ashley', 'CUSTOM', { customVariables: { country: 'US' }, variationTargetingVariables: { country: 'India' } }),
    track('AB_PS_WL', 'Ashley', 'CUSTOM', { variationTargetingVariables: { country: 'US' } })
  ]
);

// ===========================================================================
// bucketing/: traffic, weights, seeds, algorithms, edge users

const bucketCampaign = (extra = {}) => campaign(230, 'AB_B', Object.assign({ goals: [goal(221)] }, extra));
const S_B = (extra, top) => settings([bucketCampaign(extra)], top);

add('bucketing/traffic-0', 'percentTraffic 0 => nobody is bucketed', S_B({ percentTraffic: 0 }), [
  track('AB_B', 'user118', 'CUSTOM'),
  track('AB_B', 'Ashley', 'CUSTOM')
]);
add(
  'bucketing/traffic-1',
  'percentTraffic 1 (multiplier 100): user254 and user290 (b100=1) are in; user118 (b100=1) passes traffic but v=10069 matches no variation; Sarah (b100=2) is out',
  S_B({ percentTraffic: 1 }),
  [track('AB_B', 'user254', 'CUSTOM'), track('AB_B', 'user290', 'CUSTOM'), track('AB_B', 'user118', 'CUSTOM'), track('AB_B', 'Sarah', 'CUSTOM')]
);
add(
  'bucketing/traffic-50',
  'percentTraffic 50: Ashley (b100=50) is in with v=9972 => Variation-1; Queen (54) out; Bill (24) in => Control',
  S_B({ percentTraffic: 50 }),
  [track('AB_B', 'Ashley', 'CUSTOM'), track('AB_B', 'Queen', 'CUSTOM'), track('AB_B', 'Bill', 'CUSTOM')]
);
add(
  'bucketing/traffic-99',
  'percentTraffic 99: user95 (b100=99) in, user18 (b100=100) out',
  S_B({ percentTraffic: 99 }),
  [track('AB_B', 'user95', 'CUSTOM'), track('AB_B', 'user18', 'CUSTOM')]
);
add('bucketing/traffic-100', 'percentTraffic 100: user18 (b100=100) in', S_B({ percentTraffic: 100 }), [
  track('AB_B', 'user18', 'CUSTOM')
]);

const TABLE_USERS = 'Ashley Bill Chris Dominic Emma Faizan Gimmy Harry Ian John King Lisa Mona Nina Olivia Pete Queen Robert Sarah Tierra Una Varun Will Xin You Zeba'.split(
  ' '
);
add(
  'bucketing/table-pt50',
  'semantics §3.7 DEV_TEST_1: 26 users, percentTraffic 50, 50/50',
  S_B({ percentTraffic: 50 }),
  TABLE_USERS.map(u => track('AB_B', u, 'CUSTOM'))
);
add(
  'bucketing/table-pt20-10-90',
  'semantics §3.7 DEV_TEST_4: 26 users, percentTraffic 20, weights 10/90',
  S_B({ percentTraffic: 20, variations: variations(10, 90) }),
  TABLE_USERS.map(u => track('AB_B', u, 'CUSTOM'))
);
add(
  'bucketing/table-pt100-seeded',
  '26 users, percentTraffic 100, isBucketingSeedEnabled (seed 230_<user>)',
  S_B({ isBucketingSeedEnabled: true }),
  TABLE_USERS.map(u => track('AB_B', u, 'CUSTOM'))
);
add(
  'bucketing/uneven-20-80',
  'weights 20/80 (ranges 1-2000/2001-10000): Bill 2379 => Variation-1, John 216 => Control',
  S_B({ variations: variations(20, 80) }),
  [track('AB_B', 'Bill', 'CUSTOM'), track('AB_B', 'John', 'CUSTOM')]
);
add(
  'bucketing/three-way-thirds',
  'weights 33.3333×3 (ranges 1-3334/3335-6668/6669-10002)',
  S_B({ variations: variations(33.3333, 33.3333, 33.3333) }),
  [track('AB_B', 'John', 'CUSTOM'), track('AB_B', 'Ashley', 'CUSTOM'), track('AB_B', 'Chris', 'CUSTOM')]
);
add(
  'bucketing/zero-weight',
  'weights 0/100: everyone gets Variation-1',
  S_B({ variations: variations(0, 100) }),
  [track('AB_B', 'John', 'CUSTOM'), track('AB_B', 'Chris', 'CUSTOM')]
);
add(
  'bucketing/weights-under-100',
  'weights 10/10 (ranges 1-1000/1001-2000): users above 2000 get no variation => false',
  S_B({ variations: variations(10, 10) }),
  [track('AB_B', 'John', 'CUSTOM'), track('AB_B', 'Lisa', 'CUSTOM'), track('AB_B', 'Ashley', 'CUSTOM')]
);
add(
  'bucketing/weights-string',
  'numeric-string weights "50"/"50" coerce in range computation',
  S_B({ variations: [{ id: 1, name: 'Control', weight: '50' }, { id: 2, name: 'Variation-1', weight: '50' }] }),
  [track('AB_B', 'Ashley', 'CUSTOM'), track('AB_B', 'Chris', 'CUSTOM')]
);
add(
  'bucketing/seed-enabled',
  'isBucketingSeedEnabled: traffic and variation seed 231_Ashley (8183 => Variation-1)',
  settings([Object.assign(AB(), { isBucketingSeedEnabled: true })]),
  [track('AB_50_50', 'Ashley', 'CUSTOM')]
);
add(
  'bucketing/seed-enabled-pt50',
  'isBucketingSeedEnabled with percentTraffic 50: traffic uses seed 230_<user> too',
  S_B({ percentTraffic: 50, isBucketingSeedEnabled: true }),
  ['Ashley', 'Bill', 'Nina', 'Tierra', 'Una'].map(u => track('AB_B', u, 'CUSTOM'))
);
add(
  'bucketing/user5956',
  'user5956 at percentTraffic 50: b100=50 passes traffic but v=10001 matches no variation => false',
  S_B({ percentTraffic: 50 }),
  [track('AB_B', 'user5956', 'CUSTOM')]
);
add(
  'bucketing/user35740',
  'user35740 at percentTraffic 50: node gives v=5001 => Variation-1',
  S_B({ percentTraffic: 50 }),
  [track('AB_B', 'user35740', 'CUSTOM')]
);
add(
  'bucketing/non-ascii-users',
  'non-ASCII ids: node hashes the low byte of each UTF-16 unit; UUIDs use UTF-8',
  S_B({ percentTraffic: 50 }),
  ['José', '用户', '😀x', 'naïve_user', 'José Ünïcode'].map(u => track('AB_B', u, 'CUSTOM'))
);
add(
  'bucketing/non-ascii-users-pt100',
  'non-ASCII ids at percentTraffic 100 over three variations',
  S_B({ variations: variations(33.3333, 33.3333, 33.3333) }),
  ['José', '用户', '😀x', 'naïve_user'].map(u => track('AB_B', u, 'CUSTOM'))
);

const nbCampaigns = (extra = {}) => [
  Object.assign(campaign(231, 'NB_231', { goals: [goal(201)] }), extra),
  campaign(232, 'NB_232', { goals: [goal(201)] }),
  campaign(233, 'NB_233', { goals: [goal(201)] })
];
add(
  'bucketing/is-nb',
  'settings isNB: traffic seed <campaignId>_<user>, variation seed raw user id (Ashley 4986 => Control everywhere)',
  settings(nbCampaigns(), { isNB: true }),
  [track(null, 'Ashley', 'CUSTOM'), track('NB_231', 'Boston', 'CUSTOM'), track('NB_232', 'Chris', 'CUSTOM')]
);
add(
  'bucketing/is-nb-is-ob',
  'settings isNB + campaign isOB: old algorithm with seed <campaignId>_<user> for that campaign',
  settings(nbCampaigns({ isOB: true }), { isNB: true }),
  [track('NB_231', 'Ashley', 'CUSTOM'), track('NB_232', 'Ashley', 'CUSTOM')]
);
add(
  'bucketing/is-nb-v2',
  'settings isNBv2: variation seed <campaignId>_<accountId>_<user> (Boston => 231 Variation-1, 232 Variation-1, 233 Control)',
  settings(nbCampaigns(), { isNBv2: true }),
  [track('NB_231', 'Boston', 'CUSTOM'), track('NB_232', 'Boston', 'CUSTOM'), track('NB_233', 'Boston', 'CUSTOM'), track(null, 'Boston', 'CUSTOM')]
);
add(
  'bucketing/is-nb-v2-is-ob-v2',
  'settings isNBv2 + campaign isOBv2: "new" algorithm with the raw user id for that campaign',
  settings(nbCampaigns({ isOBv2: true }), { isNBv2: true }),
  [track('NB_231', 'Boston', 'CUSTOM'), track('NB_232', 'Boston', 'CUSTOM')]
);
add(
  'bucketing/is-nb-and-nb-v2',
  'settings isNB and isNBv2 together',
  settings(nbCampaigns({ isOB: true }), { isNB: true, isNBv2: true }),
  [track('NB_231', 'Boston', 'CUSTOM'), track('NB_232', 'Boston', 'CUSTOM')]
);
add(
  'bucketing/is-nb-pt50',
  'isNB at percentTraffic 50: new algorithm has no traffic multiplier',
  settings([campaign(231, 'NB_231', { percentTraffic: 50, goals: [goal(201)] })], { isNB: true }),
  ['Ashley', 'Bill', 'Chris', 'Nina', 'Una', 'user5956'].map(u => track('NB_231', u, 'CUSTOM'))
);

// ===========================================================================
// meg/: mutually exclusive groups

const megCampaigns = (extra = {}) => [
  campaign(1, 'MEG_1', Object.assign({ goals: [goal(201)] }, extra[1] || {})),
  campaign(2, 'MEG_2', Object.assign({ goals: [goal(201)] }, extra[2] || {})),
  campaign(3, 'MEG_3', Object.assign({ goals: [goal(201)] }, extra[3] || {}))
];
const meg = (group, extra, members = [1, 2, 3]) => {
  const campaignGroups = {};
  for (const id of members) campaignGroups[id] = Number(Object.keys(group)[0]);
  return settings(megCampaigns(extra), { campaignGroups, groups: group });
};
const G7 = { 7: { name: 'Group 7', campaigns: [1, 2, 3] } };

add(
  'meg/random-three-ashley',
  'random group of 3 (ranges 1-3300/3301-6600/6601-9900): bucket(7_Ashley)=6184 => MEG_2 wins',
  meg(G7),
  [track('MEG_1', 'Ashley', 'CUSTOM'), track('MEG_2', 'Ashley', 'CUSTOM'), track('MEG_3', 'Ashley', 'CUSTOM')]
);
add(
  'meg/random-three-null-key',
  'null key over a group of 3: only the winner is tracked (batch POST with one event)',
  meg(G7),
  [track(null, 'Ashley', 'CUSTOM'), track(null, 'Faizan', 'CUSTOM')]
);
add(
  'meg/random-three-gap-user263',
  'user263: group bucket 9907 falls in the 9901-10000 gap => null winner => whole track returns null',
  meg(G7),
  [track('MEG_1', 'user263', 'CUSTOM'), track(null, 'user263', 'CUSTOM'), track('MEG_2', 'Ashley', 'CUSTOM')]
);
add(
  'meg/random-two',
  'random group of 2 (ranges 1-5000/5001-10000): bucket(8_Ashley)=9988 => MEG_2, bucket(8_Chris)=711 => MEG_1; MEG_3 is ungrouped',
  meg({ 8: { name: 'Group 8', campaigns: [1, 2] } }, {}, [1, 2]),
  [
    track('MEG_1', 'Ashley', 'CUSTOM'),
    track('MEG_2', 'Ashley', 'CUSTOM'),
    track('MEG_1', 'Chris', 'CUSTOM'),
    track('MEG_2', 'Chris', 'CUSTOM'),
    track('MEG_3', 'Chris', 'CUSTOM')
  ]
);
add(
  'meg/random-explicit-et1',
  'et 1 is the random algorithm too',
  meg({ 7: { name: 'Group 7', campaigns: [1, 2, 3], et: 1 } }),
  [track('MEG_2', 'Ashley', 'CUSTOM'), track('MEG_1', 'Faizan', 'CUSTOM')]
);
add(
  'meg/other-fails-traffic',
  'MEG_1 at 0% traffic is not eligible: 2 eligible (ranges 1-5000/5001-10000), 6184 => MEG_3',
  meg(G7, { 1: { percentTraffic: 0 } }),
  [track('MEG_2', 'Ashley', 'CUSTOM'), track('MEG_3', 'Ashley', 'CUSTOM')]
);
add(
  'meg/only-one-eligible',
  'only MEG_2 eligible (others 0% traffic): it is bucketed directly',
  meg(G7, { 1: { percentTraffic: 0 }, 3: { percentTraffic: 0 } }),
  [track('MEG_2', 'Ashley', 'CUSTOM'), track('MEG_2', 'user263', 'CUSTOM')]
);
add(
  'meg/called-fails-preseg',
  'the called campaign failing pre-segmentation => false before the group is looked at',
  meg(G7, { 2: { segments: { and: [cvar('country', 'India')] } } }),
  [track('MEG_2', 'Ashley', 'CUSTOM'), track('MEG_2', 'Ashley', 'CUSTOM', cv({ country: 'India' }))]
);
add(
  'meg/other-fails-preseg',
  'another group campaign failing pre-segmentation is not eligible',
  meg(G7, { 3: { segments: { and: [cvar('country', 'India')] } } }),
  [track('MEG_2', 'Ashley', 'CUSTOM'), track('MEG_1', 'Ashley', 'CUSTOM'), track('MEG_3', 'Ashley', 'CUSTOM', cv({ country: 'India' }))]
);
add(
  'meg/advanced-priority',
  'advanced (et 2) with p [3,1]: the first eligible campaign in p wins',
  meg({ 7: { name: 'Group 7', campaigns: [1, 2, 3], et: 2, p: [3, 1], wt: {} } }),
  [track('MEG_3', 'Ashley', 'CUSTOM'), track('MEG_1', 'Ashley', 'CUSTOM'), track('MEG_2', 'Ashley', 'CUSTOM')]
);
add(
  'meg/advanced-priority-ineligible',
  'advanced with p [3,1] where MEG_3 has 0% traffic => MEG_1 wins',
  meg({ 7: { name: 'Group 7', campaigns: [1, 2, 3], et: 2, p: [3, 1], wt: {} } }, { 3: { percentTraffic: 0 } }),
  [track('MEG_1', 'Ashley', 'CUSTOM'), track('MEG_2', 'Ashley', 'CUSTOM')]
);
add(
  'meg/advanced-weights',
  'advanced with wt {1:20, 2:80} (ranges 1-2000/2001-10000): 7_Ashley 6184 => MEG_2, 7_Faizan 1024 => MEG_1; MEG_3 not in wt never wins',
  meg({ 7: { name: 'Group 7', campaigns: [1, 2, 3], et: 2, p: [], wt: { 1: 20, 2: 80 } } }),
  [
    track('MEG_2', 'Ashley', 'CUSTOM'),
    track('MEG_1', 'Faizan', 'CUSTOM'),
    track('MEG_2', 'Faizan', 'CUSTOM'),
    track('MEG_3', 'Ashley', 'CUSTOM')
  ]
);
add(
  'meg/advanced-weights-no-winner',
  'advanced with wt {1:10, 2:10}: 7_Ashley 6184 lies beyond the ranges => no winner => false',
  meg({ 7: { name: 'Group 7', campaigns: [1, 2, 3], et: 2, p: [], wt: { 1: 10, 2: 10 } } }),
  [track('MEG_1', 'Ashley', 'CUSTOM'), track('MEG_2', 'Ashley', 'CUSTOM'), track('MEG_1', 'Faizan', 'CUSTOM')]
);
add(
  'meg/other-whitelisted-loses',
  'MEG_1 whitelists browser=chrome: tracking MEG_2 with that variable loses (another campaign is forced); without it MEG_2 wins',
  meg(G7, {
    1: {
      isForcedVariationEnabled: true,
      variations: [
        { id: 1, name: 'Control', weight: 50, segments: {} },
        { id: 2, name: 'Variation-1', weight: 50, segments: { or: [cvar('browser', 'chrome')] } }
      ]
    }
  }),
  [
    track('MEG_2', 'Ashley', 'CUSTOM', { variationTargetingVariables: { browser: 'chrome' } }),
    track('MEG_2', 'Ashley', 'CUSTOM'),
    track('MEG_1', 'Ashley', 'CUSTOM', { variationTargetingVariables: { browser: 'chrome' } })
  ]
);
add(
  'meg/other-stored-loses',
  'user storage holds MEG_1 for Ashley; MEG_2 has an unknown stored variation (re-bucket) => MEG_2 loses to the stored campaign',
  meg(G7),
  [track('MEG_2', 'Ashley', 'CUSTOM'), track('MEG_1', 'Ashley', 'CUSTOM')],
  {
    launch: {
      userStorage: {
        records: [
          { userId: 'Ashley', campaignKey: 'MEG_1', variationName: 'Control' },
          { userId: 'Ashley', campaignKey: 'MEG_2', variationName: 'Gone' }
        ]
      }
    }
  }
);
add(
  'meg/stored-rebucket-wins',
  'only MEG_2 stored with an unknown variation: re-bucketing goes through the group and MEG_2 wins; storage is rewritten',
  meg(G7),
  [track('MEG_2', 'Ashley', 'CUSTOM'), track('MEG_2', 'Ashley', 'CUSTOM')],
  { launch: { userStorage: { records: [{ userId: 'Ashley', campaignKey: 'MEG_2', variationName: 'Gone' }] } } }
);
add(
  'meg/activate-then-track',
  'with storage: activate the winner, then track it; tracking a group loser is not-activated',
  meg(G7),
  [activate('MEG_2', 'Ashley'), activate('MEG_1', 'Ashley'), track('MEG_2', 'Ashley', 'CUSTOM'), track('MEG_1', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM')],
  { launch: { userStorage: { records: [] } } }
);
add(
  'meg/paused-member',
  'a paused group member is still eligible in the group draw (no status filter) but never trackable',
  meg(G7, { 2: { status: 'PAUSED' } }),
  [track('MEG_2', 'Ashley', 'CUSTOM'), track('MEG_1', 'Ashley', 'CUSTOM'), track('MEG_3', 'Ashley', 'CUSTOM'), track('MEG_1', 'Faizan', 'CUSTOM')]
);

// ===========================================================================
// storage/: user storage service

const rec = (userId, campaignKey, variationName, extra = {}) =>
  Object.assign({ userId, campaignKey, variationName }, extra);
const uss = (...records) => ({ userStorage: { records } });

add('storage/not-activated', 'USS configured, nothing stored => false, no hit, nothing written', S_AB, [track('AB_50_50', 'Ashley', 'CUSTOM')], {
  launch: uss()
});
add(
  'storage/seeded-variation',
  'seeded Variation-1 wins over bucketing (combination=2); the goal is written to storage',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM')],
  { launch: uss(rec('Ashley', 'AB_50_50', 'Variation-1')) }
);
add(
  'storage/seeded-other-user',
  'a record for another user does not activate this one',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track('AB_50_50', 'Bill', 'CUSTOM')],
  { launch: uss(rec('Bill', 'AB_50_50', 'Control')) }
);
add(
  'storage/unknown-variation-rebucket',
  'stored variation name unknown in the campaign => fresh bucketing (Control), tracked, storage rewritten',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track('AB_50_50', 'Ashley', 'CUSTOM')],
  { launch: uss(rec('Ashley', 'AB_50_50', 'Gone', { goalIdentifier: 'CUSTOM' })) }
);
add(
  'storage/trace-aabaa',
  'semantics §2.6 trace after activate: A,A,B,A,A => true,false,true,true,false (storage keeps only the last goal)',
  S_AB,
  [
    activate('AB_50_50', 'Ashley'),
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 5 }),
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM')
  ],
  { launch: uss() }
);
add(
  'storage/seeded-goal-list',
  'seeded goalIdentifier "CUSTOM_vwo_REVENUE": both goals are already tracked; a third goal is appended',
  settings([Object.assign(AB(), { goals: [goal(201), revenueGoal(202), goal(222, 'THIRD')] })]),
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 5 }),
    track('AB_50_50', 'Ashley', 'THIRD'),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 5 })
  ],
  { launch: uss(rec('Ashley', 'AB_50_50', 'Control', { goalIdentifier: 'CUSTOM_vwo_REVENUE' })) }
);
add(
  'storage/user-storage-data-with-uss',
  'userStorageData {campaignKey, variationName} activates the user without a stored record',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM', { userStorageData: { campaignKey: 'AB_50_50', variationName: 'Variation-1' } })],
  { launch: uss() }
);
add(
  'storage/user-storage-data-without-campaign-key',
  'userStorageData without campaignKey (and nothing stored) => not usable => not activated',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM', { userStorageData: { variationName: 'Variation-1' } })],
  { launch: uss() }
);
add(
  'storage/user-storage-data-any-campaign-key',
  'the merged campaignKey value is not compared with the called campaign',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM', { userStorageData: { campaignKey: 'SOMETHING_ELSE', variationName: 'Variation-1' } })],
  { launch: uss() }
);
add(
  'storage/user-storage-data-overrides-seed',
  'userStorageData fields override the stored record field by field: Variation-1 passed but the stored goal CUSTOM still de-duplicates; a new goal is tracked with Variation-1; goalIdentifier "" bypasses de-duplication',
  S_AB,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM', { userStorageData: { variationName: 'Variation-1' } }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 5, userStorageData: { variationName: 'Variation-1' } }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 5, userStorageData: { goalIdentifier: '' } })
  ],
  { launch: uss(rec('Ashley', 'AB_50_50', 'Control', { goalIdentifier: 'CUSTOM' })) }
);
add(
  'storage/user-storage-data-without-uss',
  'userStorageData is ignored without a USS: normal bucketing (Control)',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM', { userStorageData: { campaignKey: 'AB_50_50', variationName: 'Variation-1' } })]
);
add(
  'storage/meta-data',
  'metaData is forwarded into every storage write of the call',
  S_AB,
  [
    activate('AB_50_50', 'Ashley', { metaData: { plan: 'pro' } }),
    track('AB_50_50', 'Ashley', 'CUSTOM', { metaData: { plan: 'enterprise', seats: 3 } }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 1 })
  ],
  { launch: uss() }
);
add(
  'storage/meta-data-goal-append',
  'metaData also travels with the intermediate "_vwo_" append write',
  S_AB,
  [track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 2, metaData: { k: 'v' } })],
  { launch: uss(rec('Ashley', 'AB_50_50', 'Control', { goalIdentifier: 'CUSTOM', metaData: { old: true } })) }
);
add(
  'storage/get-throws',
  'USS get throws => whole track returns null',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM')],
  { launch: Object.assign(uss(rec('Ashley', 'AB_50_50', 'Control')), { userStorageThrows: 'get' }) }
);
add(
  'storage/set-throws',
  'USS set throws => caught; seeded user still tracked each time (goal never remembered)',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track('AB_50_50', 'Ashley', 'CUSTOM'), track('AB_50_50', 'Bill', 'CUSTOM')],
  { launch: Object.assign(uss(rec('Ashley', 'AB_50_50', 'Control')), { userStorageThrows: 'set' }) }
);
add(
  'storage/returning-user-launch',
  'launch shouldTrackReturningUser true: repeated goal tracked; per-call false suppresses',
  S_AB,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM', { shouldTrackReturningUser: false })
  ],
  { launch: Object.assign(uss(rec('Ashley', 'AB_50_50', 'Control')), { shouldTrackReturningUser: true }) }
);
add(
  'storage/returning-user-launch-false',
  'launch shouldTrackReturningUser false: repeated goal suppressed; per-call true tracks; usage stat tr absent',
  S_AB_FT,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM', { shouldTrackReturningUser: true }),
    track(null, 'Ashley', 'CUSTOM', { shouldTrackReturningUser: true })
  ],
  {
    launch: Object.assign(uss(rec('Ashley', 'AB_50_50', 'Control'), rec('Ashley', 'FT_50_50', 'Variation-1')), {
      shouldTrackReturningUser: false
    })
  }
);
add(
  'storage/returning-user-per-call',
  'no launch option: per-call shouldTrackReturningUser true re-tracks a stored goal',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM', { shouldTrackReturningUser: true }), track('AB_50_50', 'Ashley', 'CUSTOM')],
  { launch: uss(rec('Ashley', 'AB_50_50', 'Control', { goalIdentifier: 'CUSTOM' })) }
);
add(
  'storage/mca-minus-one',
  'goal mca -1 disables de-duplication: the same goal is tracked every time',
  settings([Object.assign(AB(), { goals: [goal(201, 'CUSTOM', { mca: -1 }), revenueGoal(202, 'REVENUE', { mca: -1 })] })]),
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 3 }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 3 })
  ],
  { launch: uss(rec('Ashley', 'AB_50_50', 'Control', { goalIdentifier: 'CUSTOM' })) }
);
add(
  'storage/mca-other-values',
  'mca values other than -1 (0, 1, "-1") keep de-duplication',
  settings([
    Object.assign(AB(), {
      goals: [goal(201, 'G0', { mca: 0 }), goal(202, 'G1', { mca: 1 }), goal(203, 'GS', { mca: '-1' })]
    })
  ]),
  [track('AB_50_50', 'Ashley', 'G0'), track('AB_50_50', 'Ashley', 'G0'), track('AB_50_50', 'Ashley', 'GS'), track('AB_50_50', 'Ashley', 'GS')],
  { launch: uss(rec('Ashley', 'AB_50_50', 'Control')) }
);
add(
  'storage/has-props-ignored',
  'goal hasProps true is ignored by node: the repeated goal is still suppressed',
  settings([Object.assign(AB(), { goals: [goal(201, 'CUSTOM', { hasProps: true })] })]),
  [track('AB_50_50', 'Ashley', 'CUSTOM')],
  { launch: uss(rec('Ashley', 'AB_50_50', 'Control', { goalIdentifier: 'CUSTOM' })) }
);
add(
  'storage/global-goal-only-stored',
  'null key with storage: only stored campaigns are tracked; list length 2 => batch POST with usage stat ss=1',
  S_AB_FT,
  [track(null, 'Ashley', 'CUSTOM'), track(['FT_50_50', 'AB_50_50'], 'Ashley', 'REVENUE', { revenueValue: 8 })],
  { launch: uss(rec('Ashley', 'AB_50_50', 'Control')) }
);
add(
  'storage/whitelisted-bypasses-storage',
  'a whitelisted user is tracked without activation and never de-duplicated, but track still writes the forced variation and goal to storage; a later non-whitelisted call reads that record and is de-duplicated',
  settings([baseCampaign('AB_WHITELIST')]),
  [
    track('AB_WHITELIST', 'Ashley', 'CUSTOM', { variationTargetingVariables: { browser: 'chrome' } }),
    track('AB_WHITELIST', 'Ashley', 'CUSTOM', { variationTargetingVariables: { browser: 'chrome' } }),
    track('AB_WHITELIST', 'Ashley', 'CUSTOM')
  ],
  { launch: uss() }
);
add(
  'storage/stored-beats-traffic-and-preseg',
  'a stored variation is used before the traffic and pre-segmentation checks',
  settings([baseCampaign('AB_WHITELIST'), baseCampaign('AB_PRESEG')]),
  [track('AB_WHITELIST', 'Ashley', 'CUSTOM'), track('AB_PRESEG', 'Ashley', 'CUSTOM', cv({ country: 'US' }))],
  { launch: uss(rec('Ashley', 'AB_WHITELIST', 'Control'), rec('Ashley', 'AB_PRESEG', 'Variation-1')) }
);
add(
  'storage/event-arch-no-writes',
  'event architecture: storage is never written by track; a seeded goal still de-duplicates',
  S_AB_FT_EA,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track('AB_50_50', 'Ashley', 'CUSTOM'), track('FT_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM')],
  { launch: uss(rec('Ashley', 'AB_50_50', 'Control'), rec('Ashley', 'FT_50_50', 'Control', { goalIdentifier: 'CUSTOM' })) }
);
add(
  'storage/development-mode-writes',
  'isDevelopmentMode still runs the storage logic (writes happen, nothing is sent)',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track('AB_50_50', 'Ashley', 'CUSTOM')],
  { launch: Object.assign(uss(rec('Ashley', 'AB_50_50', 'Control')), { isDevelopmentMode: true }) }
);
add(
  'storage/batch-events-writes',
  'batchEvents: storage writes happen at track time, the hit at flush time',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track('AB_50_50', 'Ashley', 'CUSTOM'), flush()],
  { launch: Object.assign(uss(rec('Ashley', 'AB_50_50', 'Control')), { batchEvents: { eventsPerRequest: 10 } }) }
);

// ===========================================================================
// hits/: wire format

add(
  'hits/get-ua-ip-encoding',
  'GET with a realistic UA and an IPv6 address: encodeURIComponent in query and headers',
  S_AB,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM', {
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
      userIpAddress: '2001:db8::1'
    })
  ]
);
add(
  'hits/get-ua-special-chars',
  "GET with UA holding & = ? # + % ' ! * ~ and non-ASCII: all encoded by encodeURIComponent",
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM', { userAgent: "a&b=c?d#e+f%g h/ü✓'!*~()", userIpAddress: '10.0.0.1, 10.0.0.2' })]
);
add('hits/get-ua-only', 'GET with only a user agent: only X-Device-User-Agent header', S_AB, [
  track('AB_50_50', 'Ashley', 'CUSTOM', { userAgent: 'UA/1.0' })
]);
add('hits/get-ip-only', 'GET with only an IP: only VWO-X-Forwarded-For header', S_AB, [
  track('AB_50_50', 'Ashley', 'CUSTOM', { userIpAddress: '192.0.2.1' })
]);
add('hits/get-ua-empty-string', 'empty UA/IP strings are treated as absent', S_AB, [
  track('AB_50_50', 'Ashley', 'CUSTOM', { userAgent: '', userIpAddress: '' })
]);
add(
  'hits/batch-ua-ip-shift-list',
  'list of 2 with UA and IP: visitor_ua gets the IP, visitor_ip is empty, UA lost; no visitor headers',
  S_AB_FT,
  [track(['AB_50_50', 'FT_50_50'], 'Ashley', 'CUSTOM', { userAgent: 'Mozilla/5.0 (X11)', userIpAddress: '10.0.0.1' })]
);
add('hits/batch-ua-only-null-key', 'null key with only a UA: UA dropped', S_AB_FT, [
  track(null, 'Ashley', 'CUSTOM', { userAgent: 'Mozilla/5.0 (X11)' })
]);
add('hits/batch-ip-only', 'list with only an IP: it lands raw in visitor_ua', S_AB_FT, [
  track(['AB_50_50', 'FT_50_50'], 'Ashley', 'CUSTOM', { userIpAddress: '2001:db8::1' })
]);
add(
  'hits/batch-ua-ip-revenue',
  'list with revenue, UA and IP: r kept, shift still applies',
  S_REV2,
  [track(['AB_50_50', 'FT_50_50'], 'Ashley', 'REVENUE', { revenueValue: 2.5, userAgent: 'UA', userIpAddress: '10.1.1.1' })]
);
add(
  'hits/get-multiple-users',
  'user ids with characters that the UUID and query handle (no encoding needed in u)',
  S_AB,
  ['__123__', 'We@#dcs3232.f3', 'a b', 'user%20x', '用户'].map(u => track('AB_50_50', u, 'CUSTOM'))
);
add(
  'hits/account-id-string',
  'accountId given as a string "888888": same UUID, same query',
  Object.assign(clone(S_AB_FT), { accountId: '888888' }),
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM'), activate('AB_50_50', 'Ashley')]
);
add(
  'hits/account-id-other',
  'accountId 12345 changes the UUID namespace',
  Object.assign(clone(S_AB), { accountId: 12345 }),
  [track('AB_50_50', 'Varun', 'CUSTOM'), track('AB_50_50', 'Alice', 'CUSTOM')]
);
add(
  'hits/campaign-id-string',
  'campaign id given as a string: raw in experiment_id, a JSON string in batch e',
  settings([Object.assign(AB(), { id: '231' }), Object.assign(FT(), { id: 'ft-232' })]),
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM'), activate('AB_50_50', 'Ashley')]
);
add(
  'hits/goal-id-string',
  'goal id given as a string: raw in goal_id, a JSON string in batch g',
  settings([Object.assign(AB(), { goals: [goal('201'), revenueGoal('g-202')] }), FT()]),
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'REVENUE', { revenueValue: 1 })]
);
add(
  'hits/sdk-key-missing',
  'settings without sdkKey: env=undefined in queries; batch POST gets User-Agent instead of Authorization',
  (() => {
    const s = clone(S_AB_FT);
    delete s.sdkKey;
    return s;
  })(),
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM'), activate('AB_50_50', 'Ashley')]
);
add(
  'hits/sdk-key-special-chars',
  'sdkKey with & and / goes raw into env and the Authorization header',
  Object.assign(clone(S_AB_FT), { sdkKey: 'key&x=1/ü' }),
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM')]
);
add(
  'hits/sdk-key-space',
  'sdkKey with a space: every request path is refused by Node (tracked, nothing sent)',
  Object.assign(clone(S_AB_FT), { sdkKey: 'bad key' }),
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM')]
);

// usage stats
add(
  'hits/usage-stats-storage-goal-type-returning',
  'usage stats on batch-events: ss, tr, gt, _l in fixed order',
  S_AB_FT,
  [track(null, 'Ashley', 'CUSTOM'), activate('AB_50_50', 'Bill')],
  {
    launch: Object.assign(uss(rec('Ashley', 'AB_50_50', 'Control'), rec('Ashley', 'FT_50_50', 'Control')), {
      shouldTrackReturningUser: true,
      goalTypeToTrack: 'CUSTOM_GOAL'
    })
  }
);
add(
  'hits/usage-stats-log-level',
  'launch logging.level 4: ll=4 in usage stats (never on track-goal)',
  S_AB_FT,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM')],
  { launch: { logging: { level: 4 } } }
);
add(
  'hits/usage-stats-batch-events',
  'usage stats with batchEvents and storage: eb, ss, _l',
  S_AB_FT,
  [track(null, 'Ashley', 'CUSTOM'), flush()],
  { launch: Object.assign(uss(rec('Ashley', 'AB_50_50', 'Control')), { batchEvents: { eventsPerRequest: 10 } }) }
);

// event architecture
const EA = eventArchBase();
const eaGoals = extraGoals =>
  settings([Object.assign(AB(), { goals: extraGoals }), FT()], { isEventArchEnabled: true });

add('hits/event-arch-custom', 'event arch, single campaign CUSTOM goal', EA, [track('AB_50_50', 'Ashley', 'CUSTOM')]);
add('hits/event-arch-null-key', 'event arch, null key: one POST, two metrics', EA, [track(null, 'Ashley', 'CUSTOM')]);
add('hits/event-arch-list', 'event arch, list with unknown + two known keys: one POST', EA, [
  track(['NOPE', 'FT_50_50', 'AB_50_50'], 'Ashley', 'CUSTOM')
]);
add('hits/event-arch-revenue-prop', 'event arch REVENUE with revenueProp: vwoMeta.vwoRevenue = revenueValue', EA, [
  track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 12.5 })
]);
add('hits/event-arch-revenue-string', 'event arch REVENUE with a string revenue: kept as a JSON string', EA, [
  track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: '12.50' })
]);
add(
  'hits/event-arch-revenue-missing',
  'event arch REVENUE, mca absent: revenue missing and eventProperties without the prop => false; with the prop => tracked (prop only at top level)',
  EA,
  [
    track('AB_50_50', 'Ashley', 'REVENUE'),
    track('AB_50_50', 'Ashley', 'REVENUE', { eventProperties: { other: 1 } }),
    track('AB_50_50', 'Ashley', 'REVENUE', { eventProperties: { vwoRevenue: 4, extra: 'x' } })
  ]
);
add(
  'hits/event-arch-revenue-no-prop',
  'event arch REVENUE goal without revenueProp and no revenue: the key looked for is "undefined"',
  eaGoals([goal(201), revenueGoal(202)]),
  [
    track('AB_50_50', 'Ashley', 'REVENUE'),
    track('AB_50_50', 'Ashley', 'REVENUE', { eventProperties: { undefined: 7 } }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 3 })
  ]
);
add(
  'hits/event-arch-mca-minus-one-no-prop',
  'event arch REVENUE goal mca -1 without revenueProp: tracked without any revenue (count metric)',
  eaGoals([goal(201), revenueGoal(202, 'REVENUE', { mca: -1 })]),
  [track('AB_50_50', 'Ashley', 'REVENUE'), track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 9 })]
);
add(
  'hits/event-arch-mca-minus-one-with-prop',
  'event arch REVENUE goal mca -1 with revenueProp: needs the prop in eventProperties when revenue is missing',
  eaGoals([goal(201), revenueGoal(202, 'REVENUE', { mca: -1, revenueProp: 'amount' })]),
  [
    track('AB_50_50', 'Ashley', 'REVENUE'),
    track('AB_50_50', 'Ashley', 'REVENUE', { eventProperties: { amount: 0 } }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 6, eventProperties: { amount: 5 } })
  ]
);
add(
  'hits/event-arch-props-overwrite',
  'eventProperties are spread last into event.props and can overwrite SDK keys (vwo_sdkName, vwoMeta, isCustomEvent)',
  EA,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM', {
      eventProperties: { vwo_sdkName: 'spoof', isCustomEvent: false, vwoMeta: 'gone', extra: { nested: [1, 'two'] } }
    })
  ]
);
add(
  'hits/event-arch-props-key-order',
  'eventProperties with integer-like keys are ordered ascending by JS before the others',
  EA,
  [track('AB_50_50', 'Ashley', 'CUSTOM', { eventProperties: { b: 1, 10: 'ten', a: 2, 9: 'nine' } })]
);
add(
  'hits/event-arch-props-string',
  'eventProperties as a string (not validated): its characters are spread as "0","1",…',
  EA,
  [track('AB_50_50', 'Ashley', 'CUSTOM', { eventProperties: 'ab' })]
);
add(
  'hits/event-arch-props-null',
  'eventProperties null on event arch',
  EA,
  [track('AB_50_50', 'Ashley', 'CUSTOM', { eventProperties: null })]
);
add(
  'hits/event-arch-revenue-props-from-false-campaign',
  'revenueProp of a campaign that ends up false (pre-segmentation) still lands in vwoMeta',
  settings(
    [
      Object.assign(AB(), { goals: [goal(201), revenueGoal(202, 'REVENUE', { revenueProp: 'vwoRevenue' })] }),
      campaign(260, 'AB_PS_REV', {
        segments: { and: [cvar('country', 'India')] },
        goals: [revenueGoal(223, 'REVENUE', { revenueProp: 'otherRevenue' })]
      })
    ],
    { isEventArchEnabled: true }
  ),
  [track(null, 'Ashley', 'REVENUE', { revenueValue: 20 }), track(null, 'Ashley', 'REVENUE', { revenueValue: 20, customVariables: { country: 'India' } })]
);
add(
  'hits/event-arch-metric-key-order',
  'metric keys follow JS property order: integer-like ids ascending (9, 10) before "abc", whatever the settings order',
  settings(
    [campaign(10, 'C10', { goals: [goal(301)] }), campaign('abc', 'CABC', { goals: [goal(302)] }), campaign(9, 'C9', { goals: [goal(303)] })],
    { isEventArchEnabled: true }
  ),
  [track(null, 'Ashley', 'CUSTOM'), track(['CABC', 'C10', 'C9'], 'Ashley', 'CUSTOM')]
);
add(
  'hits/batch-key-order-non-numeric-ids',
  'non-event-arch batch with ids 10, "abc", 9: events keep list order (arrays, not objects)',
  settings([campaign(10, 'C10', { goals: [goal(301)] }), campaign('abc', 'CABC', { goals: [goal(302)] }), campaign(9, 'C9', { goals: [goal(303)] })]),
  [track(null, 'Ashley', 'CUSTOM')]
);
add('hits/event-arch-ua-ip', 'event arch with UA and IP: encoded in query and headers', EA, [
  track('AB_50_50', 'Ashley', 'CUSTOM', { userAgent: 'Mozilla/5.0 (X11; Linux)', userIpAddress: '10.0.0.1' })
]);
add('hits/event-arch-ua-ip-null-key', 'event arch null key with UA and IP: no argument shift on this path', EA, [
  track(null, 'Ashley', 'CUSTOM', { userAgent: 'UA 2', userIpAddress: '10.0.0.3' })
]);
add(
  'hits/event-arch-activate-and-feature',
  'event arch activate / isFeatureEnabled: vwo_variationShown POSTs',
  EA,
  [activate('AB_50_50', 'Ashley'), isFeatureEnabled('FT_50_50', 'Ashley'), track('FT_50_50', 'Ashley', 'CUSTOM')]
);
add(
  'hits/event-arch-batch-events',
  'event arch + batchEvents: batching wins; r taken from eventProperties[revenueProp] when revenue is missing',
  EA,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 7 }),
    track('AB_50_50', 'Ashley', 'REVENUE', { eventProperties: { vwoRevenue: 4 } }),
    track(null, 'Bill', 'CUSTOM', { userAgent: 'UA 3', userIpAddress: '10.0.0.4' }),
    flush()
  ],
  { launch: { batchEvents: { eventsPerRequest: 100 } } }
);
add(
  'hits/event-arch-goal-space',
  'event arch goal "Sign Up": Node refuses the path inside a Promise executor => unhandled rejection, track still true',
  EA,
  [track('AB_50_50', 'Ashley', 'Sign Up'), track('AB_50_50', 'Ashley', 'CUSTOM')]
);
add(
  'hits/event-arch-goal-special-chars',
  'event arch goal identifier with & and non-ASCII goes raw into en=',
  eaGoals([goal(201, 'a&b=ü'), goal(224, 'x/y?z')]),
  [track('AB_50_50', 'Ashley', 'a&b=ü'), track('AB_50_50', 'Ashley', 'x/y?z')]
);
add(
  'hits/get-goal-space',
  'non-event-arch goal "Sign Up": the goal name is not in the GET, so it is sent normally',
  settings([Object.assign(AB(), { goals: [goal(207, 'Sign Up')] })]),
  [track('AB_50_50', 'Ashley', 'Sign Up')]
);

// collectionPrefix
const prefixed = s => Object.assign(clone(s), { collectionPrefix: 'eu01' });
add(
  'hits/collection-prefix-all-paths',
  'collectionPrefix eu01 on track-goal, batch-events and track-user',
  prefixed(S_AB_FT),
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM'), activate('AB_50_50', 'Ashley')]
);
add('hits/collection-prefix-event-arch', 'collectionPrefix on /events/t', prefixed(S_AB_FT_EA), [
  track('AB_50_50', 'Ashley', 'CUSTOM'),
  activate('AB_50_50', 'Ashley')
]);
add(
  'hits/collection-prefix-batch-events',
  'collectionPrefix on the batchEvents flush',
  prefixed(S_AB_FT),
  [track('AB_50_50', 'Ashley', 'CUSTOM'), flush()],
  { launch: { batchEvents: { eventsPerRequest: 10 } } }
);
add(
  'hits/collection-prefix-odd',
  'collectionPrefix with a slash and dots goes raw into the path',
  Object.assign(clone(S_AB), { collectionPrefix: 'a/b.c' }),
  [track('AB_50_50', 'Ashley', 'CUSTOM')]
);

// development mode
add(
  'hits/dev-mode-all-paths',
  'isDevelopmentMode: GET, list batch, null batch, revenue missing, unknown key: nothing sent, map gains isDevelopmentMode',
  S_AB_FT,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track(['AB_50_50', 'FT_50_50'], 'Ashley', 'CUSTOM'),
    track(null, 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE'),
    track('NOPE', 'Ashley', 'CUSTOM'),
    track(null, 'Ashley', 'NOPE'),
    track('AB_50_50', '', 'CUSTOM')
  ],
  { launch: { isDevelopmentMode: true } }
);
add('hits/dev-mode-event-arch', 'isDevelopmentMode with event arch: nothing sent', S_AB_FT_EA, [
  track('AB_50_50', 'Ashley', 'CUSTOM'),
  track(null, 'Ashley', 'CUSTOM')
], { launch: { isDevelopmentMode: true } });
add(
  'hits/dev-mode-batch-events',
  'isDevelopmentMode with batchEvents: the queue flushes without sending',
  S_AB_FT,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM'), flush(), flush()],
  { launch: { isDevelopmentMode: true, batchEvents: { eventsPerRequest: 10 } } }
);
add(
  'hits/dev-mode-batch-events-auto-flush',
  'isDevelopmentMode with batchEvents eventsPerRequest 2: the automatic flush sends nothing',
  S_AB_FT,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track('FT_50_50', 'Ashley', 'CUSTOM'), flush()],
  { launch: { isDevelopmentMode: true, batchEvents: { eventsPerRequest: 2 } } }
);

// batchEvents
add(
  'hits/batch-events-1',
  'batchEvents eventsPerRequest 1: every track flushes immediately; null key makes two POSTs',
  S_AB_FT,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track(null, 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM', { userAgent: 'Mozilla/5.0 (X11)', userIpAddress: '10.0.0.1' }),
    flush()
  ],
  { launch: { batchEvents: { eventsPerRequest: 1 } } }
);
add(
  'hits/batch-events-3',
  'batchEvents eventsPerRequest 3: queue, auto flush on the 3rd event, flushEvents for the rest, empty flush',
  S_AB_FT,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Bill', 'REVENUE', { revenueValue: '4.50' }),
    track(['AB_50_50', 'FT_50_50'], 'Chris', 'CUSTOM', { userAgent: 'UA x', userIpAddress: '10.9.9.9' }),
    track('FT_50_50', 'Dominic', 'CUSTOM'),
    flush(),
    flush()
  ],
  { launch: { batchEvents: { eventsPerRequest: 3 } } }
);
add(
  'hits/batch-events-revenue-types',
  'batchEvents keeps the JSON type of r (number, string, object, array, true)',
  S_AB,
  [
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 12 }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: '12 50' }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: { a: 1 } }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: [1, 2] }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: true }),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: 0 }),
    flush()
  ],
  { launch: { batchEvents: { eventsPerRequest: 100 } } }
);
add('hits/flush-without-batch-config', 'flushEvents without batchEvents config', S_AB, [flush()]);
add(
  'hits/batch-events-invalid-config',
  'batchEvents {eventsPerRequest: 0} fails launch validation: the instance is unusable',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM')],
  { launch: { batchEvents: { eventsPerRequest: 0 } } }
);
add(
  'hits/batch-events-activate-feature',
  'batchEvents with activate and isFeatureEnabled (eT 1) and track (eT 2)',
  S_AB_FT,
  [activate('AB_50_50', 'Ashley'), isFeatureEnabled('FT_50_50', 'Ashley'), track('FT_50_50', 'Ashley', 'CUSTOM'), flush()],
  { launch: { batchEvents: { eventsPerRequest: 50 } } }
);

// ===========================================================================
// promise/: returnPromiseFor track

const P = { returnPromiseFor: { track: true } };
add('promise/single', 'returnPromiseFor track: resolves after the GET completes', S_AB_FT, [track('AB_50_50', 'Ashley', 'CUSTOM')], {
  launch: P
});
add('promise/falsy-results', 'revenue missing / unknown key / bad params resolve immediately', S_AB_FT, [
  track('AB_50_50', 'Ashley', 'REVENUE'),
  track('NOPE', 'Ashley', 'CUSTOM'),
  track('AB_50_50', 42, 'CUSTOM'),
  track(null, 'Ashley', 'NOPE')
], { launch: P });
add('promise/list-and-null', 'array and null key: resolves on the batch POST callback', S_AB_FT, [
  track(['AB_50_50', 'FT_50_50'], 'Ashley', 'CUSTOM'),
  track(null, 'Ashley', 'CUSTOM')
], { launch: P });
add('promise/activate-not-promised', 'returnPromiseFor {track:true} leaves activate synchronous', S_AB_FT, [activate('AB_50_50', 'Ashley')], {
  launch: P
});
add(
  'promise/dev-mode',
  'returnPromiseFor with isDevelopmentMode: the isDevelopmentMode key is deleted before resolving',
  S_AB_FT,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM'), track('AB_50_50', 'Ashley', 'REVENUE')],
  { launch: { returnPromiseFor: { track: true }, isDevelopmentMode: true } }
);
add('promise/event-arch', 'returnPromiseFor with event arch', S_AB_FT_EA, [track(null, 'Ashley', 'CUSTOM'), track('AB_50_50', 'Ashley', 'CUSTOM')], {
  launch: P
});
add(
  'promise/refused-request',
  'returnPromiseFor when Node refuses the GET (revenue "12 50"): no callback ever fires, the promise stays pending',
  S_AB,
  [track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: '12 50' }), track('AB_50_50', 'Ashley', 'CUSTOM')],
  { launch: P }
);
add(
  'promise/batch-events',
  'returnPromiseFor with batchEvents: no per-call callback, the promise for a tracked call stays pending',
  S_AB,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track('AB_50_50', 'Ashley', 'REVENUE'), flush()],
  { launch: { returnPromiseFor: { track: true }, batchEvents: { eventsPerRequest: 10 } } }
);
add(
  'promise/storage',
  'returnPromiseFor with user storage: not-activated resolves immediately, stored user after the GET',
  S_AB,
  [track('AB_50_50', 'Bill', 'CUSTOM'), track('AB_50_50', 'Ashley', 'CUSTOM'), track('AB_50_50', 'Ashley', 'CUSTOM')],
  { launch: Object.assign(uss(rec('Ashley', 'AB_50_50', 'Control')), P) }
);

// ===========================================================================
// goal/: goal identifier lookup

add(
  'goal/identifier-case',
  'goal identifiers match case-sensitively',
  S_AB,
  [track('AB_50_50', 'Ashley', 'custom'), track(null, 'Ashley', 'custom')]
);
add(
  'goal/duplicate-identifier',
  'two goals with the same identifier: the first one is used',
  settings([Object.assign(AB(), { goals: [goal(225, 'DUP'), revenueGoal(226, 'DUP')] })]),
  [track('AB_50_50', 'Ashley', 'DUP'), track('AB_50_50', 'Ashley', 'DUP', { revenueValue: 3 })]
);
add(
  'goal/no-goals',
  'campaign with an empty goals list => false',
  settings([Object.assign(AB(), { goals: [] })]),
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM')]
);

// ===========================================================================
// random/ and time/: consumption order of Math.random and clock reads

add(
  'random/cycle-get',
  'four GETs with random [0.1, 0.25, 0.75]: one value per hit, cycling',
  S_AB,
  [
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Bill', 'CUSTOM'),
    track('AB_50_50', 'Chris', 'CUSTOM'),
    track('AB_50_50', 'Dominic', 'CUSTOM')
  ],
  { random: [0.1, 0.25, 0.75] }
);
add(
  'random/mixed-hit-kinds',
  'activate, track GET, batch POST (takes no random), track GET, isFeatureEnabled with random [0.11, 0.22, 0.33]',
  S_AB_FT,
  [
    activate('AB_50_50', 'Ashley'),
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track(null, 'Ashley', 'CUSTOM'),
    track('FT_50_50', 'Ashley', 'CUSTOM'),
    isFeatureEnabled('FT_50_50', 'Ashley')
  ],
  { random: [0.11, 0.22, 0.33] }
);
add(
  'random/no-hit-no-random',
  'calls that decide not to send (revenue missing, unknown key) consume no random value; a request Node refuses (revenue "12 50") still consumed one',
  S_AB,
  [
    track('AB_50_50', 'Ashley', 'REVENUE'),
    track('NOPE', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'CUSTOM'),
    track('AB_50_50', 'Ashley', 'REVENUE', { revenueValue: '12 50' }),
    track('AB_50_50', 'Ashley', 'CUSTOM')
  ],
  { random: [0.1, 0.2, 0.3] }
);
add(
  'random/event-arch',
  'event arch: one random per /events/t POST, cycling',
  S_AB_FT_EA,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), track(null, 'Ashley', 'CUSTOM'), activate('AB_50_50', 'Bill')],
  { random: [0.9, 0.01] }
);
add(
  'random/batch-events',
  'batchEvents: track and activate enqueue events without consuming a random value; the flush POST carries none',
  S_AB_FT,
  [track('AB_50_50', 'Ashley', 'CUSTOM'), activate('AB_50_50', 'Bill'), flush()],
  { random: [0.123, 0.456], launch: { batchEvents: { eventsPerRequest: 10 } } }
);
add('random/tiny-and-zero', 'random values 1e-7 and 0 are written in JS number form (1e-7, 0)', S_AB, [
  track('AB_50_50', 'Ashley', 'CUSTOM'),
  track('AB_50_50', 'Ashley', 'CUSTOM')
], { random: [1e-7, 0] });
add('time/exact-second', 'nowMs on an exact second: sId = now/1000 (ceil of an integer)', S_AB_FT_EA, [
  track('AB_50_50', 'Ashley', 'CUSTOM')
], { nowMs: 1700000000000 });
add('time/ceil-one-ms', 'nowMs one ms past the second: sId rounds up', S_AB_FT, [
  track('AB_50_50', 'Ashley', 'CUSTOM'),
  track(null, 'Ashley', 'CUSTOM')
], { nowMs: 1700000000001 });
add('time/event-arch-times', 'event arch: eTime, msgId suffix, event.time and sessionId from one frozen clock', S_AB_FT_EA, [
  track(null, 'Ashley', 'CUSTOM')
], { nowMs: 1712345678999 });

// ---------------------------------------------------------------------------

const names = new Set();
for (const s of scenarios) {
  if (names.has(s.name)) throw new Error(`duplicate scenario name ${s.name}`);
  names.add(s.name);
}
// Layout: one scenario key per line, one step per line.
const text =
  '[\n' +
  scenarios
    .map(
      s =>
        '  {\n' +
        Object.entries(s)
          .map(([k, v]) => {
            const value =
              k === 'steps' ? '[\n' + v.map(step => '      ' + JSON.stringify(step)).join(',\n') + '\n    ]' : JSON.stringify(v);
            return `    ${JSON.stringify(k)}: ${value}`;
          })
          .join(',\n') +
        '\n  }'
    )
    .join(',\n') +
  '\n]\n';
JSON.parse(text);
fs.writeFileSync(OUT, text);
process.stderr.write(`wrote ${scenarios.length} scenarios to ${OUT}\n`);
