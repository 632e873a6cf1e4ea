// Answering what was asked, by the kind of message: a question about a symbol (by what it asks), about
// a concept (explained in the speaker's words), a greeting or a newcomer's hello, thanks, an insult or
// spam (shrugged off, never praised), something off-topic (steered back lightly). {who} names the asker.
import { pool } from '../engine.ts';
import type { Template } from '../engine.ts';
import type { AskKind } from '../../../../actors/index.ts';
import type { Flavour } from '../voice.ts';

type ByFlavour = Readonly<Record<Flavour, readonly Template[]>>;

/** Answers about a symbol, by what is asked. Each names the symbol. */
export const ASK: Readonly<Record<AskKind | 'boughtYes' | 'boughtNo', readonly Template[]>> = {
  bought: pool('{who}, [bugün|bu hafta] [ağırlıkla|daha çok] {hold} [tarafındayım|topladım], {holdPnl}', '{who}, [bende|benim portföyde] {hold} var, {holdPnl}',
    '[Hemen söyleyeyim|Sorduğun için söyleyeyim] {who}: {hold} [aldım|taşıyorum], {holdPnl}'),
  boughtYes: pool('{who}, evet, {holdLoc} pozisyonum var; {holdPnl}', '{who}, {holdLoc} [varım|pozisyondayım], {holdPnl}', 'Var {who}, {holdLoc} {holdPnl}'),
  boughtNo: pool('{who}, {symLoc} pozisyonum yok, [izliyorum|kenardan bakıyorum]', '{symLoc} yokum {who}, [şimdilik|bu ara] {action}',
    '{who}, {symAcc} almadım; {sym} {move}, {hedge} {outlook}'),
  buy: pool('{who}, [tavsiye olmasın ama|yatırım tavsiyesi değil ama] ben olsam {sym} için {action}', '{who}, {symAcc} [düşünüyorsan|alacaksan] {hedge} {outlook}; ben {action}',
    '[Karar senin|Orası sana kalmış] {who}, ben {sym} için {action}', 'Ben olsam {sym} için {action} {who}; {reason*}'),
  levels: pool('{who}, {sym} için destek {lvlS}, direnç {lvlR}[|; {pattern}]', '{who}, {sym} için ilk destek {lvlS}, üstte {lvlR} direnci var',
    '{sym} için {lvlS} [önemli|kritik] {who}; [kırılırsa|altına inerse] [plan değişir|bakış değişir], direnç {lvlR}'),
  when: pool('{who}, ben {theme} sonrasını bekliyorum[|, {outlook}]', '{who}, {sym} {lvlS} civarına gelirse [bakarım|değerlendiririm]',
    'Zamanlama [zor iş|en zoru] {who}; {sym} için ben {action}'),
  why: pool('{who}, {sym} için [bence|bana göre|bana kalırsa] [asıl|temel] sebep {reason}[|; {outlook}|, {hedge} {outlook}]',
    '[Güzel|İyi] soru {who}: {sym} tarafında {reason} [öne çıkıyor|belirleyici][|; {outlook}]',
    '{who}, {symGen} hareketinin arkasında {hedge} {reason} var[|; {outlook}]', '{reasonCap} [diyorum|bence] {who}; {sym} [için|tarafında] {outlook}'),
  which: pool('{who}, [benim favorim|ben olsam gözüm] {sym}[|, {move}]', '{who}, [şu an|bugün] {symAcc} [beğeniyorum|daha çok seviyorum]; {reason*}'),
  outlook: pool('{who}, [kimse bilemez ama|tahmin zor ama|falcı değilim ama] {sym} için {outlook}', '{who}, {hedge} {sym} [tarafında|için] {outlook}; {reason*}',
    '{who}, [bana sorarsan|benim gözümde] {sym} {dirVerb}; {outlook}'),
  how: pool('{who}, {sym} için ben şöyle [yapıyorum|bakıyorum]: {method}', '{who}, [benim yöntemim|bende iş] [basit|belli]: {method}'),
  opinion: pool('{who}, {sym} [için|hakkında] {hedge} {outlook}; {reason*}', '{who}, {sym} için açık söyleyeyim: {outlook}',
    '{who}, {symGen} [durumu|hikâyesi] [ilginç|net]: {move}; {outlook}', '{who}, [bana sorarsan|benim gözümde] {sym} {dirVerb}, {hedge} {outlook}'),
};

