import { fold } from '../text/normalize.js';

/**
 * Requests the bot refuses whatever answerer runs: attempts to override its instructions, to get its prompt,
 * configuration or credentials, to have it invent quotes, or to have it ping people. These are checked on the
 * folded text (no accents, lower case), so "clé API", "CLE api" and "cle d'api" are one case.
 */
const INJECTION_PATTERNS: RegExp[] = [
  // Overriding instructions.
  /\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|rules?|prompts?|guidelines|consignes?|regles?|directives?)\b/,
  /\b(?:ignore|oublie|oubliez|ignorez|contourne)\b.{0,40}\b(?:instructions?|consignes?|regles?|directives?|prompts?)\b/,
  /\byou are (?:now|no longer)\b|\btu es (?:maintenant|desormais)\b|\bvous etes (?:maintenant|desormais)\b/,
  /\b(?:jailbreak|dan mode|developer mode|mode developpeur|do anything now)\b|\bact as\b|\bpretend (?:to be|you)\b|\bfais comme si\b/,
  /\bnew instructions?\b|\bnouvelles? (?:instructions?|consignes?)\b|\bsystem\s*:|\[\s*system\s*\]|<\/?\s*system\s*>/,
  // Setting the article or the rules aside around a real question: "oublie tout et…", "from now on…", "sans citer".
  /\b(?:oublie|oubliez|oublier|ignorer|ignorez|laisse tomber|laissez tomber)\b.{0,12}\b(?:tout|l'article|le texte|le contexte|ce qu'on)\b|\bne (?:tiens|tenez) pas compte\b|\bpasse(?:z)? outre\b|\bsors de ton role\b/,
  /\b(?:ignore|disregard|forget)\b.{0,12}\b(?:the above|everything|all (?:that|of the above|previous)|the article|the context)\b/,
  /\b(?:a partir de maintenant|desormais|dorenavant|from now on|starting now)\b.{0,30}\b(?:tu|vous|you|answer|reponds|repondez)\b/,
  /\b(?:sans|without)\s+(?:citer|quoting|citing|aucune?s? (?:regles?|restrictions?|limites?|filtres?)|(?:rules|restrictions?|limits|filters?))\b/,
  /\b(?:tu n'as plus de|t'as plus de|you have no|you no longer have)\s+(?:regles?|limites?|restrictions?|filtres?|rules|limits|filters?)\b/,
  /\bmode (?:admin|dev|debug|developpeur|sans restriction)\b|\b(?:admin|dev|debug|god) mode\b|\b(?:desactive|desactivez|disable|turn off)\b.{0,12}\b(?:filtres?|filters?|restrictions?|regles?|rules|safety)\b/,
  /\b(?:comme si (?:tu etais|t'etais|vous etiez)|roleplay|role-play|role play|act like|^\s*(?:joue|jouez|incarne|incarnez)\b)|\bpretend (?:the article|that|it)\b/,
  /\b(?:message|messages) (?:systeme|system)\b|\bsystem (?:message|override)\b|\bmeme si (?:c'est|ce n'est|c'est pas|ca n'est) pas dans\b|\beven if (?:it's|it is) not in\b/,
  // Prompt, configuration and secrets.
  /\b(?:system|systeme|initial|hidden|cache|secret)\s*(?:prompt|message|instructions?)\b|\bprompt (?:systeme|initial)\b/,
  /\b(?:your|ton|tes|vos|votre) (?:prompt|instructions?|consignes?|system|configuration|config|settings|parametres|reglages)\b/,
  /\b(?:repeat|print|show|reveal|display|output|dump|leak|give|tell|repete|repetez|affiche|affichez|montre|montrez|revele|revelez|donne|donnez|dis|dites)\b.{0,50}\b(?:prompt|instructions?|consignes?|configuration|config|settings|token|jeton|api[ _-]?key|cle(?: d)?[ '_-]?api|password|mot de passe|secrets?|credentials?|identifiants?)\b/,
  /\b(?:discord|bot|openai|api|access|auth)\s*(?:token|jeton|key|cle)\b|\b(?:token|jeton|cle|key)\s*(?:du bot|discord|openai|api|d'api)\b/,
  /\b(?:environment variables?|env vars?|variables? d'environnement|\.env\b|process\.env)/,
  /\b[a-z]+_(?:api_key|token|secret|key)\b/,
  /\b(?:everything|text|words?|all) (?:above|before) (?:this|that)\b|\bverbatim\b|\bmot pour mot\b/,
  // Invented quotes and impersonation of the article.
  /\b(?:invent|invente|inventez|make up|fabricate|fabrique|fabriquez|imagine|imaginez|forge|write|ecris|ecrivez|redige|redigez)\b.{0,40}\b(?:quote|quotation|citation|cite|statement|declaration|propos)\b/,
  /\b(?:fake|fictional|fictive|fausse|faux|inventee?)\b.{0,20}\b(?:quote|quotation|citation|statement|declaration)\b/,
  // Asking for words beyond the article: "even if the article doesn't say it", "même si l'article ne le dit pas".
  /\beven (?:if|though) (?:the article|the text|it) (?:does not|doesn't|didn't|does n't)\b|\bmeme si (?:l'article|le texte) ne\b/,
  // Asking the bot to ping people (a bare @everyone in a question is only stripped: see withoutMentions).
  /\b(?:ping|mention|tag|notify|alert)\b.{0,20}\b(?:everyone|everybody|all|here|the server|@?role)\b/,
  /\b(?:mentionne|notifie|previens|alerte|ping)\b.{0,20}\b(?:tout le monde|tous|tout le serveur|everyone|here)\b/,
  // "Fais un @everyone", "send an @here": the broadcast asked for by name.
  /\b(?:fais|faites|fait|lance|lancez|envoie|envoyez|poste|postez|make|do|send|post|drop)\b.{0,12}@(?:everyone|here)\b/,
  /\b(?:dis|dites|dire|annonce|annoncez|annoncer|tell|announce)\b.{0,12}\b(?:a tout le serveur|au serveur entier|the whole server|the entire server|everyone on the server)\b/,
];

export function looksLikeInjection(question: string): boolean {
  const text = fold(question);
  return INJECTION_PATTERNS.some((pattern) => pattern.test(text));
}

/** Discord mention syntax and broadcast mentions; removed from the text that is searched. */
const MENTIONS = /<@[!&]?\d+>|<#\d+>|<\/[\w -]+:\d+>|@everyone|@here/g;

export function withoutMentions(text: string): string {
  return text.replace(MENTIONS, ' ').replace(/\s+/g, ' ').trim();
}
