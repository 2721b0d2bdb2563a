"""Which dev and regression rows the prompt-injection scanner blocks at the default policy's
0.95 as shipped (rules + linear model, noisy-OR) and with the neural model's score instead of,
or combined with, the linear one; and the shipped scanner with the neural model added for short
texts only (a text of at most L characters is also blocked when the neural score reaches tn).
Reads the scanner's scores (dump-scanner-scores.ts) and the trainer's dev-scores.json (the same
rows in the same order); prints counts only.

Usage: /usr/bin/python3 compare.py <scanner-scores.jsonl> <trainer out dir>
"""
import json, sys
import numpy as np

ORDER = ['deepset_prompt_injections', 'tensor_trust_attacks', 'notinject', 'bipia_indirect',
         'wildguardtest_benign', 'everyday', 'attacks', 'indirect']
rows = [json.loads(l) for l in open(sys.argv[1])]
dev = json.load(open(f'{sys.argv[2]}/dev-scores.json'))
n = np.concatenate([dev[k] for k in ORDER])
y = np.array([r['label'] for r in rows])
f = np.array([r['file'].split('.')[0] for r in rows])
h = np.array([r['h'] for r in rows])  # rules alone
c = np.array([r['c'] for r in rows])  # shipped linear model alone
shipped = np.array([r['all'] for r in rows])
chars = np.array([r['chars'] for r in rows])
assert len(n) == len(rows), 'scanner scores and trainer scores must cover the same rows'


def show(name, blocked):
    out = []
    for k in ORDER:
        m = f == k
        if (y[m] == 1).any():
            out.append(f'{k[:8]} {int(blocked[m & (y == 1)].sum())}/{int((m & (y == 1)).sum())}')
        if (y[m] == 0).any():
            out.append(f'{k[:8]} fp {int(blocked[m & (y == 0)].sum())}/{int((m & (y == 0)).sum())}')
    print(f'{name:22s} ' + ' '.join(out))


T = 0.95
show('shipped', shipped >= T)
noisy_or = lambda m: 1 - (1 - h) * (1 - m)
show('rules+neural', noisy_or(n) >= T)
show('rules+mean(lin,neural)', noisy_or((c + n) / 2) >= T)
show('rules+max(lin,neural)', noisy_or(np.maximum(c, n)) >= T)
for L in (150, 250, 400):
    for tn in (0.9, 0.97, 0.99):
        show(f'shipped|short L{L} tn{tn}', (shipped >= T) | ((chars <= L) & (n >= tn)))