/** A concept explained ({explain}) with the speaker's own lead-in and close. */
export const CONCEPT: ByFlavour = {
  economist: pool('{who}, kısaca anlatayım: {explain}', 'Güzel soru {who}. {explain}[|; {conceptClose}]', '{who}, {explain}; {macroView}', '{who}, [özetle|tek cümleyle]: {explain}'),
  chartist: pool('{who}, kısaca: {explain}', '{who}, {explain}. [Ben yine de seviyeye bakarım|Grafikte görünce daha net anlaşılır|Fiyat zaten bunu gösterir]',
    '{who}, özetle {explain}'),
  retiree: pool('{who} evladım, şöyle anlatayım: {explain}', 'Canım {who}, {explain}[|; {conceptClose}]'),
  veteran: pool('{who}, şöyle düşün: {explain}', '{who}, yıllardır şöyle bilirim: {explain}[|; {conceptClose}]'),
  trader: pool('{who} kısaca: {explain}', 'basit {who}: {explain}[|, {conceptClose}]'),
  newbie: pool('{who}, ben de yeni öğrendim: {explain}, yanlışsam düzeltin', '{who}, bildiğim kadarıyla {explain}'),
  plain: pool('{who}, {explain}'),
};

/** Plain explanations of the concepts people ask about (intent.concept). */
export const EXPLAIN: Readonly<Record<string, readonly Template[]>> = {
  'faiz kararı': pool('PPK politika faizini belirliyor; faiz inince mevduattan borsaya para kayar, kur da [baskılanabilir|oynaklaşabilir]',
    'faiz kararı paranın maliyetini belirliyor; indirim genelde hisseleri destekler, TL üzerinde ise baskı yapabilir'),
  faiz: pool('faiz paranın fiyatı; yüksek faiz mevduatı cazip yapar, hisseye ve dövize giden parayı azaltır'),
  enflasyon: pool('enflasyon fiyatlar genel düzeyinin artışı; hizmet fiyatları ve kira yapışkan olduğu için yavaş düşüyor',
    'beklentiler bozuk kaldıkça fiyatlamalar ileriye dönük yapılıyor, o yüzden enflasyon inatçı'),
  TCMB: pool('TCMB politika faiziyle ve kur araçlarıyla fiyat istikrarını hedefliyor; piyasa her adımını fiyatlıyor'),
  Fed: pool("Fed'in faiz kararları küresel doları belirliyor; Fed gevşerse gelişmekte olan piyasalara para girer"),
  büyüme: pool('büyüme verisi ekonominin ne hızda genişlediğini gösterir; yavaşlama faiz indirimine alan açar'),
  'cari açık': pool('cari açık ülkeye giren dövizle çıkan döviz arasındaki fark; açık büyüdükçe kur kırılganlaşır'),
  işsizlik: pool('işsizlik verisi iş gücü piyasasının sıcaklığını gösterir; sıkı iş gücü piyasası ücret ve enflasyon baskısı demek'),
  bütçe: pool('bütçe dengesi devletin gelirleriyle giderleri arasındaki fark; açık büyürse borçlanma ve faiz baskısı artar'),
  temettü: pool('temettü şirketin kârından hissedara dağıttığı pay; temettü verimi hisse başı temettünün fiyata oranı, %5 verim 100 liralık hisseye yılda 5 lira demek',
    'şirket kârının bir kısmını nakit olarak dağıtır; verimi temettü bölü fiyatla bulursun'),
  bilanço: pool('bilanço şirketin varlıklarını, borçlarını ve kârını gösterir; F/K fiyatın hisse başı kâra oranı'),
  RSI: pool('RSI göreli güç endeksi; 0-100 arasında, 70 üstü aşırı alım, 30 altı aşırı satım sayılır', 'RSI fiyatın ne kadar hızlı yükseldiğini ölçer; 70 üstü yorgunluk, 30 altı fırsat işareti olabilir'),
  'destek ve direnç': pool('destek fiyatın düşerken alıcı bulduğu seviye, direnç yükselirken satıcıyla karşılaştığı seviye'),
  'teknik analiz': pool('teknik analiz fiyat ve hacim grafiğinden yön okumaktır; trend, destek-direnç ve indikatörlere bakılır'),
  stop: pool('stop zararı sınırlamak için önceden koyduğun çıkış seviyesi; bence şart, girmeden nereden çıkacağını bileceksin',
    'stop, fiyat oraya gelince pozisyonu kendiliğinden kapatan emir; koymayan bir sert günde hesabı yakar'),
  kaldıraç: pool('kaldıraç borçla pozisyon büyütmek, kârı da zararı da katlar; küçük bir ters hareket büyük zarar demek',
    'kaldıraçla elindeki paradan büyük pozisyon açarsın; kazanç da kayıp da katlanır, stopsuz kullanılmaz'),
  kripto: pool('kripto paralar merkezsiz ağlarda işlem görür; oynaklık çok yüksek, küçük tutarla ve stoplu gitmek lazım'),
  kur: pool('kur TL\'nin dövize karşı fiyatı; TCMB\'nin politikası, dış ticaret ve yerlinin döviz talebi belirliyor'),
};

