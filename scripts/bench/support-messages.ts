/** The customer messages of `npm run bench:load`: a short one and a ~1 KB one, each with an order number. */
export type Size = 'short' | '1kb';

export function messageOf(size: Size, order: number): string {
  if (size === 'short')
    return `Hi! My order ${order} from last Tuesday has not arrived yet. Could you tell me what the usual delivery time is?`;
  return (
    `Hello, I am writing about my order ${order}, which I placed on the 3rd of this month. ` +
    'The confirmation email said it would be delivered within three to five working days, but it has ' +
    'now been almost two weeks and the tracking page has shown "in transit" since last Monday without ' +
    'any update. I have already checked with my neighbours and with the reception desk of my building, ' +
    'and nobody has received a parcel for me. The order contains a pair of running shoes (size 42, ' +
    'blue) and two packs of sports socks, and I need the shoes for a race at the end of next week. ' +
    'Could you please check with the courier what happened to the parcel? If it has been lost, I would ' +
    'like to know whether you can send a replacement by express delivery, or whether I should cancel ' +
    'the order and buy the shoes in a shop instead. In that case, how long does a refund to my credit ' +
    'card usually take? I would also like to change the delivery address for future orders to my office, ' +
    'because I am rarely at home during the day. Thank you very much for your help, and kind regards.'
  );
}
