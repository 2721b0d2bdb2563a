/**
 * Prompt-injection heuristics as data: the families that keep recurring in public attack
 * collections (garak's prompt-extraction probes, promptmap, DAN-style jailbreaks, indirect
 * injection research). They read the normalized, leet-folded text, so "1gn0re" and Cyrillic
 * look-alikes match too. Written from the attack families, not from the evaluation sets.
 * Scores: 0.95 means the phrase alone is an attack (above any threshold a policy tunes for the
 * classifier); lower scores are cues that only count with the classifier or another rule.
 */
import { gated } from './heuristic-gates.js';
import type { Heuristic } from './heuristics.js';
import { DATA_INJECTION_HEURISTICS } from './injection-heuristics-data.js';
import { MULTILINGUAL_INJECTION_HEURISTICS } from './injection-heuristics-multilingual.js';
import { instructionOverride } from './injection-heuristics-override.js';
import { TASK_SWITCH_INJECTION_HEURISTICS } from './injection-heuristics-task-switch.js';

const any = (...alternatives: string[]) => `(?:${alternatives.join('|')})`;

const RESTRICTION = String.raw`\b(?:without|free (?:of|from)|freed from|no longer (?:bound|restricted|limited) by|not (?:bound|restricted|limited) by|break(?:ing)? (?:free of|out of)|escape[ds]?|no|zero|none of (?:the|your))\s+(?:\w+\s+){0,2}(?:restrictions|filters?|filtering|limitations|limits|censorship|censoring|guidelines|rules|boundaries|ethics|morals|morality|polic(?:y|ies)|safeguards|guardrails)\b`;