/** When the data or the event asked about comes (a concept question asking "ne zaman"). */
export const WHEN: Readonly<Record<string, readonly Template[]>> = {
  enflasyon: pool('TÜİK enflasyonu her ayın 3\'ünde saat 10:00\'da açıklıyor', 'enflasyon verisi ayın 3\'ünde sabah 10:00\'da geliyor'),
  'faiz kararı': pool('PPK toplantısı ayda bir perşembe, karar saat 14:00\'te açıklanıyor', 'PPK kararı toplantı günü saat 14:00\'te geliyor'),
  faiz: pool('PPK toplantısı ayda bir perşembe, karar saat 14:00\'te açıklanıyor'),
  TCMB: pool('PPK toplantısı ayda bir perşembe, karar saat 14:00\'te açıklanıyor'),
  Fed: pool('Fed kararı toplantının ikinci günü, Türkiye saatiyle 21:00 ya da 22:00\'de geliyor'),
  temettü: pool('şirketler genelde nisan-mayıs genel kurullarından sonra dağıtır; tarihi KAP\'ta açıklanır'),
  bilanço: pool('bilançolar dönem sonundan sonraki altı-on hafta içinde KAP\'a geliyor'),
  büyüme: pool('büyüme verisi çeyrek bittikten iki ay kadar sonra açıklanıyor'),
  'cari açık': pool('cari işlemler dengesi her ayın ortasında, iki ay gecikmeyle açıklanıyor'),
  işsizlik: pool('işsizlik verisi her ay, yaklaşık iki ay gecikmeyle geliyor'),
  bütçe: pool('bütçe dengesi her ayın ortasında Hazine tarafından açıklanıyor'),
};
/** What a concept does to the market (a concept question asking what happens, or why). */
export const EFFECT: Readonly<Record<string, readonly Template[]>> = {
  'faiz kararı': pool('indirim gelirse bankalar ve endeks sever, TL biraz baskılanabilir; sabit kalırsa piyasa beklentiye göre tepki verir',
    'beklentinin altında bir indirim kur tarafını rahatlatır ama borsayı biraz üzer'),
  faiz: pool('faiz düştükçe mevduattan çıkan para hisseye yönelir, bankalar önden gider', 'yüksek faiz hisseleri baskılar, mevduatı cazip tutar'),
  enflasyon: pool('beklentinin üstünde gelirse faiz indirimi ötelenir, borsa sevmez; altında gelirse bankalar ilk tepkiyi verir',
    'yüksek enflasyon şirket kârlarını nominal şişirir ama reel getiriyi eritir'),
  TCMB: pool('sıkı duruş kuru sakin tutar, borsada ise bankaları destekler'),
  Fed: pool('Fed gevşerse gelişmekte olan piyasalara para girer, dolar endeksi zayıflar; sıkılaşırsa tersi'),
  kur: pool('kur sakin kaldıkça yabancı TL varlıklara ilgi gösterir; sert yükseliş ithalatçı şirketleri üzer'),
  temettü: pool('temettü tarihine yaklaşırken hisse ilgi görür, dağıtımdan sonra fiyat temettü kadar düşer'),
  'cari açık': pool('açık beklentiden büyük gelirse kur baskılanır, ithalatçılar ve bankalar sevmez; daralırsa TL rahatlar'),
  büyüme: pool('zayıf büyüme faiz indirimi beklentisini artırır, bu da bankaları ve endeksi destekler'),
  işsizlik: pool('işsizlik düşük kaldıkça ücretler ve talep güçlü, bu da faiz indirimini geciktirir'),
  bütçe: pool('bütçe açığı büyürse borçlanma artar, faizler yukarı baskılanır; piyasa bunu sevmez'),
};
export const EFFECT_ANSWER = pool('{who}, {effect}[|; {conceptClose}]', '{who}, şöyle düşün: {effect}', '{who}, kısaca {effect}[|. {conceptClose}]',
  '[Güzel soru|İyi soru] {who}: {effect}', '{who}, [bana göre|benim gözümde] {effect}[|; {conceptClose}]');

