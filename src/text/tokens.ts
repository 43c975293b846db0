import { fold } from './normalize.js';

/**
 * Word-level analysis for French and English: tokens, stop words, a light stemmer and a small bilingual
 * concept lexicon. It is what lets the lexical embedder match "founded" with "créé" and "data centers"
 * with "datacenters" without a neural model.
 */

// Function words of both languages; folded (no accents). Question words are kept out on purpose: they carry
// the answer type, which the answerer reads separately (see answerType).
const STOP_WORDS = new Set(
  (
    'a ai aie aient ait as au aux avec avait avoir c ca ce ceci cela celle celles celui ces cet cette ceux chez d dans de des ' +
    'du elle elles en es est et etaient etait ete etre eu eux fait faire fut il ils j je l la le les leur leurs lui m ma mais me ' +
    'meme mes moi mon n ne ni nos notre nous on ont ou par pas peu plus pour qu que quel quelle quelles quels qui s sa sans se ' +
    'ses si son sont sur t ta te tes toi ton tu un une vos votre vous y donc alors aussi ainsi tres tout toute toutes tous ' +
    'cet celle-ci est-ce qu-est-ce dit selon article texte ' +
    'the of and or to in on at by for with from into about as is are was were be been being it its this that these those ' +
    'there their they them he she his her we our you your i me my an do does did done has have had having can could would ' +
    'should will shall may might must not no so than then too very just also any some such what which who whom whose ' +
    'tell please according say says said article text many much among parmi anything something quelque chose rien nothing vers toward towards'
  ).split(/\s+/),
);

/**
 * Words that frame a question without naming what it is about ("how is X doing", "quel rôle joue X",
 * "explain X"). They are left out of matching and out of the article-coverage check alike.
 */
const FILLER_WORDS = new Set(
  (
    'doing going happen happens happened happening situation state status explain describe summarize summary know known think mean time ' +
    'means kind type sort thing things role job play plays played main exactly really actually currently today now get got ' +
    'porte passe explique expliquer decris decrire resume resumer parle parler chose choses role poste occupe occuper joue jouer ' +
    'principal principale principaux exactement vraiment actuellement aujourd hui maintenant signifie veut dire savoir sait ' +
    'bring brings give gives provide provides affect affects impact effect effects consequence consequences ' +
    'apporter apporte apportera apporteront donner donne donnera fournir impact effet effets consequence consequences'
  ).split(/\s+/),
);

/** Words that only say what kind of answer is wanted. */
const QUESTION_WORDS = new Set(
  'when where who why how what which quand ou qui pourquoi comment quoi combien quel quelle quels quelles lequel laquelle year years annee annees date'.split(' '),
);

const FRENCH_ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'/;

