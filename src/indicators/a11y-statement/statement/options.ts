// The statement parser's keyword lists and their defaults (analysts extend them in config/indicators.json).

/** Keyword lists in src/text/keywords.ts syntax (stems at word starts, `$` for a whole last word, diacritics-insensitive).
 * Flat, so config can replace one list. Latvian and English lists are merged: a statement is one or the other. */
export interface StatementOptions {
  /** The statement's own title: makes a text "recognized". */
  titleKeywords: string[];
  /** Section headings, matched at the start of a short line (a heading, not a sentence). */
  headingStatus: string[];
  headingNonConformities: string[];
  headingEvaluation: string[];
  headingDocument: string[];
  headingAlternatives: string[];
  headingFeedback: string[];
  headingEnforcement: string[];
  headingPreparation: string[];
  /** Lines that start the page footer: they end the statement's last section. */
  stopKeywords: string[];
  /** Status phrases (whole words: `$`); checked partial, then none, then full ("daļēji atbilst" contains "atbilst").
   * A doubled letter is read as one on both sides, so the typo "atbilsst" still reads "atbilst". */
  statusPartial: string[];
  statusNone: string[];
  statusFull: string[];
  /** Outside the status section, a status sentence must name the site and the requirements. */
  statusSubject: string[];
  statusContext: string[];
  /** A line introducing a list of non-conformities when there is no such heading ("Ko vēl neesam uzlabojuši:"). */
  nonConformityIntro: string[];
  /** Date kinds: the nearest keyword before a date (else the first after it) decides what the date is. */
  evaluationKeywords: string[];
  updatedKeywords: string[];
  preparedKeywords: string[];
  evaluatorSelf: string[];
  evaluatorExternal: string[];
  methodKeywords: string[];
  /** Link texts that name an evaluation document wherever the link is (statements without the heading). */
  documentLinkKeywords: string[];
  /** Nouns for a document: a sentence about the evaluation that names one ("protokols pieejams šeit") is about it. */
  documentNouns: string[];
  /** File extensions that make an untitled link (a PDF annotation) near the heading a document. */
  documentExtensions: string[];
  alternativesKeywords: string[];
  feedbackKeywords: string[];
  enforcementKeywords: string[];
  /** A short line that starts one version of a statement printed with an older one on the same page ("Iepriekšējā
   * versija", "Aktuālais paziņojums", "2021. gada paziņojums (arhīvs)"): these words, or a year with a word of
   * versionStatementWords. */
  versionKeywords: string[];
  versionStatementWords: string[];
  /** Bracketed text is a placeholder when it holds one of these, an option list "a/b/c", or an ellipsis. */
  placeholderKeywords: string[];
}