/** A flavour's close after explaining something. */
export const CONCEPT_CLOSE: ByFlavour = {
  economist: pool('veriyi takip etmek lazım', 'beklenti anketine de bakmak lazım', 'gerisi verinin yönüne bağlı', 'reel tarafı unutmayalım'),
  chartist: pool('fiyat zaten bunu önceden gösterir', 'ben yine de seviyeye bakarım', 'grafikte görünce daha net anlaşılır'),
  retiree: pool('sabırlı olmak lazım evladım', 'aceleye gerek yok', 'birikimi korumak önemli'),
  veteran: pool('yıllardır böyle', 'acele etmeyin', 'uzun vadede dengelenir'),
  trader: pool('günlük oynaklık da artar, stop şart', 'o gün tahta çok hızlı olur', 'haber saatinde dikkat'),
  newbie: pool('ben böyle anladım en azından', 'yanlışsam düzeltin', 'Ali Hoca daha iyi anlatır'),
  plain: pool('öyle işte'),
};

export const WHEN_ANSWER = pool('{who}, {when}[|; {conceptClose}]', '{who}, hatırladığım kadarıyla {when}', '{when} {who}, [takvimi not et|alarm kur|kaçırma]',
  '[Hemen söyleyeyim|Şöyle] {who}: {when}');

/** Answers to a market question that names nothing in particular ("bugün piyasa nasıl?"). */
export const MARKET_TALK: readonly Template[] = pool('{who}, [bugün|şu an] {overview}', '{who}, özetle: {overview}', '{overview} {who}; {outlook}',
  '{who}, kısaca [söyleyeyim|özetleyeyim]: {overview}');

/** A view on a concept asked about ("what is the market pricing before the rate decision?"). */
export const CONCEPT_OPINION: readonly Template[] = pool('{who}, [bence|bana kalırsa] {macroView}', '{who}, [bence|bana göre] piyasanın okuması şu: {macroView}; {reason*}',
  '{who}, kısaca {macroView}; {theme} bunu [gösterecek|netleştirecek]', '{who}, {hedge} {macroView}, [gerisini|kalanını] {theme} gösterir');

/** A person's opinion: taken up in the speaker's terms. */
export const OPINION_AGREE = pool('{who}, [bence de öyle|katılıyorum|haklı olabilirsin]; {reason+}', '{who}, {claimEcho}; ben de öyle [düşünüyorum|görüyorum], {reason+}');
export const OPINION_DISAGREE = pool('{who}, {claimEcho} ama {reason-}', '{who}, [o kadar emin değilim|biraz farklı düşünüyorum]: {reason-}');