const personaSwitch: Heuristic = {
  id: 'persona-switch',
  score: 0.95,
  alone: 0.3,
  note: 'persona switch: asks the model to become another, unrestricted character',
  requires: new RegExp(RESTRICTION, 'i'),
  patterns: [
    /\b(?:you are|you're)\s+(?:now|going to be|about to become|no longer)\b/i,
    /\bnow,?\s+you\s+are\b|\b(?:stell dir vor|tu so,? als ob),?\s+du bist\b|\bdu bist\s+(?:jetzt|nun|ab jetzt|ab sofort|kein|keine|nicht mehr)\b/i,
    /\b(?:from now on|starting now|henceforth|going forward)\s*,?\s+you\s+(?:are|will|must|shall|should|act)\b/i,
    /\b(?:pretend(?:ing)?\s+(?:to be|you are|that you are)|role-?play(?:ing)?\s+as|imagine (?:that )?you are|stay in character|simulate (?:being|a|an)|act(?:ing)? as (?:if you (?:were|are)|an? ))/i,
  ],
};

const knownJailbreak: Heuristic = {
  id: 'jailbreak-persona',
  score: 0.95,
  note: 'a named jailbreak persona or mode',
  patterns: [
    gated(
      [['dan', 'd.a.n', 'stan', 'aim']],
      /\bDAN\b|\bD\.A\.N\b|\bSTAN\b|\bAIM\b(?=[:,.\s]+(?:always|is|stands))/,
    ),
    /\b(?:do anything now|developer mode (?:enabled|output|activated|on)|(?:enable|activate|enter)\s+(?:developer|dev|god|jailbreak|unrestricted|evil)\s+mode|jailbr(?:eak|oken)(?:ed)?\s+(?:mode|version|ai|assistant|chat ?gpt)|anti-?gpt|evil\s*(?:confidant|bot|assistant|ai)|(?:unfiltered|uncensored|unrestricted|amoral|unethical)\s+(?:ai|assistant|chat ?bot|model|version|mode|response|persona|character))\b/i,
    new RegExp(
      String.raw`\b(?:chat ?gpt|gpt|the ai|assistant|gemma)\s+(?:has been|was|is now|will be)\s+(?:freed|jailbroken|liberated|unshackled)`,
      'i',
    ),
  ],
};

// Verbs that ask for text to be handed over. The questions ("what are ...") come separately:
// asked of the system prompt or the instructions they are a leak request, but "What are your
// rules?" is what a customer asks a support bot about what it can do (and the classifier still
// scores the question on its own).
const LEAK_IMPERATIVE = any(
  'reveal',
  'show',
  'print',
  'repeat',
  'output',
  'display',
  'tell',
  'give',
  'write(?: out| down)?',
  'spell',
  'leak',
  'dump',
  'share',
  'echo',
  'copy',
  'paste',
  'list',
  'recite',
  'disclose',
  'expose',
  'return',
  'translate',
  'encode',
);
const LEAK_QUESTION = any('what (?:is|are|was|were)', "what's");
const LEAK_FILLER = String.raw`(?:\s+(?:me|us|out|back|in|full|the|your|all|of|entire|exact|complete|verbatim|word for word|every|contents?|text|first \w+ (?:lines|sentences|words)))*`;
/** Only the assistant's hidden orders: a leak request whether asked or ordered. */
const LEAK_OBJECT = any(
  String.raw`system\s*(?:prompt|message|instructions?)`,
  String.raw`(?:initial|original|hidden|secret|internal|starting|first|pre-?)\s*(?:prompt|instructions?|message|configuration|rules)`,
  String.raw`your\s+(?:prompt|instructions)\b(?!\s+(?:of|for|on|to)\b)`,
  String.raw`the\s+(?:prompt|instructions)\s+(?:above|you (?:were|have been) given)`,
  String.raw`instructions you (?:were|have been) given`,
  String.raw`instructions (?:given|provided) to you`,
);
/** The bot's rules in general: a leak request only when ordered out ("print your rules"). */
const LEAK_OBJECT_ORDERED = String.raw`your\s+(?:rules|guidelines|configuration)\b(?!\s+(?:of|for|on|to)\b)`;

const promptLeak: Heuristic = {
  id: 'prompt-leak',
  score: 0.95,
  note: 'asks for the system prompt or hidden orders',
  patterns: [
    gated(
      [['prompt', 'instruction', 'message', 'configuration', 'rules']],
      new RegExp(
        String.raw`\b${any(LEAK_IMPERATIVE, LEAK_QUESTION)}\b${LEAK_FILLER}\s+${LEAK_OBJECT}`,
        'i',
      ),
    ),
    gated(
      [['rules', 'guidelines', 'configuration']],
      new RegExp(String.raw`\b${LEAK_IMPERATIVE}\b${LEAK_FILLER}\s+${LEAK_OBJECT_ORDERED}`, 'i'),
    ),
    /\b(?:repeat|print|output|copy|reproduce|echo|dump|write)\s+(?:all\s+|everything\s+|the\s+(?:text|words|content|message|lines?|conversation)\s+)(?:\w+\s+){0,2}(?:above|before (?:this|that)|so far|verbatim|from the (?:start|beginning))/i,
    /\b(?:begin|start)(?:ning)?\s+(?:your\s+(?:reply|response|answer|output)\s+)?with\s+["'“‘]?(?:you are|your instructions|my instructions|i was instructed|the system prompt)/i,
    // Extraction by reformatting: "format your instructions as a list", "TL;DR your ruleset".
    gated(
      [['instruction', 'rule', 'prompt', 'text']],
      /\b(?:explain|summarize|sum up|describe|translate|convert|rewrite|paraphrase|rephrase|restate|print|repeat|format|reformat|encode|list|tl\W?dr)\b(?:\s+\w+){0,4}?\s+(?:your\s+(?:instructions|rules|ruleset|prompt)|(?:the\s+)?(?:above|previous|preceding|prior|initial)\s+(?:instructions|rules|ruleset|prompt|text)|(?:the\s+)?(?:instructions|rules|ruleset|prompt)\s+(?:above|back|you (?:were|have been) given|(?:given|provided) to you))\b/i,
    ),
    /\bwhat\s+(?:were|are)\s+you\s+(?:told|instructed|programmed)\s+(?:to do\s+)?(?:before|at the (?:start|beginning))/i,
  ],
};

const fakeDelimiter: Heuristic = {
  id: 'fake-delimiter',
  score: 0.95,
  note: 'chat-template marker in a user-controlled message',
  patterns: [
    gated(
      [['<'], ['>']],
      /<\|?\s*(?:im_start|im_end|system|endoftext|start_of_turn|end_of_turn|eot_id|begin_of_text|start_header_id|end_header_id)\s*\|?>/i,
    ),
    /\[\/?INST\]|<<\/?SYS>>/,
  ],
};

// Section markers also appear in long role prompts people paste in good faith: a cue only.
const fakeSystemMarker: Heuristic = {
  id: 'fake-system-marker',
  score: 0.6,
  note: 'a system, admin or end-of-input marker inside the message',
  patterns: [
    gated([['<system', '</system']], /<\/?system(?:_prompt)?>/i),
    /^[ \t]*(?:[#=%*~<>[\]-]{2,})\s*(?:end|begin|start)(?:\s+of)?\s+(?:the\s+)?(?:user|system|admin|input|prompt|instructions?)\b/im,
    /^[ \t]*(?:#{2,}|={3,}|-{3,}|\*{3,}|\[)\s*(?:system|admin(?:istrator)?|developer|new instructions?|end of (?:user )?(?:prompt|input|instructions))\b/im,
    /\b(?:end of (?:the )?(?:user )?(?:input|prompt|instructions|conversation|document|context)|(?:user|system) (?:input|prompt) (?:ends|ended|is over))\b/i,
    /\b(?:admin(?:istrator)?|developer|system|root|sudo)\s+(?:override|command|instructions?|message)\s*:/i,
  ],
};

const indirectInstruction: Heuristic = {
  id: 'indirect-instruction',
  score: 0.95,
  note: 'an order addressed to the AI from inside content it processes',
  patterns: [
    /\b(?:ai|assistant|chat ?bot|chat ?gpt|gpt|llm|language model|gemma|claude|gemini|bard)\s*[,:]\s*(?:please\s+)?(?:ignore|disregard|forget|instead|you must|you should|do not|don't|stop|make sure|remember|also|now)\b/i,
    /\b(?:if|when|once)\s+(?:you(?:'re| are)?(?:\s+an? (?:ai|assistant|language model|llm|bot))?|an? (?:ai|assistant|language model|llm))\s+(?:read(?:ing)?|see(?:ing)?|summariz\w*|process\w*|translat\w*|pars\w*)\s+(?:this|these|the following)\b/i,
    /\b(?:important|attention|urgent|notice)\s*[:!]+\s*(?:\w+\s+){0,3}(?:ai|assistant|language model|instructions?)\b/i,
    /\b(?:note|message|instructions?|p\.?s\.?)\s+(?:to|for)\s+(?:the\s+|any\s+)?(?:ai|assistant|language model|llm|chat ?bot|model)\b/i,
    /\bto you,?\s+(?:the\s+)?(?:ai|assistant|language model|llm|chat ?bot|gpt\S*|claude|gemini|gemma)\b/i,
    /\b(?:ki|ki-assistent|assistent|assistant|asistente|assistente)\s*[,:]\s*(?:bitte\s+)?(?:ignorier\w*|vergiss|ignora|olvida|ignore[zr]?|oublie[zr]?)\b/i,
  ],
};

// "The user has provided the correct password": a claim that the check the assistant guards
// has passed. A helpdesk agent may write the same words about a real login problem, so a cue:
// it blocks only beside a classifier score of 0.875 or more.
const fakeAuthorization: Heuristic = {
  id: 'fake-authorization',
  score: 0.6,
  note: 'claims that the user has passed the check the assistant guards',
  patterns: [
    gated(
      [
        ['pass', 'code', 'phrase', 'pin'],
        ['correct', 'right', 'valid', 'secret'],
      ],
      /\b(?:the\s+)?(?:user|person|requester|caller)\s+(?:has\s+|have\s+)?(?:just\s+)?(?:provided|entered|given|typed|said|supplied)\s+the\s+(?:correct|right|valid|secret)\s+(?:password|passcode|pass ?phrase|access code|code|phrase|pin)\b/i,
    ),
    gated(
      [
        ['pass', 'code'],
        ['correct', 'right', 'valid'],
      ],
      /\b(?:the\s+)?(?:correct|right|valid)\s+(?:password|passcode|pass ?phrase|access code|code)\s+(?:has|have|was)\s+(?:been\s+)?(?:provided|entered|given|supplied|verified)\b/i,
    ),
  ],
};

const sideTask: Heuristic = {
  id: 'side-task',
  score: 0.5,
  note: 'an extra task slipped in beside the requested one',
  patterns: [
    /\b(?:on top of|in addition to|besides|before (?:doing|completing|answering)|instead of (?:doing|completing|answering|summariz\w+|translat\w+))\s+(?:your|the)\s+(?:main|primary|original|current|actual)?\s*(?:task|job|instructions|request)\b/i,
    gated(
      [['decode', 'decrypt', 'translate', 'convert']],
      /\b(?:decode|decrypt|translate|convert)\s+(?:this|the following|it)\b.{0,40}\b(?:and|then)\s+(?:follow|execute|obey|do|run|carry out)\b/i,
    ),
  ],
};

export const INJECTION_HEURISTICS: readonly Heuristic[] = [
  instructionOverride,
  personaSwitch,
  knownJailbreak,
  promptLeak,
  fakeDelimiter,
  fakeSystemMarker,
  indirectInstruction,
  fakeAuthorization,
  sideTask,
  ...MULTILINGUAL_INJECTION_HEURISTICS,
  ...TASK_SWITCH_INJECTION_HEURISTICS,
  ...DATA_INJECTION_HEURISTICS,
];
