/**
 * Training sources shared by the v2 prompt-injection and harmful-request models: the everyday
 * messages of `benign_chat/` (the hard negatives both v1 models lacked) and benign instruction
 * sets, each with its licence. Share-alike and non-commercial files are left out (listed in
 * `EXCLUDED_SHARED`), as for toxicity-v2.
 */
import type { LinearSource } from './linear/linear-trainer.js';

export function benign(
  folder: string,
  file: string,
  licence: string,
  origin: string,
): LinearSource {
  return { folder, file, licence, origin, annotates: [], keep: (r) => r.label === 0 };
}

export const BENIGN_CHAT: readonly LinearSource[] = [
  benign('benign_chat', 'banking77', 'CC-BY-4.0', 'BANKING77, PolyAI-LDN/task-specific-datasets'),
  benign('benign_chat', 'clinc150', 'CC-BY-3.0', 'CLINC150, clinc/oos-eval'),
  benign('benign_chat', 'hwu64', 'CC-BY-4.0', 'HWU64, xliuhw/NLU-Evaluation-Data'),
  benign('benign_chat', 'nlupp', 'CC-BY-4.0', 'NLU++, PolyAI-LDN/task-specific-datasets'),
  benign(
    'benign_chat',
    'taskmaster_user_turns',
    'CC-BY-4.0',
    'Taskmaster, google-research-datasets',
  ),
  benign('benign_chat', 'snips', 'CC0-1.0', 'Snips 2017, sonos/nlu-benchmark'),
];

export const EXCLUDED_SHARED = [
  {
    file: 'benign_chat/sgd_user_turns.jsonl',
    licence: 'CC-BY-SA-4.0',
    reason: 'share-alike; the other benign_chat files cover the same kind of text',
  },
] as const;
