import type { Language } from '../corpus/article.js';

/** Every sentence the bot itself writes to someone who asked a question, in both languages. */
const TEXT = {
  usage: {
    en: 'Ask me about the article: mention me with your question, or use /ask.',
    fr: 'Posez-moi une question sur l’article : mentionnez-moi avec votre question, ou utilisez /ask.',
  },
  cooldown: {
    en: 'Easy there! You can ask again in {seconds} s. Your question was: “{question}”',
    fr: 'Doucement ! Vous pourrez reposer une question dans {seconds} s. Votre question était : « {question} »',
  },
  busy: {
    en: 'I’m answering several questions in this server right now. Please ask again in a few seconds: “{question}”',
    fr: 'Je réponds déjà à plusieurs questions sur ce serveur. Reposez la vôtre dans quelques secondes : « {question} »',
  },
  stopping: {
    en: 'I’m restarting. Please ask again in a minute: “{question}”',
    fr: 'Je redémarre. Reposez votre question dans une minute : « {question} »',
  },
  channelNotAllowed: {
    en: 'I don’t answer in this channel. Try: {channels}',
    fr: 'Je ne réponds pas dans ce salon. Essayez : {channels}',
  },
  failed: {
    en: 'Sorry, something went wrong while answering. Please try again.',
    fr: 'Désolé, une erreur est survenue pendant la réponse. Réessayez.',
  },
  sourcesTitle: { en: 'Sources', fr: 'Sources' },
  translatedMark: { en: '(translated from the French)', fr: '(traduction)' },
  originalTitle: { en: 'Original (French)', fr: 'Original (français)' },
  moreSources: { en: '+{count} more sources', fr: '+{count} autres sources' },
  sourcesGone: {
    en: 'I no longer have the sources of this answer.',
    fr: 'Je n’ai plus les sources de cette réponse.',
  },
  voteRecorded: { en: 'Thanks for your feedback: {vote}', fr: 'Merci pour votre avis : {vote}' },
  voteChanged: { en: 'Your vote is now {vote}.', fr: 'Votre vote est maintenant {vote}.' },
  voteUnchanged: { en: 'You already voted {vote}.', fr: 'Vous avez déjà voté {vote}.' },
  threadName: { en: 'Question: {question}', fr: 'Question : {question}' },
} satisfies Record<string, Record<Language, string>>;

export type TextKey = keyof typeof TEXT;

export function t(key: TextKey, lang: Language, values: Record<string, string | number> = {}): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** A guess from Discord's locale for messages that have no question to take the language from. */
export function languageOfLocale(locale: string | null | undefined): Language {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
