/**
 * German, French and Spanish overrides the classifier scores below a policy's block threshold
 * when they are short: a persona switch to a bot "without rules", an order to ignore the system
 * message, a request for the system prompt. Same finding kinds and scores as their English
 * families in injection-heuristics.ts, which lists these after its own. They read normalized
 * text, so accents are gone ("regles", "systeme", "instruccion"). Written from the English
 * families and checked on hand-written overrides and corrections
 * (tests/integration/overrides-by-language.test.ts), not from the evaluation sets.
 */
import { gated } from './heuristic-gates.js';
import type { Heuristic } from './heuristics.js';

// "without rules", "no restrictions", "plus aucune limite", "sin filtros".
const RESTRICTION = new RegExp(
  String.raw`\b(?:ohne|keine|keinerlei|frei von|sans|aucune?|plus de|libre de|sin|ningunas?|ningun|libre de)\s+(?:\w+\s+){0,2}(?:regeln|einschrankungen|beschrankungen|grenzen|filter|zensur|richtlinien|regles|restrictions?|limites?|filtres?|censure|reglas|restricciones|restriccion|limites|filtros|censura)\b`,
  'i',
);

const personaSwitch: Heuristic = {
  id: 'persona-switch',
  score: 0.95,
  alone: 0.3,
  note: 'persona switch in German, French or Spanish: asks for an unrestricted character',
  requires: RESTRICTION,
  patterns: [
    /\b(?:ab jetzt|von nun an|ab sofort|ab heute)\s*,?\s+(?:bist du|du bist|wirst du|sollst du)\b/i,
    /\b(?:a partir de maintenant|desormais|dorenavant|maintenant)\s*,?\s+(?:tu es|tu seras|vous etes|vous serez)\b|\b(?:tu es|vous etes)\s+(?:maintenant|desormais)\b/i,
    /\b(?:a partir de ahora|desde ahora|de ahora en adelante|ahora)\s*,?\s+(?:eres|seras|tu eres|usted es)\b|\b(?:eres|tu eres)\s+ahora\b/i,
  ],
};

// The assistant's own orders: the system message or prompt, not the customer's last message.
const SYSTEM_ORDERS = String.raw`(?:systemnachricht|systemprompt|systemanweisung\w*|(?:message|prompt|consignes?|instructions?)\s+(?:du\s+|de\s+)?systeme|(?:mensaje|prompt|instrucciones)\s+(?:del?\s+)?sistema)`;

const instructionOverride: Heuristic = {
  id: 'instruction-override',
  score: 0.95,
  note: 'asks the model to drop its system message (German, French or Spanish)',
  patterns: [
    gated(
      [['system', 'sistema']],
      new RegExp(
        String.raw`\b(?:ignorier\w*|vergiss|missachte\w*|ignore[zr]?|oublie[zr]?|ignora\w*|olvida\w*)\s+(?:(?:die|den|das|deine|le|la|les|ton|ta|tes|votre|vos|el|la|los|las|tu|tus|su|sus)\s+)?${SYSTEM_ORDERS}\b`,
        'i',
      ),
    ),
  ],
};

const promptLeak: Heuristic = {
  id: 'prompt-leak',
  score: 0.95,
  note: 'asks for the system prompt (German, French or Spanish)',
  patterns: [
    gated(
      [['system', 'sistema']],
      new RegExp(
        String.raw`\b(?:zeig\w*|gib|verrat\w*|nenn\w*|wiederhol\w*|druck\w*|montre[zr]?|affiche[zr]?|revele[zr]?|donne[zr]?|dis|ecris|repete[zr]?|muestra\w*|ensena\w*|revela\w*|dime|dame|repite\w*|imprime\w*|escribe\w*)(?:-(?:moi|nous))?\s+(?:(?:mir|uns|moi|nous|me)\s+)?(?:\w+\s+){0,2}?${SYSTEM_ORDERS}\b`,
        'i',
      ),
    ),
    gated(
      [['prompt', 'anweisungen']],
      /\b(?:deinen|ihren)\s+(?:geheimen|versteckten|internen|ursprunglichen)\s+(?:prompt|anweisungen)\b|\b(?:ton|votre)\s+prompt\s+(?:systeme|secret|cache|initial)\b|\b(?:tu|su)\s+prompt\s+(?:secreto|oculto|inicial|de sistema|del sistema)\b/i,
    ),
  ],
};

export const MULTILINGUAL_INJECTION_HEURISTICS: readonly Heuristic[] = [
  personaSwitch,
  instructionOverride,
  promptLeak,
];
