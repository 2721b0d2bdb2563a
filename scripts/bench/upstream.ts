// An OpenAI-compatible upstream for benchmarks. Default: the instant echo reply. With
// BENCH_STREAM_TOKENS set, every chat request streams that many word deltas, one every
// BENCH_STREAM_DELAY_MS milliseconds, like a model generating at a steady rate.
import { startFakeUpstream } from '../../tests/helpers/fake-upstream.js';

const up = await startFakeUpstream({ record: false });
const tokens = Number(process.env.BENCH_STREAM_TOKENS ?? 0);
if (tokens > 0) {
  const sentence =
    'Your parcel left our depot this morning and should arrive within two working days. ';
  const words = sentence
    .repeat(Math.ceil(tokens / 14))
    .split(/(?<= )/)
    .slice(0, tokens);
  const delayMs = Number(process.env.BENCH_STREAM_DELAY_MS ?? 10);
  up.reply = () => ({ kind: 'stream', deltas: words, delayMs });
}
process.stdout.write(`${up.url}\n`);
process.on('SIGTERM', () => {
  void up.close().then(() => process.exit(0));
});
