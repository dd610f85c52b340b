// What to do about a finding, in plain Latvian (the institution report's "Ko darīt"): one short piece of advice per
// common axe-core rule (advice per indicator is in each indicator file), with English beside it for the English report. Rules not listed here fall
// back to axe's own help text (English) with its link: see adviceForRule().

export interface Advice {
  lv: string;
  en: string;
}

/** The ~40 axe-core rules most often violated on public sites, with the fix a web editor or developer can apply. */
export const AXE_ADVICE: Readonly<Record<string, Advice>> = {
  'color-contrast': {
    lv: 'Teksta un fona krāsām jābūt pietiekami kontrastainām: vismaz 4,5:1 parastam tekstam un 3:1 lielam tekstam. Padariet tekstu tumšāku vai fonu gaišāku; kontrastu var pārbaudīt ar krāsu kontrasta kalkulatoru.',
    en: 'Text and background colours need enough contrast: at least 4.5:1 for normal text and 3:1 for large text. Darken the text or lighten the background.',
  },
  'color-contrast-enhanced': {
    lv: 'Palieliniet teksta un fona kontrastu līdz 7:1 (parastam tekstam).',
    en: 'Raise the contrast of text and background to 7:1 (normal text).',
  },
  'image-alt': {
    lv: 'Katram attēlam pievienojiet alt tekstu, kas pasaka to pašu, ko attēls. Dekoratīvam attēlam ierakstiet tukšu alt="" atribūtu.',
    en: 'Give every image an alt text that says what the image says. Decorative images get an empty alt="".',
  },
  'input-image-alt': {
    lv: 'Attēla pogai (input type="image") pievienojiet alt tekstu, kas nosauc darbību, piemēram, "Meklēt".',
    en: 'Give an image button (input type="image") an alt text naming its action, e.g. "Search".',
  },
  'role-img-alt': {
    lv: 'Elementam ar role="img" pievienojiet aria-label vai aria-labelledby ar attēla aprakstu.',
    en: 'Give an element with role="img" an aria-label or aria-labelledby describing it.',
  },
  'svg-img-alt': {
    lv: 'SVG attēlam ar role="img" pievienojiet <title> vai aria-label ar aprakstu.',
    en: 'Give an SVG with role="img" a <title> or aria-label.',
  },
  'object-alt': {
    lv: 'Elementam <object> pievienojiet teksta alternatīvu (aria-label vai teksts elementa iekšpusē).',
    en: 'Give an <object> element a text alternative (aria-label or text inside it).',
  },
  'area-alt': {
    lv: 'Katram attēla kartes apgabalam (<area>) pievienojiet alt tekstu, kas nosauc saites mērķi.',
    en: 'Give every image map <area> an alt text naming where it links to.',
  },
  'link-name': {
    lv: 'Katrai saitei jābūt nosaukumam, ko nolasa ekrāna lasītājs: redzamam tekstam, attēla alt tekstam vai aria-label. Saite tikai ar ikonu bez teksta ir neredzīgam lietotājam nesaprotama.',
    en: 'Every link needs a name a screen reader can read: visible text, an image alt text or aria-label. An icon-only link without text is meaningless to a blind user.',
  },
  'button-name': {
    lv: 'Katrai pogai jābūt nosaukumam: tekstam pogā vai aria-label (piemēram, "Aizvērt", "Meklēt"). Poga tikai ar ikonu bez nosaukuma nav lietojama ar ekrāna lasītāju.',
    en: 'Every button needs a name: text inside it or aria-label (e.g. "Close", "Search").',
  },
  label: {
    lv: 'Katram ievades laukam jābūt redzamam nosaukumam, kas sasaistīts ar lauku (<label for="...">). Vietturis (placeholder) nosaukumu neaizstāj.',
    en: 'Every form field needs a visible label tied to it (<label for="...">). A placeholder is not a label.',
  },
  'select-name': {
    lv: 'Izvēlnes laukam (<select>) pievienojiet sasaistītu <label> ar nosaukumu.',
    en: 'Give every <select> a tied <label>.',
  },
  'input-button-name': {
    lv: 'Pogām <input type="button|submit|reset"> ierakstiet value ar darbības nosaukumu.',
    en: 'Give <input type="button|submit|reset"> a value naming its action.',
  },
  'label-title-only': {
    lv: 'Lauka nosaukums nedrīkst būt tikai title atribūtā: pievienojiet redzamu <label>.',
    en: 'Do not name a field with title only: add a visible <label>.',
  },
  'autocomplete-valid': {
    lv: 'Laukiem ar personas datiem (vārds, e-pasts, tālrunis) norādiet pareizu autocomplete vērtību, piemēram, autocomplete="email".',
    en: 'Give personal data fields a valid autocomplete value, e.g. autocomplete="email".',
  },
  'html-has-lang': {
    lv: 'Lapas <html> elementam norādiet valodu: <html lang="lv">. Tad ekrāna lasītājs izrunā tekstu latviski.',
    en: 'Declare the page language on <html>: <html lang="lv">, so screen readers pronounce it right.',
  },
  'html-lang-valid': {
    lv: 'Atribūtā lang ierakstiet derīgu valodas kodu, piemēram, "lv" vai "en".',
    en: 'Use a valid language code in lang, e.g. "lv" or "en".',
  },
  'valid-lang': {
    lv: 'Teksta fragmentiem citā valodā norādiet derīgu lang kodu (piemēram, lang="en").',
    en: 'Mark passages in another language with a valid lang code (e.g. lang="en").',
  },
  'html-xml-lang-mismatch': {
    lv: 'Atribūtiem lang un xml:lang jānorāda viena un tā pati valoda.',
    en: 'lang and xml:lang must name the same language.',
  },
  'document-title': {
    lv: 'Katrai lapai jābūt jēgpilnam virsrakstam <title>, kas nosauc lapu un iestādi, piemēram, "Kontakti — Iestādes nosaukums".',
    en: 'Every page needs a meaningful <title> naming the page and the institution.',
  },
  'heading-order': {
    lv: 'Virsrakstu līmeņus lietojiet pēc kārtas: aiz h2 nāk h3, nevis h4. Līmeni izvēlieties pēc satura struktūras, nevis pēc burtu lieluma.',
    en: 'Use heading levels in order: h3 after h2, not h4. Pick the level by structure, not by font size.',
  },
  'empty-heading': {
    lv: 'Virsraksts nedrīkst būt tukšs: ierakstiet tekstu vai noņemiet tukšo virsraksta elementu.',
    en: 'Headings must not be empty: add text or remove the empty heading.',
  },
  'page-has-heading-one': {
    lv: 'Katrā lapā jābūt vienam galvenajam virsrakstam <h1>, kas nosauc lapas saturu.',
    en: 'Every page needs one main heading <h1> naming its content.',
  },
  region: {
    lv: 'Visam lapas saturam jāatrodas orientieros: <header>, <nav>, <main>, <footer>. Tā ekrāna lasītāja lietotājs var pārlēkt uz vajadzīgo daļu.',
    en: 'All content should sit in landmarks: <header>, <nav>, <main>, <footer>, so screen reader users can jump between them.',
  },
  'landmark-one-main': {
    lv: 'Lapā jābūt tieši vienam <main> elementam ar lapas galveno saturu.',
    en: 'A page needs exactly one <main> with its main content.',
  },
  'landmark-unique': {
    lv: 'Vienāda veida orientieriem (piemēram, divām <nav>) piešķiriet atšķirīgus nosaukumus ar aria-label ("Galvenā izvēlne", "Kājene").',
    en: 'Give landmarks of the same kind (e.g. two <nav>) distinct names with aria-label.',
  },
  'landmark-no-duplicate-banner': {
    lv: 'Lapā drīkst būt tikai viena galvene (<header> vai role="banner") lapas augšdaļā.',
    en: 'A page may have only one banner (<header> or role="banner").',
  },
  'landmark-no-duplicate-contentinfo': {
    lv: 'Lapā drīkst būt tikai viena kājene (<footer> vai role="contentinfo").',
    en: 'A page may have only one contentinfo (<footer> or role="contentinfo").',
  },
  'landmark-banner-is-top-level': {
    lv: 'Galvenes orientieris nedrīkst atrasties cita orientiera iekšpusē.',
    en: 'The banner landmark must not sit inside another landmark.',
  },
  'landmark-contentinfo-is-top-level': {
    lv: 'Kājenes orientieris nedrīkst atrasties cita orientiera iekšpusē.',
    en: 'The contentinfo landmark must not sit inside another landmark.',
  },
  'landmark-main-is-top-level': {
    lv: 'Elements <main> nedrīkst atrasties cita orientiera iekšpusē.',
    en: 'The main landmark must not sit inside another landmark.',
  },
  'landmark-complementary-is-top-level': {
    lv: 'Papildsatura orientieris (<aside>) nedrīkst atrasties cita orientiera iekšpusē.',
    en: 'The complementary landmark (<aside>) must not sit inside another landmark.',
  },
  bypass: {
    lv: 'Lapas sākumā pievienojiet saiti "Pāriet uz saturu", kas ved uz <main>, vai lietojiet orientierus, lai tastatūras lietotājs var izlaist izvēlni.',
    en: 'Add a "Skip to content" link at the top leading to <main>, or use landmarks, so keyboard users can skip the menu.',
  },
  list: {
    lv: 'Sarakstos <ul> un <ol> tiešā veidā drīkst būt tikai <li> elementi (arī <script> vai <template>).',
    en: '<ul> and <ol> may directly contain only <li> (and <script> or <template>).',
  },
  listitem: {
    lv: 'Elementam <li> jāatrodas sarakstā <ul> vai <ol>.',
    en: 'An <li> must sit inside a <ul> or <ol>.',
  },
  'definition-list': {
    lv: 'Definīciju sarakstā <dl> drīkst būt tikai <dt> un <dd> pāri (vai <div> ar tiem).',
    en: 'A <dl> may contain only <dt>/<dd> groups (or <div> wrapping them).',
  },
  dlitem: {
    lv: 'Elementiem <dt> un <dd> jāatrodas sarakstā <dl>.',
    en: '<dt> and <dd> must sit inside a <dl>.',
  },
  'aria-allowed-attr': {
    lv: 'Noņemiet ARIA atribūtus, kas šī elementa lomai nav atļauti (piemēram, aria-checked saitei).',
    en: 'Remove ARIA attributes not allowed for the element\'s role.',
  },
  'aria-required-attr': {
    lv: 'Pievienojiet ARIA atribūtus, ko prasa elementa loma (piemēram, role="checkbox" vajag aria-checked).',
    en: 'Add the ARIA attributes the role requires (e.g. role="checkbox" needs aria-checked).',
  },
  'aria-valid-attr': {
    lv: 'Izlabojiet ARIA atribūtu nosaukumus: tiem jābūt no ARIA specifikācijas (pārbaudiet pārrakstīšanās kļūdas).',
    en: 'Fix ARIA attribute names: they must exist in the ARIA specification (check for typos).',
  },
  'aria-valid-attr-value': {
    lv: 'ARIA atribūtiem ierakstiet derīgas vērtības; ja atribūts atsaucas uz id (aria-controls, aria-labelledby), šim id lapā jābūt.',
    en: 'Give ARIA attributes valid values; an id referenced by aria-controls or aria-labelledby must exist.',
  },
  'aria-roles': {
    lv: 'Atribūtā role lietojiet tikai derīgas ARIA lomas.',
    en: 'Use only valid ARIA roles in role.',
  },
  'aria-hidden-focus': {
    lv: 'Elementos ar aria-hidden="true" nedrīkst būt fokusējamu saišu vai pogu: noņemiet aria-hidden vai padariet tos nefokusējamus (tabindex="-1").',
    en: 'Elements with aria-hidden="true" must not contain focusable links or buttons.',
  },
  'aria-hidden-body': {
    lv: 'Elementam <body> nedrīkst būt aria-hidden="true": tas paslēpj visu lapu ekrāna lasītājam.',
    en: '<body> must not have aria-hidden="true": it hides the whole page from screen readers.',
  },
  'aria-required-children': {
    lv: 'Elementam ar šo lomu jāsatur prasītie bērnelementi (piemēram, role="list" — elementi ar role="listitem").',
    en: 'An element with this role must contain the required child roles.',
  },
  'aria-required-parent': {
    lv: 'Elementam ar šo lomu jāatrodas prasītajā vecākelementā (piemēram, role="tab" — elementā ar role="tablist").',
    en: 'An element with this role must sit inside the required parent role.',
  },
  'aria-command-name': {
    lv: 'Elementiem ar role="button", "link" vai "menuitem" jābūt nosaukumam (teksts vai aria-label).',
    en: 'Elements with role button, link or menuitem need a name (text or aria-label).',
  },
  'aria-input-field-name': {
    lv: 'ARIA ievades laukiem (role="combobox", "textbox" u.c.) pievienojiet nosaukumu ar aria-label vai aria-labelledby.',
    en: 'Give ARIA input fields (combobox, textbox, ...) a name with aria-label or aria-labelledby.',
  },
  'aria-toggle-field-name': {
    lv: 'ARIA pārslēgiem (role="checkbox", "switch" u.c.) pievienojiet nosaukumu.',
    en: 'Give ARIA toggles (checkbox, switch, ...) a name.',
  },
  'aria-dialog-name': {
    lv: 'Dialoglogam (role="dialog") pievienojiet nosaukumu ar aria-label vai aria-labelledby.',
    en: 'Give dialogs (role="dialog") a name with aria-label or aria-labelledby.',
  },
  'aria-prohibited-attr': {
    lv: 'Noņemiet aria-label vai aria-labelledby no elementiem, kam nosaukums nav atļauts (piemēram, <div> bez lomas).',
    en: 'Remove aria-label or aria-labelledby from elements that cannot be named (e.g. a <div> without a role).',
  },
  'frame-title': {
    lv: 'Katram <iframe> pievienojiet title atribūtu, kas pasaka, kas tajā ir (piemēram, "Karte: iestādes atrašanās vieta").',
    en: 'Give every <iframe> a title saying what it holds.',
  },
  'frame-focusable-content': {
    lv: 'Neaizliedziet fokusu rāmim (<iframe tabindex="-1">), ja tajā ir saites vai pogas.',
    en: 'Do not take an <iframe> with links or buttons out of the tab order.',
  },
  'duplicate-id': {
    lv: 'Katram id atribūtam lapā jābūt unikālam.',
    en: 'Every id on a page must be unique.',
  },
  'duplicate-id-active': {
    lv: 'Fokusējamiem elementiem (saitēm, pogām, laukiem) id jābūt unikālam: citādi tastatūra un ekrāna lasītājs var nonākt nepareizā vietā.',
    en: 'Focusable elements need unique ids.',
  },
  'duplicate-id-aria': {
    lv: 'Id, uz ko atsaucas aria-labelledby vai <label for>, lapā jābūt tikai vienreiz: citādi lauks saņem nepareizu nosaukumu.',
    en: 'Ids referenced by ARIA or <label for> must be unique.',
  },
  'meta-viewport': {
    lv: 'Neaizliedziet tālummaiņu: izņemiet user-scalable=no un maximum-scale < 2 no <meta name="viewport">. Vājredzīgiem lietotājiem jāvar palielināt lapu.',
    en: 'Do not disable zoom: remove user-scalable=no and maximum-scale below 2 from the viewport meta.',
  },
  'meta-refresh': {
    lv: 'Neizmantojiet automātisku lapas pārlādi vai pāradresāciju ar <meta http-equiv="refresh">; pāradresējiet servera pusē.',
    en: 'Do not refresh or redirect with <meta http-equiv="refresh">; redirect on the server.',
  },
  'nested-interactive': {
    lv: 'Neievietojiet saites vai pogas citā saitē vai pogā: ekrāna lasītājs tās nenolasa, un tās nevar sasniegt ar tastatūru.',
    en: 'Do not nest links or buttons inside other links or buttons.',
  },
  'scrollable-region-focusable': {
    lv: 'Ritināmam apgabalam pievienojiet tabindex="0" (un nosaukumu), lai to var ritināt ar tastatūru.',
    en: 'Give scrollable regions tabindex="0" (and a name) so they scroll with the keyboard.',
  },
  'link-in-text-block': {
    lv: 'Saitēm tekstā jāatšķiras ne tikai ar krāsu: pasvītrojiet tās vai nodrošiniet kontrastu 3:1 pret apkārtējo tekstu.',
    en: 'Links in text must differ by more than colour: underline them, or give them 3:1 contrast against the text.',
  },
  'td-headers-attr': {
    lv: 'Tabulas šūnu headers atribūtiem jāatsaucas uz tās pašas tabulas galvenes šūnām.',
    en: 'headers attributes of cells must refer to header cells of the same table.',
  },
  'th-has-data-cells': {
    lv: 'Tabulas galvenes šūnām (<th>) jāapraksta datu šūnas; noņemiet tukšas galvenes vai lietojiet <td>.',
    en: 'Table header cells must describe data cells.',
  },
  'video-caption': {
    lv: 'Video ar runu pievienojiet subtitrus (<track kind="captions">).',
    en: 'Add captions to videos with speech (<track kind="captions">).',
  },
  'audio-caption': {
    lv: 'Audio ierakstiem pievienojiet teksta atšifrējumu vai subtitrus.',
    en: 'Give audio a transcript or captions.',
  },
  blink: {
    lv: 'Neizmantojiet mirgojošu tekstu (<blink>).',
    en: 'Do not use blinking text (<blink>).',
  },
  marquee: {
    lv: 'Neizmantojiet slīdošu tekstu (<marquee>); ja kustība vajadzīga, dodiet pogu "Apturēt".',
    en: 'Do not use <marquee>; if motion is needed, add a pause button.',
  },
  tabindex: {
    lv: 'Neizmantojiet tabindex vērtības, kas lielākas par 0: tās sajauc tastatūras pārvietošanās secību.',
    en: 'Do not use tabindex above 0: it scrambles the keyboard order.',
  },
  'server-side-image-map': {
    lv: 'Servera puses attēla karšu vietā lietojiet parastas saites vai klienta puses <map>.',
    en: 'Replace server-side image maps with links or client-side <map>.',
  },
  'target-size': {
    lv: 'Spiežamiem elementiem jābūt vismaz 24×24 pikseļus lieliem vai pietiekami tālu vienam no otra.',
    en: 'Tap targets need to be at least 24×24 px or spaced apart.',
  },
};

/** Advice for an axe rule: ours in the report's language, else axe's own help text (English) with its link. */
export function adviceForRule(ruleId: string, lang: 'lv' | 'en', axeHelp: string): { text: string; ours: boolean } {
  const a = AXE_ADVICE[ruleId];
  if (a) return { text: a[lang], ours: true };
  return { text: axeHelp, ours: false };
}
