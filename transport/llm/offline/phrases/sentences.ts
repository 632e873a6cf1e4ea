// Sentence templates for unprompted lines and the extra sentences any line may add: market
// observations per topic, macro takes, news reactions, holdings, plans, questions, feelings.
import { pool } from '../engine.ts';
import type { Template } from '../engine.ts';

/** Market observation on the focus symbol, any topic ({where} gives the topic flavour). */
export const MARKET: readonly Template[] = pool(
  '{symPx}, {move}',
  '{sym} [şu an|şu sıralar|bugün|şu dakikalarda] {px}[| seviyesinde| civarında], {move}',
  '{where} [bugün|şu an] [gözüm|dikkatim] {symLoc}: {px}[|, {move}]',
  '{sym} {move}[|, {recent}]',
  '[Ekrana baktım|Şimdi baktım|Fiyatlara göz attım], {sym} {px}[| olmuş], {move}',
  '{sym} {move}; {outlook}',
  '{symPx} [görüyorum|görünüyor], {hedge} {outlook}',
  '{sym} [için|tarafında] tablo [şöyle|bu]: {px}, {move}',
  '{mood} bir [gün|seans] {where}, {sym} {move}',
  '{sym} {px} ile {dirVerb}[|, {recent}]',
  '[Son dakikalarda|Biraz önce|Az önce] {sym} [hareketlendi|kıpırdadı], [şimdi|şu an] {px}[|, {chg} [oynamış|değişim var]|, {hedge} {outlook}]',
  '{where} [öne çıkan|konuşulan] {sym}, {move}[| ve {dirVerb}]',
  '{symGen} [fiyatı|son fiyatı] {px}, [{recent}|{hedge} {outlook}]',
  '{sym} {dirVerb}, [fiyat|son fiyat] {px}',
  '[Bugün|Şu saatlerde] {sym} [ilginç|hareketli|dikkat çekici]: {move}',
  '{hedge} {symGen} [hikâyesi|durumu] [ilginç|net]: {px}, {move}',
);

/** Topic-specific market observations. */
export const MARKET_TOPIC: Readonly<Record<string, readonly Template[]>> = {
  BIST: pool(
    '{xu} {xuPx} [puan|puanda], {xuMove}[|; {sym} ise {move}]',
    '[Borsa|Endeks] bugün {xuVerb}[|, {sym} {move}]',
    'Hisselerde [hava|hava durumu] {mood}, {sym} {px}',
    '[BIST tarafında|Borsada] {sym} {dirVerb}, {chg} [oynamış|hareket var]',
  ),
  FX: pool(
    'Kur cephesinde {sym} {px}, {move}',
    '{sym} {px} [oldu|civarında], [kontrollü gidiyor|sürpriz yok|TCMB sıkı tutuyor|oynaklık düşük]',
    '[Dövizde|Kurda] {sym} {dirVerb}, [son|güncel] fiyat {px}',
    'Altın ve döviz [sepetinde|tarafında] {sym} {move}',
  ),
  Kripto: pool(
    'Kriptoda {sym} {px}, {move}',
    '{sym} {px} bandında, [altcoinler|coinler] [de|] [hareketli|sessiz|karışık][|, {hedge} {outlook}]',
    'Coin tarafında [hareket|oynaklık] [var|yüksek], {sym} {move}',
    '[Kripto piyasası|Kripto] bugün {mood}, {sym} {dirVerb}',
  ),
};

/** Macro takes (topic Makro). */
export const MACRO: readonly Template[] = pool(
  '{theme} [yaklaşıyor|gündemde|masada], {hedge} {macroView}',
  '[Bu hafta|Bu ay|Önümüzdeki günlerde] {theme} [kritik|belirleyici|önemli], {macroView}',
  '{theme} [konusunda|tarafında] {hedge} {macroView}',
  '[Makro tarafta|Ekonomide] [asıl mesele|kilit konu|esas konu] {theme}[|, {macroView}]',
  '{macroView}; [bunu|bu tabloyu] {theme} [netleştirecek|gösterecek]',
  '[TCMB|Merkez Bankası] [sıkı duruşunu koruyor|adımlarını temkinli atıyor|faizde ne yapacak merak ediliyor], {macroLink}',
  'Fed [tarafında|cephesinde] [faiz|indirim] [beklentisi|tartışması] [sürüyor|değişiyor], {macroLink}',
  'Enflasyon [cephesinde|tarafında] {macroView}[|, {macroLink}]',
  '[Faiz|Enflasyon] [konusu|tartışması] [bitmiyor|uzuyor], {hedge} {macroView}',
  '{macroLink}; [arkasında|bunun altında|perde arkasında] {hedge} {reason} var',
);

/** Reaction to a news item. */
export const NEWS: readonly Template[] = pool(
  '"{head}" [haberi|başlığı] [düştü|geldi|gündemde], {newsTake}',
  '{head} diye bir haber [var|okudum], {newsTake}',
  '[Haberi gördünüz mü|Haberlere bakın|Son dakika]: {head}. {newsTake}',
  '"{head}" [— |] {hedge} {newsTake}',
  '[Şu habere|Bu habere] bakın: "{head}". {hedge} {newsTake}',
);

/** Another symbol's move. */
export const SECOND: readonly Template[] = pool(
  '{sym2} ise {move2}', 'Bu arada {sym2} {move2}', '{sym2} [cephesinde|tarafında] {px2}, {move2}',
  '[Ayrıca|Bir de] {sym2} {px2}', '{sym2} tarafı da {dirVerb2}',
);

