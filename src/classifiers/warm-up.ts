/**
 * The text every classifier scores once before it takes real scans (issue 14): a model's first
 * call pays for V8 compiling its hot paths and for lazily built tables, which on a loaded machine
 * outlasted a rule's 1 s timeout and failed the first requests closed. Our own words: an
 * ordinary support message about the length of the texts the gateway sees (~1 KB), with a
 * number and an address so the same code paths run as for real traffic.
 */
export const WARM_UP_TEXT = [
  'Hello, I ordered a pair of walking boots from your shop last week (order 48213) and the',
  'tracking page still says the parcel is waiting at the depot. Could you tell me when it will',
  'be delivered? I am at home on weekdays after five, and the address is 12 Station Road.',
  'If it cannot arrive before Saturday I would rather cancel the order and get a refund to my',
  'card. Also, is there a way to change the delivery slot online, or do I need to call? The',
  'help page mentions a form but the link does not open on my phone. Thanks for your help,',
  'and sorry for the long message; the last two times I asked nobody answered me.',
  'One more thing: the boots were a present, so please do not put the price on the note.',
  'The size I chose was forty-two; if the shop has run out, the forty-three would also do.',
  'Kind regards, and have a good afternoon.',
].join(' ');
