/**
 * Common English words that also occur in the name and place lists ("Will", "Hope", "Nice",
 * "Reading"), written by hand for this project. A capitalized word is weak evidence on its own:
 * every sentence starts with one, so these need a neighbouring name, a title or a context word.
 */

/** Never a name or place on their own: dropped from the gazetteer artifact at build time. */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  `a about above across after again against all almost also although always am among an and
  another any anyone anything are around as ask at away back bad be because been before being
  below best better between big both bring but buy by call came can cannot case change check
  city close come could country day days dear did do does doing done down during each early
  east easy else end enough even ever every example fact far few find fine first for free
  from full get give go going good got great had has have having he help her here high him his
  home hot how however i if in into is it its just keep kind know last late later least left
  less let life like line little live long look lot love made main make man many me mean men
  might mind miss more most move much must my name near need never new next nice night no none
  nor north not nothing now number of off often oh ok okay old on once one only open or order
  other our out over own part people place plan please point post power put quite rather read
  reading real really right road room run said same saw say school see seem send set she should
  show side since small so some something soon south start state still stop story such sure
  take tell than thank thanks that the their them then there these they thing think this those
  though through time to today together too top true try turn two under until up upon us use
  very want was water way we well went were west what when where which while who why wide with
  within without woman women word work world would yes yet you young your
  monday tuesday wednesday thursday friday saturday sunday january february march july september
  october november december christmas easter god lord jesus hello hi hey dude sir madam mobile
  police union bar bath golden liberty independence commerce industry university
  hospital church center centre street avenue station airport beach park lake valley port
  mount bay river island islands national royal saint new royal happy birthday congratulations
  i'm i'll i've i'd you're we're they're it's that's don't can't won't`.split(/\s+/u),
);

/**
 * Words that make a run of capitalized words a street, a building, an organization or a
 * nationality rather than a person ("Cassidy Street", "Arpin Van Lines", "Dutch").
 */
export const NOT_PERSON_WORDS: ReadonlySet<string> = new Set(
  `rue via rua calle avenida strasse str st street road rd drive lane ln avenue ave boulevard blvd
  way court ct place pl square crescent close terrace highway suite apt box po lodge loop village
  town city county park summit vue border force agency orchestra movers lines inc ltd llc corp
  corporation company co group bank university college school hospital church hotel restaurant
  cafe club center centre institute foundation association society council ministry department
  office services solutions systems technologies international global airlines records studios
  press news times weekly daily magazine united states kingdom republic american british english
  french german dutch finnish swedish norwegian danish irish scottish welsh spanish portuguese
  italian greek polish russian ukrainian chinese japanese korean indian canadian mexican
  brazilian australian african european asian muslim christian jewish catholic consulting
  partners associates holdings industries enterprises labs networks media capital ventures
  logistics pharmaceuticals software motors foods energy insurance realty sons brothers act
  house palace river station airport stadium arena cathedral mosque harbour harbor`.split(/\s+/u),
);

/**
 * Common words that are also genuine, frequent first names or surnames: kept in the artifact
 * (so "my name is Will Turner" still resolves) but only reported with a title, a context word or
 * an unambiguous name beside them.
 */
export const NAME_LIKE_WORDS: ReadonlySet<string> = new Set(
  `will rose hope may bill mark grace faith joy june april august summer amber ruby jack frank
  art pat sue rich brown young king white black green gray grey hunter penny dawn sky river ray
  guy drew chase miles lane wade page rob carol daisy iris lily violet holly ivy hazel autumn
  crystal pearl star sunny angel sterling victory honor honey cash gene earl duke major prince
  baker cook miller smith taylor porter mason carter fisher walker long short little bell hall
  wood woods hill love sparks price rice bond booth nick sonny buddy dusty rusty chance trust
  glory charity destiny harmony melody patience prudence constance unity justice`.split(/\s+/u),
);

/** True for any word above: such a token needs more than its capital letter to be a name. */
export const isCommonWord = (lower: string): boolean =>
  COMMON_WORDS.has(lower) || NAME_LIKE_WORDS.has(lower);