/** Splits folded text into word tokens; French elisions (l’, d’, qu’) are removed, hyphens split. */
export function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}']+/u)
    .flatMap((w) => w.replace(FRENCH_ELISION, '').replace(/'s$/, '').split("'"))
    .filter((w) => w.length > 0);
}

/**
 * A light suffix stemmer good enough for both languages on short texts; it only needs to be consistent.
 * It runs twice so that a plural and its singular end up alike ("providers", "provider" → "provid").
 */
export function stem(word: string): string {
  if (/^\d+$/.test(word) || word.length <= 3) return word;
  return stripSuffix(stripSuffix(word));
}

const SUFFIX_RULES: [RegExp, string][] = [
  [/ements?$/, 'e'],
  [/ations?$/, 'at'],
  [/itions?$/, 'it'],
  [/(?:ments?|ness)$/, ''],
  [/(?:ies)$/, 'y'],
  [/(?:ing|ings)$/, ''],
  [/(?:ees?|es|ed|er|ez|s)$/, ''],
  [/(?:e|ly)$/, ''],
];

function stripSuffix(word: string): string {
  for (const [pattern, replacement] of SUFFIX_RULES) {
    const next = word.replace(pattern, replacement);
    if (next !== word && next.length >= 3) return next;
  }
  return word;
}

// Groups of words that mean the same thing for this kind of article, in French and English. Each group
// becomes one concept feature, so a question and a passage meet even when they use different words or languages.
const CONCEPT_GROUPS: string[][] = [
  ['cree', 'creer', 'creation', 'fonde', 'fonder', 'fondateur', 'fondateurs', 'fondation', 'founded', 'found', 'founder', 'founders', 'create', 'created', 'creation', 'established', 'establish'],
  ['societe', 'societes', 'entreprise', 'entreprises', 'firme', 'firmes', 'company', 'companies', 'firm', 'firms', 'business', 'businesses', 'groupe', 'group', 'organization', 'organisation', 'corporation'],
  ['cloud', 'nuage', 'infonuagique'],
  ['datacenter', 'datacenters', 'data', 'centre', 'centres', 'center', 'centers', 'donnees'],
  ['localise', 'localises', 'situe', 'situes', 'located', 'based', 'implantes', 'host', 'hosted', 'location', 'locations'],
  ['chine', 'chinois', 'chinoise', 'chinoises', 'china', 'chinese'],
  ['classe', 'classement', 'ranked', 'ranking', 'rank', 'rated', 'rating'],
  ['rapide', 'rapides', 'fastest', 'fast', 'quick', 'growing', 'croissance', 'growth', 'grow', 'grows', 'essor', 'rise'],
  ['fournisseur', 'fournisseurs', 'provider', 'providers', 'vendor', 'vendors', 'supplier'],
  ['etendre', 'etend', 'elargir', 'expand', 'expanding', 'expansion', 'extend', 'extending', 'widen', 'widening', 'exporter', 'international', 'abroad', 'outre-atlantique', 'atlantic'],
  ['integre', 'integrer', 'integration', 'rejoindre', 'rejoint', 'joined', 'join', 'joining', 'integrate', 'integrated', 'adhere', 'adhesion', 'membre', 'member', 'association', 'partenariat', 'partnership', 'collaboration', 'alliance', 'deal'],
  ['open', 'source', 'libre', 'opensource'],
  ['plateforme', 'platform', 'paas', 'service'],
  ['logiciel', 'logiciels', 'software', 'application', 'applications', 'apps', 'app', 'programs'],
  ['developper', 'develop', 'build', 'building', 'ecrire', 'write', 'writing', 'executer', 'run', 'running', 'deployer', 'deploy'],
  ['attend', 'attendre', 'expects', 'expect', 'expected', 'expectation', 'expectations', 'espere', 'esperer', 'hope', 'hopes', 'hoped'],
  ['veut', 'vouloir', 'veulent', 'souhaite', 'want', 'wants', 'wanted', 'wish'],
  ['participant', 'participer', 'participate', 'actif', 'active', 'contribuer', 'contribute', 'contributing', 'contributor', 'contributors', 'contribution'],
  ['communaute', 'community', 'communities'],
  ['start-ups', 'startup', 'startups', 'start-up', 'jeunes', 'pousses'],
  ['transformation', 'numerique', 'digital', 'digitale', 'digitalisation', 'digitization'],
  ['adoption', 'adopter', 'adopt', 'adopting', 'adopted', 'emprunter', 'adoptent'],
  ['outil', 'outils', 'tool', 'tools'],
  ['commentaire', 'commentaires', 'commente', 'comment', 'commented', 'statement', 'declaration', 'reagi', 'react', 'reacted'],
  ['conditions', 'terms', 'modalites', 'details'],
  ['position', 'raffermir', 'raffermira', 'renforcer', 'renforcera', 'strengthen', 'strengthens', 'consolider', 'consolidate'],
  ['marche', 'market', 'markets'],
  ['commerce', 'e-commerce', 'ecommerce', 'retail', 'vente', 'ventes', 'vendues', 'sold', 'sales', 'marchandises', 'goods', 'merchandise'],
  ['diversifier', 'diversify', 'diversification', 'diversified'],
  ['lance', 'lancer', 'lancant', 'launched', 'launch', 'launching', 'debute', 'started', 'start'],
  ['cto', 'technique', 'technology', 'officer', 'chief'],
  ['monde', 'world', 'worldwide', 'global', 'mondial', 'mondiale', 'mondiaux'],
  ['efficacement', 'efficace', 'efficiently', 'efficient', 'efficiency'],
  ['recemment', 'recently', 'recent', 'lately'],
  ['influence', 'influence'],
  ['dubai', 'tokyo', 'japon', 'japan'],
  ['cabinet', 'etudes', 'etude', 'research', 'analyste', 'analystes', 'analyst', 'analysts', 'institut', 'study'],
  ['secteur', 'activite', 'activites', 'metier', 'line', 'sector', 'industry', 'domaine'],
  ['americains', 'americain', 'american', 'americans', 'us', 'usa', 'etats-unis', 'united', 'states'],
  ['essayer', 'essaient', 'essaie', 'chercher', 'cherchent', 'tenter', 'tentent', 'try', 'trying', 'tries', 'seek', 'seeking', 'attempt'],
  ['gros', 'grosse', 'grosses', 'grand', 'grands', 'grande', 'largest', 'large', 'big', 'biggest', 'major', 'envergure', 'size', 'taille'],
];

const conceptOf = new Map<string, string>();
CONCEPT_GROUPS.forEach((group, index) => {
  for (const word of group) {
    for (const part of words(word)) {
      conceptOf.set(part, `#${index}`);
      conceptOf.set(stem(part), `#${index}`);
    }
  }
});

export interface Term {
  /** The stemmed word; the unit of lexical matching. */
  stem: string;
  /** Concept shared with synonyms and translations, when the lexicon knows the word. */
  concept?: string;
}

/** Content terms of a text: stop words and question words removed, stemmed, with their concept. */
export function terms(text: string): Term[] {
  return words(text)
    .filter((w) => !STOP_WORDS.has(w) && !QUESTION_WORDS.has(w) && !FILLER_WORDS.has(w) && (w.length > 1 || /\d/.test(w)))
    .map((w) => {
      const s = stem(w);
      const concept = conceptOf.get(w) ?? conceptOf.get(s);
      return concept ? { stem: s, concept } : { stem: s };
    });
}

const FRENCH_MARKERS = new Set(
  'le la les des du un une est sont qui que quoi quel quelle quels quelles quand comment pourquoi combien ou dans avec pour par sur ce cette ces il elle ils elles son sa ses leur et au aux a-t-il a-t-elle est-ce qu l d ne pas de en'.split(' '),
);
const ENGLISH_MARKERS = new Set(
  'the a an is are was were who what when where why how which does do did of in on for with by to and it its this that these has have had from about'.split(' '),
);

/** Guesses French or English from function words and accents; ties go to the fallback. */
export function detectLanguage(text: string, fallback: 'fr' | 'en' = 'en'): 'fr' | 'en' {
  const raw = fold(text).split(/[^\p{L}']+/u);
  let fr = 0;
  let en = 0;
  for (const w of raw) {
    if (/^(?:l|d|qu|n|s|c|j)'/.test(w)) fr += 1;
    const bare = w.replace(/^(?:l|d|qu|n|s|c|j)'/, '');
    if (FRENCH_MARKERS.has(bare)) fr += 1;
    if (ENGLISH_MARKERS.has(bare)) en += 1;
  }
  if (/[àâçéèêëîïôûùüÿœ]/i.test(text)) fr += 1;
  if (fr === en) return fallback;
  return fr > en ? 'fr' : 'en';
}
