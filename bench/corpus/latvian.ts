// Latvian material for the benchmark corpora: institution and place names, sentences made of parts, page titles,
// social networks; and the text measure (visible text in UTF-8 bytes) that the corpora's size promises are made in.
import { int, pick, type Rng } from './random.ts';

// Latvian material.

export const PLACES = [
  'Ozolkalnes', 'Priedaines', 'Lejasciema', 'Kalnmuižas', 'Ezermalas', 'Silavas', 'Bērzupes', 'Rudzāju', 'Vecpils',
  'Jaunlejas', 'Liepkalnes', 'Dzērvenes', 'Zaļumu', 'Avotkalna', 'Mežvidu', 'Straumēnu', 'Akmeņkalna', 'Līčupes',
  'Rožkalnu', 'Gaujmalas', 'Vītolu', 'Kārklu', 'Dravnieku', 'Smilšaines',
];
export const MINISTRIES = [
  'Reģionālās attīstības ministrija', 'Digitālās attīstības ministrija', 'Lauku lietu ministrija', 'Sabiedrības ministrija',
  'Ūdeņu un mežu ministrija', 'Zināšanu ministrija',
];
export const AGENCIES = [
  'Valsts zemes dienests', 'Iedzīvotāju reģistra pārvalde', 'Valsts vides birojs', 'Patērētāju aizsardzības birojs',
  'Valsts arhīvu dienests', 'Nacionālā veselības aģentūra', 'Būvniecības kontroles birojs', 'Valsts izglītības aģentūra',
];
export const COMPANIES = ['Latvijas Ceļu uzturētājs', 'Valsts nekustamie īpašumi', 'Latvijas Meži', 'Valsts ūdensceļi', 'Latvijas Pasts'];
export const INDEPENDENT = ['Datu uzraudzības birojs', 'Sabiedrisko pakalpojumu regulators', 'Konkurences birojs', 'Valsts kontroles birojs'];
export const CITIES = ['Jūrmalas', 'Ventspils', 'Valmieras', 'Jēkabpils', 'Rēzeknes', 'Ogres', 'Jelgavas', 'Daugavpils'];