export const DEFAULT_STATEMENT_OPTIONS: StatementOptions = {
  titleKeywords: [
    'piekļūstamības paziņojum',
    'paziņojums par piekļūstamību',
    'paziņojums par tīmekļvietnes piekļūstamību',
    'par tīmekļvietnes piekļūstamību',
    'accessibility statement',
  ],
  headingStatus: ['cik piekļūstama', 'atbilstības statuss', 'atbilstības novērtējums', 'atbilstība noteikumu prasībām', 'compliance status', 'how accessible'],
  headingNonConformities: [
    'nepiekļūstams saturs',
    'nepiekļūstamais saturs',
    'neatbilstība prasībām',
    'neatbilstības',
    'konstatētās neatbilstības',
    'non-accessible content',
    'non-compliance',
    'inaccessible content',
  ],
  headingEvaluation: [
    'kā mēs pārbaudījām',
    'kā tika pārbaudīta',
    'kā pārbaudījām',
    'piekļūstamības izvērtējums',
    'piekļūstamības pārbaude',
    'izvērtēšanas metode',
    'izvērtējuma veikšana',
    'how we tested',
    'evaluation method',
  ],
  headingDocument: [
    'izvērtējumu apliecinoš',
    'izvērtējuma apliecinoš',
    'apliecinošs dokuments',
    'apliecinošie dokumenti',
    'izvērtējuma dokument',
    'izvērtējuma rezultāti',
    'evaluation report',
    'assessment report',
  ],
  headingAlternatives: ['piekļūstamības alternatīv', 'alternatīv', 'alternative'],
  headingFeedback: ['atsauksmēm', 'atsauksmes', 'saziņai', 'saziņa', 'kontaktinformācija', 'kontakti$', 'feedback', 'contact'],
  headingEnforcement: ['sūdzīb', 'izpildes nodrošināšan', 'enforcement', 'complaint'],
  headingPreparation: [
    'paziņojuma sagatavošana',
    'paziņojuma atjaunināšana',
    'sagatavošana un atjaunināšana',
    'preparation of this',
    'preparation of the',
  ],
  stopKeywords: ['©', 'visas tiesības aizsargātas', 'sekojiet mums', 'sīkdatņ', 'all rights reserved', 'follow us'],
  statusPartial: [
    'daļēji atbilst$',
    'daļēji neatbilst$',
    'daļēju atbilstīb',
    'atbilst daļēji$',
    'nepilnīgi atbilst$',
    'daļēji saderīg',
    'partially compliant$',
    'partially conformant$',
    'partially complies$',
    'partially conforms$',
  ],
  statusNone: ['neatbilst$', 'nenodrošina atbilstīb', 'nav saderīg', 'not compliant$', 'non-compliant$', 'does not comply$', 'not conformant$'],
  statusFull: ['atbilst$', 'nodrošina atbilstīb', 'pilnīgu atbilstīb', 'ir saderīg', 'fully compliant$', 'fully conformant$', 'fully complies$', 'is compliant$', 'complies with$'],
  statusSubject: ['tīmekļvietn', 'vietne', 'lietotn', 'portāl', 'website', 'site', 'application'],
  statusContext: ['prasīb', 'noteikum', 'wcag', 'standart', 'en 301 549', 'direktīv', 'regulation', 'directive', 'requirements', 'saderīg', 'compli'],
  nonConformityIntro: ['neatbilstīb', 'nepiekļūstam', 'nav piekļūstam', 'nav pilnībā piekļūstam', 'trūkum', 'vēl neesam', 'non-accessible', 'not accessible', 'non-complian'],
  evaluationKeywords: ['izvērt', 'novērtē', 'pašnovērt', 'pārbaud', 'evaluat', 'assess', 'tested', 'audit'],
  updatedKeywords: ['atjaunināt', 'atjaunots', 'pārskatīt', 'pārskatījām', 'aktualizēt', 'updated', 'reviewed', 'last review'],
  preparedKeywords: ['sagatavots', 'sagatavota', 'sagatavošan', 'izstrādāts', 'prepared', 'drawn up'],
  evaluatorSelf: ['pašnovērtējum', 'iestādes darbiniek', 'pašvaldības darbiniek', 'mūsu darbiniek', 'iekšēj', 'self-assessment', 'self assessment', 'in-house', 'internal'],
  evaluatorExternal: ['ārējs izvērtētāj', 'ārējais izvērtētāj', 'ārējie eksperti', 'ārējs eksperts', 'neatkarīg', 'trešā puse', 'trešās puses', 'third party', 'third-party', 'external'],
  // Words that name the method; "izvērtēšanas metodi" alone does not (the template's "[vienkāršoto / padziļināto]
  // izvērtēšanas metodi" with its placeholder removed).
  methodKeywords: ['vienkāršot', 'padziļināt', 'metodik', 'metodoloģ', 'wcag', 'en 301 549', 'simplified', 'in-depth', 'detailed method', 'full method'],
  documentLinkKeywords: [
    'apliecinoš',
    'izvērtējuma protokol',
    'izvērtējuma ziņojum',
    'izvērtējuma rezultāt',
    'izvērtēšanas protokol',
    'piekļūstamības izvērtējum',
    'pārbaudes protokol',
    'pārbaudes rezultāt',
    'izvērtēšanas rezultāt',
    'evaluation report',
    'assessment report',
    'audit report',
  ],
  documentNouns: ['dokument', 'protokol', 'ziņojum', 'rezultāt', 'report', 'document'],
  documentExtensions: ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'odt', 'ods', 'rtf', 'edoc', 'asice', 'zip'],
  alternativesKeywords: [
    'piekļūstamības alternatīv',
    'alternatīvā veidā',
    'alternatīvā formātā',
    'alternatīvu formātu',
    'alternatīvus saziņas',
    'citā formātā',
    'citā veidā',
    'piekļūstamā formātā',
    'pēc pieprasījuma',
    'alternative format',
    'accessible format',
    'alternative means',
    'on request',
    'upon request',
  ],
  feedbackKeywords: [
    'atsauksm',
    'saziņ',
    'sazināties',
    'sazinieties',
    'sazinoties',
    'rakstiet',
    'zvaniet',
    'zvanīt',
    'rakstīt',
    'informējiet',
    'ziņojiet',
    'ziņot',
    'jautājum',
    'ierosinājum',
    'problēm',
    'grūtīb',
    'feedback',
    'contact',
    'let us know',
    'report',
  ],
  enforcementKeywords: [
    'sūdzīb',
    'neesat apmierināt',
    'neapmierina',
    'valsts reģionālās attīstības aģentūr',
    'valsts digitālās attīstības aģentūr',
    'vraa',
    'vdaa',
    'tiesībsarg',
    'enforcement',
    'complaint',
    'not satisfied',
    'ombudsman',
  ],
  versionKeywords: ['arhīv', 'iepriekšēj', 'aktuāl', 'spēkā esoš', 'versij', 'redakcij', 'archive', 'previous version', 'current version', 'earlier version'],
  versionStatementWords: ['paziņojum', 'statement'],
  placeholderKeywords: [
    'nosaukum',
    'adrese',
    'adresi',
    'datums',
    'datumu',
    'e-pasta',
    'e-pasts',
    'tālruņ',
    'tālrun',
    'numurs',
    'saite',
    'saiti',
    'norād',
    'ievad',
    'aprakst',
    'uzskaitījum',
    'iestāde',
    'tīmekļvietn',
    'vārds',
    'uzvārds',
    'gggg',
    'name',
    'date',
    'email',
    'e-mail',
    'phone',
    'address',
    'website',
    'insert',
    'link',
    'url',
  ],
};