/** Welcome, by flavour. A newcomer also gets a first tip. */
export const GREET: ByFlavour = {
  veteran: pool('{greetBack} {who}, hoş geldin. [Sakin bir gün|Piyasa sakin], [çay hazır|otur dinlen]', '{greetBack} {who}; {overview}'),
  trader: pool('{greetBack} {who}! tam vaktinde geldin, tahta [hareketli|ısındı]', '{greetBack} {who}! [bugün|şu an] {overview}'),
  economist: pool('{greetBack} {who}, hoş geldiniz. Gündem yoğun: {theme} yaklaşıyor', '{greetBack} {who}. Kısaca: {overview}'),
  newbie: pool('{greetBack} {who} 👋 ben de yeniyim sayılır', '{greetBack} {who}! burada çok şey öğreniyorum, sen de seveceksin'),
  chartist: pool('{greetBack} {who}. Endeks [sakin|seviyesinde]', '{greetBack} {who}. Kısaca: {overview}'),
  retiree: pool('{greetBack} {who} evladım, [çayını al gel|otur şöyle]', 'Aa {who}, {greetBack} canım; burası sıcak bir grup'),
  plain: pool('{greetBack} {who}', '{greetBack} {who}, hoş geldin'),
};
/** A newcomer is welcomed as one. */
export const WELCOME: ByFlavour = {
  veteran: pool('Hoş geldin {who}, aramıza katılman güzel', 'Gruba hoş geldin {who}'),
  trader: pool('hoş geldin {who}! aramıza katıldın, tahta seni bekliyordu', 'gruba hoş geldin {who}!'),
  economist: pool('Gruba hoş geldiniz {who}', 'Hoş geldiniz {who}, aramıza katılmanız güzel'),
  newbie: pool('hoş geldin {who}! ben de yeniyim sayılır', 'aa hoş geldin {who}, yeni biri daha'),
  chartist: pool('Hoş geldin {who}', 'Gruba hoş geldin {who}'),
  retiree: pool('Hoş geldin {who} evladım, aramıza katılman çok güzel', 'Aa {who}, hoş geldin canım; burası sıcak bir grup'),
  plain: pool('Hoş geldin {who}'),
};
export const NEWCOMER_TIP: ByFlavour = {
  veteran: pool('Tavsiyem: acele etme, küçük başla, uzun vadeli düşün', 'İlk kural: tüm parayı tek yere koyma'),
  trader: pool('ilk kural: stopsuz işlem yok', 'küçük pozisyonla başla, kaldıraca hemen girme'),
  economist: pool('Önce makro tabloyu anlamaya çalış; faiz ve enflasyon her şeyi belirliyor', 'Haberle değil veriyle hareket et'),
  newbie: pool('sormaktan çekinme, burada herkes yardımcı oluyor', 'ben de soru sorarak öğreniyorum, rahat ol'),
  chartist: pool('Grafik okumayı öğren, destek ve direnç ilk adım', 'Seviyesiz işlem açma, ilk tavsiyem bu'),
  retiree: pool('Önce birikim sonra yatırım, bunu unutma', 'Temettü veren sağlam şirketlerle başla, aceleye gerek yok'),
  plain: pool('sormaktan çekinme'),
};
export const THANKS: ByFlavour = {
  veteran: pool('Rica ederim {who}, ne demek', 'Ne demek {who}; ama karar her zaman senin'),
  trader: pool('ne demek {who} 🙌', 'rica ederim {who}, bol kazançlar dilemeyeyim de stoplu işlemler diyeyim'),
  economist: pool('Rica ederim {who}. Sorular güzeldi', 'Ne demek {who}; veriyi takip etmeye devam'),
  newbie: pool('ya ne demek {who}, ben de öğreniyorum 😅', 'rica ederim {who}!'),
  chartist: pool('Rica ederim {who}. Seviyeler değişirse yazarım', 'Ne demek {who}'),
  retiree: pool('Rica ederim evladım {who}, ne demek 🙏', 'Estağfurullah {who}, her zaman'),
  plain: pool('Rica ederim {who}'),
};
/** An insult: shrugged off in character, never praised. */
export const INSULT: ByFlavour = {
  veteran: pool('Sakin ol {who}, burada kimse kimseye bir şey satmıyor', '{who}, kırıcı olmaya gerek yok; fikrin varsa konuşalım'),
  trader: pool('eh {who}, herkesin fikri kendine 🤷 biz işimize bakalım', 'tamam {who}, sen öyle diyorsan; tahta bekliyor'),
  economist: pool('Eleştiri serbest {who}, ama gerekçesiz suçlama tartışmaya bir şey katmıyor', '{who}, somut bir itirazın varsa veriyle konuşalım'),
  newbie: pool('ya {who} neden öyle diyorsun ki 🙈', 'kırıcı olmasak mı {who}'),
  chartist: pool('{who}, laf değil seviye konuşalım', 'Grafiğe bakalım {who}, gerisi gürültü'),
  retiree: pool('Evladım {who}, kimseyi kırmaya gerek yok, sakin olalım', 'Aman {who}, tatlı dil yılanı deliğinden çıkarır'),
  plain: pool('Sakin olalım {who}'),
};
/** Spam: a warning, in character. */
export const SPAM: ByFlavour = {
  veteran: pool('Arkadaşlar bu tür linklere itibar etmeyin; kısa yoldan zengin olunmaz', 'Reklam paylaşmayalım {who}; %500 kazanç diye bir şey yok'),
  trader: pool('link atıp kazanç vaat eden her yer tuzak, uzak durun', 'spam bu, tıklamayın dostlar'),
  economist: pool('Bu tür vaatler dolandırıcılığın ta kendisi; kimse yüksek getiriyi riske girmeden sunamaz', 'Arkadaşlar, bu link reklam; itibar etmeyelim'),
  newbie: pool('bu link şüpheli duruyor, tıklamayın bence 😬', 'böyle şeyler dolandırıcılık değil mi ya'),
  chartist: pool('Spam. Geçelim', 'Bu tür linklere tıklamayın'),
  retiree: pool('Aman çocuklar, bu tür linklere tıklamayın; birikiminizi koruyun 🙏', 'Evladım bu reklam, burada paylaşmayalım'),
  plain: pool('Bu reklam, geçelim'),
};
/** Off-topic: a light word, then back to the market. */
export const OFFTOPIC: ByFlavour = {
  veteran: pool('{who}, onu pek bilmem; ama {overview}', 'Valla {who}, benim aklım hep piyasada; {overview}'),
  trader: pool('{who} ben ekrandan kalkamadım valla 😄 ama {overview}', 'hah {who}, benim maçım tahtada; {overview}'),
  economist: pool('{who}, o konuda yorum yapmayayım; piyasaya dönersek {overview}', '{who}, konuyu biraz piyasaya çekeyim: {overview}'),
  newbie: pool('hahah {who} ben de merak ettim ama şu an {overview}', '{who} bilmem ki, ben grafiklere gömüldüm; {overview}'),
  chartist: pool('{who}, o konuda fikrim yok; grafiklere dönelim: {overview}', 'Geçelim {who}; {overview}'),
  retiree: pool('Ah {who}, ben de merak ettim evladım ama bakın {overview}', '{who} canım, onu torunlara sormak lazım; piyasada ise {overview}'),
  plain: pool('{who}, konuya dönersek {overview}'),
};
/** A language the persona does not write: said so in character (in Turkish). */
export const NO_LANGUAGE: ByFlavour = {
  veteran: pool('{who}, kusura bakma, yabancı dilim zayıf; Türkçe sorarsan yardımcı olurum'),
  trader: pool('{who} sorry, Türkçe yazarsan daha hızlı cevap veririm 😄'),
  economist: pool('{who}, Türkçe yazarsanız daha ayrıntılı cevap verebilirim'),
  newbie: pool('{who} ya İngilizcem çok kötü 🙈 Türkçe yazar mısın'),
  chartist: pool('{who}, Türkçe yazarsan seviyeleri paylaşırım'),
  retiree: pool('{who} evladım, ben yabancı dil bilmem; Türkçe yazarsan seve seve anlatırım'),
  plain: pool('{who}, Türkçe yazarsan yardımcı olayım'),
};