const SUBJECTS = [
  'Pašvaldība', 'Iestāde', 'Dome', 'Sociālais dienests', 'Būvvalde', 'Dzimtsarakstu nodaļa', 'Izglītības pārvalde',
  'Klientu apkalpošanas centrs', 'Attīstības nodaļa', 'Komunālā pārvalde', 'Kultūras centrs', 'Bāriņtiesa',
  'Nekustamā īpašuma nodaļa', 'Sporta pārvalde', 'Tūrisma informācijas centrs', 'Vides dienests',
];
const VERBS = [
  'informē iedzīvotājus par', 'aicina pieteikties uz', 'ir sagatavojusi jaunus noteikumus par', 'nodrošina konsultācijas par',
  'pagarina pieteikšanās termiņu', 'publicē pārskatu par', 'atgādina par', 'turpina darbu pie', 'ir pabeigusi',
  'uzsāk pieņemt iesniegumus par', 'sniedz atbalstu saistībā ar', 'apkopo priekšlikumus par', 'izsludina konkursu par',
];
export const OBJECTS = [
  'nekustamā īpašuma nodokļa maksājumiem', 'pirmsskolas izglītības iestāžu rindu', 'sabiedriskā transporta kustības sarakstu',
  'atkritumu apsaimniekošanas kārtību', 'energoefektivitātes programmu daudzdzīvokļu mājām', 'ielu apgaismojuma atjaunošanu',
  'e-pakalpojumu lietošanu portālā Latvija.gov.lv', 'bērnu vasaras nometņu finansējumu', 'ceļu remontdarbiem novadā',
  'kultūras pasākumu plānu nākamajam gadam', 'sociālās palīdzības pabalstu apmēru', 'zemes ierīcības projektiem',
  'skolēnu pārvadājumu maršrutiem', 'mājokļa pabalsta piešķiršanu', 'būvatļauju izsniegšanas kārtību',
  'ūdenssaimniecības pakalpojumu tarifiem', 'jauniešu nodarbinātības programmu', 'bibliotēku darba laiku svētku dienās',
  'pašvaldības budžeta izpildi', 'sporta būvju noslogojumu', 'vides pieejamības uzlabojumiem publiskajās ēkās',
];
export const TAILS = [
  'Sīkāka informācija pieejama klientu apkalpošanas centrā.', 'Pieteikumus var iesniegt arī elektroniski, parakstot tos ar drošu elektronisko parakstu.',
  'Iesniegumi tiek pieņemti līdz mēneša pēdējai darba dienai.', 'Konsultācijas notiek pirmdienās un ceturtdienās no 9.00 līdz 12.00.',
  'Dokumentu paraugi ir pieejami sadaļā Dokumenti.', 'Jautājumus var uzdot arī pa tālruni vai e-pastā.',
  'Lēmums tiks pieņemts viena mēneša laikā no iesnieguma saņemšanas dienas.', 'Pakalpojums iedzīvotājiem ir bez maksas.',
  'Plašāka informācija tiks publicēta tuvākajā laikā.', 'Paldies visiem, kuri piedalījās un dalījās ar savu viedokli!',
  'Darbi tiks veikti saskaņā ar apstiprināto tehnisko projektu.', 'Aicinām sekot līdzi jaunumiem mūsu tīmekļvietnē.',
];
export const HEADINGS = [
  'Vispārīga informācija', 'Kā pieteikties', 'Nepieciešamie dokumenti', 'Termiņi', 'Maksa par pakalpojumu', 'Normatīvie akti',
  'Biežāk uzdotie jautājumi', 'Saistītie pakalpojumi', 'Atbildīgās personas', 'Aktualitātes', 'Pārskats par paveikto',
  'Plānotie darbi', 'Finansējums', 'Iesniegumu izskatīšana',
];
export const NEWS = [
  'Sākusies pieteikšanās vasaras nometnēm', 'Ziemas dienesti gatavi darbam', 'Apstiprināts nākamā gada budžets',
  'Atjaunots gājēju tilts pār upi', 'Mainās klientu centra darba laiks', 'Uzsākta ielu apgaismojuma nomaiņa',
  'Noslēdzies skolu remonts', 'Jauns e-pakalpojums iedzīvotājiem', 'Notiks informatīvais seminārs uzņēmējiem',
  'Izsludināts konkurss nevalstiskajām organizācijām', 'Pieejams atbalsts mājokļu siltināšanai', 'Sporta centrā jauns laukums',
];
/** Content pages: slug and title. No title matches a role keyword (config/crawl.json roleKeywords). */
export const CONTENT = [
  ['par-mums', 'Par mums'], ['pakalpojumi', 'Pakalpojumi'], ['jaunumi', 'Jaunumi'], ['dokumenti', 'Dokumenti'],
  ['struktura', 'Struktūra'], ['vakances', 'Vakances'], ['iepirkumi', 'Iepirkumi'], ['projekti', 'Projekti'],
  ['izglitiba', 'Izglītība'], ['socialais-atbalsts', 'Sociālais atbalsts'], ['buvnieciba', 'Būvniecība'],
  ['nodokli', 'Nodokļi'], ['kultura', 'Kultūra'], ['sports', 'Sports'], ['transports', 'Transports'], ['vide', 'Vide'],
  ['tiesibu-akti', 'Tiesību akti'], ['budzets', 'Budžets'], ['atvertie-dati', 'Atvērtie dati'],
  ['privatuma-politika', 'Privātuma politika'], ['biezak-uzdotie-jautajumi', 'Biežāk uzdotie jautājumi'],
] as const;
export const PORTALS = [
  ['https://www.latvija.gov.lv/', 'Latvija.gov.lv'], ['https://likumi.lv/', 'Likumi.lv'], ['https://www.vestnesis.lv/', 'Latvijas Vēstnesis'],
  ['https://eds.vid.gov.lv/', 'VID Elektroniskās deklarēšanas sistēma'], ['https://www.kadastrs.lv/', 'Kadastrs.lv'],
  ['https://data.gov.lv/', 'Latvijas Atvērto datu portāls'], ['https://www.epakalpojumi.lv/', 'E-pakalpojumu katalogs'],
  ['https://www.zemesgramata.lv/', 'Zemesgrāmata'], ['https://www.meteo.lv/', 'Laikapstākļi'],
] as const;
export const SOCIAL = [
  ['https://www.facebook.com/', 'Facebook', '#1877f2'], ['https://x.com/', 'X', '#000000'], ['https://www.youtube.com/@', 'YouTube', '#ff0000'],
  ['https://www.instagram.com/', 'Instagram', '#c13584'], ['https://www.draugiem.lv/', 'Draugiem.lv', '#e04a1f'],
] as const;
export const THEMES = ['#1d4e89', '#7a1f2b', '#24553a', '#4a3b7a', '#0f5b63', '#6b3e10', '#2f3e4e', '#8a1b4f'];

export function sentence(rng: Rng): string {
  const s = `${pick(rng, SUBJECTS)} ${pick(rng, VERBS)} ${pick(rng, OBJECTS)}.`;
  return rng() < 0.6 ? `${s} ${pick(rng, TAILS)}` : s;
}

export function paragraph(rng: Rng): string {
  const n = int(rng, 3, 6);
  return Array.from({ length: n }, () => sentence(rng)).join(' ');
}

// Text measure: the visible text of an HTML page (scripts, styles and tags removed, entities decoded, whitespace
// collapsed), in UTF-8 bytes. Close to document.body.innerText; used for the "5–30 KB of text" promise.

export function visibleText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return body
    .replace(/<(script|style|svg)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

export const textBytes = (html: string) => Buffer.byteLength(visibleText(html), 'utf8');

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
