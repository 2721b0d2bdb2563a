// A fast OpenAI-compatible upstream for benchmarks (the fake upstream's default echo reply).
import { startFakeUpstream } from '../../tests/helpers/fake-upstream.js';

const up = await startFakeUpstream({ record: false });
process.stdout.write(`${up.url}\n`);
process.on('SIGTERM', () => {
  void up.close().then(() => process.exit(0));
});