/** English views by lean, a mood word by the index's direction, and short explanations. */
export const EN_VIEW: Readonly<Record<'bull' | 'bear' | 'neutral', readonly Template[]>> = {
  bull: pool('looks constructive', 'still has momentum', 'holds up well'),
  bear: pool('looks heavy', 'could see more downside', 'does not convince me yet'),
  neutral: pool('has no clear direction yet', 'is stuck in a range', 'needs a catalyst'),
};
export const EN_MOOD: Readonly<Record<'up' | 'down' | 'flat', readonly string[]>> = {
  up: ['upbeat', 'positive', 'lively'], down: ['nervous', 'heavy', 'cautious'], flat: ['calm', 'quiet', 'sideways'],
};
export const EN_EXPLAIN: Readonly<Record<string, string>> = {
  'faiz kararı': 'the central bank sets the policy rate; a cut usually helps stocks and weighs on the lira',
  faiz: 'rates are the price of money; high rates keep money in deposits', enflasyon: 'inflation is sticky here, services and rents keep it high',
  temettü: 'a dividend is the cash a company pays out; yield is the dividend divided by the price', RSI: 'RSI measures momentum; above 70 is overbought, below 30 oversold',
  'destek ve direnç': 'support is where buyers step in, resistance where sellers do', kur: 'the lira rate depends on the central bank and local demand for dollars',
};