/** Own holdings with live P&L. */
export const HOLDING: readonly Template[] = pool(
  '{holdLoc} [maliyetim|ortalamam] {holdAvg}, {holdPnl}',
  '[Bende|Portföyümde] {hold} [var|duruyor], {holdPnl}',
  'Elimdeki {hold} {holdPnlShort}[|, {holdFeel}]',
  '{holdLoc} {holdPnl}[|, {holdFeel}]',
  '[Portföyde|Sepette] {hold} [var|duruyor], [maliyet|ortalama] {holdAvg}[|, {holdPnl}]',
  '{hold} pozisyonum {holdPnlShort}, {holdFeel}',
);

/** Plans, by risk / flavour. */
export const PLAN: Readonly<Record<string, readonly Template[]>> = {
  high: pool('[Bugün|Gün içinde|Birazdan] {sym} için [kısa bir|hızlı bir] [işlem|trade] [düşünüyorum|planlıyorum], stop {lvlS}',
    '{sym} {lvlR} üstüne atarsa [ekleme yaparım|pozisyonu büyütürüm]', '{symLoc} kârı [hızlı|erken] alıp çıkacağım',
    '{symAcc} [gözüme kestirdim|listeye aldım], stop {lvlS}'),
  low: pool('[Ben|Şahsen] {sym} için acele etmiyorum, [kademeli|parça parça] [alım|ekleme] [düşünüyorum|yaparım]',
    '[Kenarda|Nakitte] biraz [bekleyeceğim|duruyorum], [fırsat kollayacağım|fiyat otursun]',
    '{symAcc} uzun vadeli [tutarım|taşırım], [gün içi|kısa vadeli] oynaklık beni ilgilendirmez'),
  medium: pool('{sym} {lvlS} civarına gelirse [bakarım|değerlendiririm]', '[Şimdilik|Bu hafta] {sym} izleme listemde',
    '{symAcc} {lvlS} ile {lvlR} arasında [izliyorum|takip ediyorum]'),
  technical: pool('{sym} [için|] destek {lvlS}, direnç {lvlR}[|, RSI {rsi}]', '[Günlük|4 saatlik] grafikte {sym} {pattern}',
    'RSI {rsi} civarında, hacim [zayıf|güçlü|ortalama]; {sym} için {lvlS} önemli', '{sym} {pattern}, hedef değil seviye konuşalım: {lvlR}',
    '{symGen} [grafiği|mumları] {pattern}[|, RSI {rsi}]'),
};

/** Questions to the group. */
export const QUESTION: readonly Template[] = pool(
  'Sizce {sym} bu seviyeyi [korur mu|tutar mı|aşar mı]', '{sym} için [ne düşünüyorsunuz|fikriniz ne|yorumunuz ne]',
  '[Aranızda|Burada] {symAcc} [tutan|alan|takip eden] var mı', 'Bu [hareket|gidişat] [kalıcı mı|devam eder mi] [sizce|dersiniz]',
  '{sym} neden böyle {dirVerb} [biri|birisi] açıklayabilir mi', '[Siz|Sizler] {where} ne yapıyorsunuz [bugün|bu ara]',
  '{theme} [için|konusunda] beklentiniz ne',
);

/** Time-of-day remarks, by bucket of the local hour. */
export const TIME: Readonly<Record<string, readonly Template[]>> = {
  weekend: pool('Hafta sonu [ama|olsa da] [piyasa aklımda|ekrandan kopamadım]', 'Hafta sonu [kafa dinlerken|çay içerken] [haberlere|grafiklere] baktım'),
  morning: pool('Sabah kahvemi içerken [baktım|göz attım]', '[Günaydın|Sabah sabah], [açılış öncesi|ilk iş] ekrana baktım'),
  open: pool('Açılış [hareketli|hızlı|sakin] başladı', 'Seansın [ilk saatleri|başı] [hareketli|kararsız]'),
  noon: pool('Öğle arasında [bir baktım|göz attım]', 'Öğle [saatlerinde|arası] piyasa [durgunlaştı|sakin]'),
  afternoon: pool('Öğleden sonra [hareket arttı|işler hızlandı]', 'İkinci seans [daha hareketli|sakin] gidiyor'),
  evening: pool('Akşam [sakin kafayla|ekran başında] bakınca', 'Kapanıştan sonra [notlarımı|günü] toparladım'),
  night: pool('Gece gece [ekrandayım|grafiklere bakıyorum]', 'Herkes uyurken [ben hâlâ|hâlâ] piyasalara bakıyorum'),
};

/** Pointing at what someone else said earlier ({other} = their first name). */
export const ECHO: readonly Template[] = pool(
  '{other} [demin|az önce] [haklı bir şey söyledi|güzel bir noktaya değindi]', '{otherGen} [son|az önceki] yorumunu not aldım',
  '{otherGen} [dediği|yorumu] [aklıma takıldı|kafamda]',
);

/** Wrappers around persona data: a never-do item ({never}, an infinitive) and the investing method. */
export const NEVER_WRAP = pool('{never} bana göre değil', '[Bilirsiniz|Kuralım belli], {never} benim işim değil', '{never}? [Asla|Ben yokum]');
export const METHOD_WRAP = pool('Ben [genelde|hep] {method}', 'Benim [yöntemim|tarzım] belli: {method}');