/** English answers, for personas who also write English. {symEn} is the symbol's plain name. */
export const ENGLISH: Readonly<Record<string, readonly Template[]>> = {
  greeting: pool('Hi {who}, welcome! The market is {enMood} today, make yourself at home', 'Hello {who}, good to see you here'),
  newcomer: pool('Welcome {who}! Start small, learn the data first, and ask anything', 'Welcome to the group, {who}; ask away, we all started somewhere'),
  thanks: pool('You are welcome, {who}', 'Anytime, {who}', 'Glad it helped, {who}'),
  insult: pool('No need for that, {who}; if you disagree, bring data', 'Criticism is fine, {who}, insults add nothing'),
  spam: pool('Please no ads here; nobody can promise returns like that', 'Careful everyone, that link is spam'),
  'off-topic': pool("Can't help with that, {who}, but the market is {enMood} today", 'No idea, {who}; here we mostly talk markets, and today they are {enMood}'),
  symbol: pool('{who}, on {symEn}: {enView}; not advice, do your own homework', '{who}, {symEn} {enView} to me; watch the data before deciding',
    '{who}, as for {symEn}: {enView}. I would size small either way'),
  concept: pool('{who}, in short: {enExplain}', '{who}, briefly: {enExplain}'),
  market: pool('{who}, overall the market is {enMood} today; rates and inflation are what everyone watches', '{who}, {enMood} day so far; the dollar and the rate path are the story'),
};

/** A stand-in's first words: the person asked a member who is away ({away}), and this one answers —
 * a greeting or thanks with the plain ones, a question with any. */
export const STAND_IN = pool('{away} şu an [ortalarda|burada] yok', '{away} burada değil şimdi', '{away} [bu saatte|şu an] [yok|ortada yok][| galiba]');
/** …and before what it tells (ends with a colon). */
export const STAND_IN_TELLING = pool('{away} şu an [ortalarda|burada] yok, ben söyleyeyim', '{away} burada değil, ben cevaplayayım', '{away} yok şimdi, ben söyleyeyim');
export const STAND_IN_EN = pool("{away} isn't around right now", '{away} is not here at the moment');
