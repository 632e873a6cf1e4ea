// Sentences about oneself and one's view: holdings (only what the bot holds), plans, views and stance
// paraphrases, feelings, the hour, how one invests, what one never does — by flavour where it matters.
import { pool } from '../engine.ts';
import type { Template } from '../engine.ts';
import type { Flavour } from '../voice.ts';

type ByFlavour = Readonly<Record<Flavour, readonly Template[]>>;

/** Own holdings ({hold} is always a symbol the bot holds). */
export const HOLDING: ByFlavour = {
  veteran: pool('{holdLoc} [uzun süredir|yıllardır] varım, {holdPnl}', '{hedge} {holdAcc} [satmayı hiç düşünmem|taşımaya devam ederim], {holdPnl}', '{holdAcc} [satmayı hiç düşünmedim|elden çıkarmam], {holdPnl}',
    'Portföyün [bel kemiği|sağlam ayağı] {hold}, {holdPnl}', '{holdLoc} {holdPnl}, {holdFeel}'),
  trader: pool('{holdLoc} [pozisyonum açık|içerdeyim], {holdPnl}', '{hold} pozisyonum {holdPnlShort}, {holdFeel}',
    'elimdeki {hold} {holdPnlShort}, [stop yerinde|stopu yukarı çektim]', '{holdLoc} [long|içerideyim], {holdPnl}'),
  economist: pool('Portföyde {hold} [var|duruyor], {holdPnl}', '{holdLoc} [pozisyonum|payım] [sürüyor|duruyor]; {holdPnl}',
    '{hold} [tarafındaki|pozisyonumdaki] getiri [reel bazda|enflasyona göre] [fena değil|tatmin edici], {holdPnl}'),
  newbie: pool('benim de azıcık {hold} var, {holdPnl}', '{holdLoc} [ufak|küçük] bir pozisyonum var, {holdPnl}',
    '{holdAcc} [geçen ay|yeni] almıştım, {holdPnl}'),
  chartist: pool('{holdLoc} pozisyondayım, {holdPnl}; stop {holdStop} altı', '{hold} pozisyonum {holdPnlShort}, seviye bozulmadıkça taşırım',
    '{holdLoc} [varım|pozisyonum açık], {holdPnl}'),
  retiree: pool('Benim {hold} {holdKind} duruyor, {holdPnl}', '{holdLoc} {holdPnl}[|{holdDividend}]',
    '{holdAcc} [torunlar için|emekliliğime] tutuyorum, {holdPnl}', 'Sepette {hold} var, {holdPnl}; {holdFeel}'),
  plain: pool('{holdLoc} [varım|pozisyonum var], {holdPnl}', 'Bende {hold} var, {holdPnl}', 'Elimdeki {hold} {holdPnlShort}'),
};

/** Plans: levels for the chartist, quick trades for the trader, patience for the rest. Position talk
 * uses {hold}, never the focus symbol. */
export const PLAN: ByFlavour = {
  chartist: pool('{sym} [için|] destek {lvlS}, direnç {lvlR}[|, RSI {rsi}]', '{hedge} {sym} {lvlS} üstünde kaldıkça [sorun yok|pozitifim|yön yukarı]', '{sym} {lvlR} üstünde kapanış yaparsa [hedef açılır|teyit gelir]',
    '{sym} için {lvlS} kırılırsa plan değişir', '{sym} {lvlS} - {lvlR} arası sıkışık; kırılım yönüne bakarım',
    '{symAcc} {lvlS} civarında [izliyorum|alım bölgesi olarak görüyorum]', '[Günlük|4 saatlik] grafikte {sym} {pattern}'),
  trader: pool('{hedge} {sym} için [kısa bir|hızlı bir] [işlem|trade] [düşünüyorum|planlıyorum], stop {lvlS}', '{hedge} {symLoc} [bugün|birazdan] hareket var, [izliyorum|tetikteyim]', '{sym} {lvlR} üstüne atarsa [eklerim|girerim]',
    '{symAcc} [gözüme kestirdim|listeye aldım], stop {lvlS}', '{symLoc} kırılım gelirse [atlarım|içerideyim]',
    '{symAcc} takipteyim, momentum gelirse [girerim|dalarım]', 'bugün {symLoc} [scalp|hızlı al-sat] var aklımda'),
  economist: pool('{sym} için [acele etmiyorum|veriyi bekliyorum], {theme} sonrası [değerlendiririm|bakarım]',
    'Dağılımda {symAcc} [nötr|temkinli] tutuyorum'),
  newbie: pool('{symAcc} [almayı düşünüyorum|alsam mı diyorum] ama {doubt}', '{sym} için biraz daha [okuyacağım|araştıracağım]'),
  retiree: pool('[Ben|Şahsen ben] {sym} için acele etmiyorum', '[Kenarda|Nakitte] biraz [bekleyeceğim|duruyorum], [fırsat kollayacağım|fiyat otursun]'),
  veteran: pool('{sym} için [acele etmiyorum|aceleye gerek yok], [kademeli|parça parça] [alım|ekleme] [düşünüyorum|yaparım]',
    '{sym} {lvlS} civarına gelirse [bakarım|değerlendiririm]', '[Şimdilik|Bu hafta] {sym} izleme listemde'),
  plain: pool('{sym} {lvlS} civarına gelirse [bakarım|değerlendiririm]', '[Şimdilik|Bu hafta] {sym} izleme listemde'),
};

/** A view on the topic or the focus, and a stance told again in other words. */
export const VIEW: ByFlavour = {
  veteran: pool('{topicRef} [için|konusunda] {hedge} {outlook}, [tecrübe bunu söylüyor|eskiler bilir]', '{topicRef} [tarafında|konusunda] [yıllardır|hep] aynı şeyi söylerim: {outlook}',
    'Bana sorarsanız {topicRef} [için|konusunda] {outlook}; [sabırlı olan kazanır|acele işe şeytan karışır]', '[Bu piyasada çok şey gördüm|Yirmi yılda çok dalga gördüm]; {topicRef} [için|konusunda] {outlook}'),
  trader: pool('{topicRef} [tarafında|için] {hedge} {outlook}', 'bence {topicRef} [tarafında|için] {outlook}', '{hedge} {topicRef} {outlook}, [takipteyim|tetikteyim]'),
  economist: pool('{topicRef} [konusunda|için] {hedge} {outlook}; [izlediğim şey|belirleyici olan] {reason}', '{topicRef} [meselesinde|tarafında] {reason} [belirleyici|önemli], {outlook}',
    '{macro}{topicRef} [için|konusunda] {macroView}'),
  newbie: pool('{topicRef} [için|konusunda] {hedge} {outlook}, {doubt}', 'bence {topicRef} [tarafında|için] {outlook}, {doubt}'),
  chartist: pool('{topicRef} [için|tarafında] {hedge} {outlook}; seviyeler [net|belli]', '{topicRef} [grafikte|teknikte] {hedge} {outlook}'),
  retiree: pool('{topicRef} [için|konusunda] {hedge} {outlook}', '{topicRef} [tarafında|için] [sabırlı olmak lazım|aceleye gerek yok], {outlook}'),
  plain: pool('{topicRef} [için|tarafında] {hedge} {outlook}'),
};

/** Feelings by valence. */
export const FEEL = {
  bull: pool('[Bugün|Şu an|Bu ara] moralim [yerinde|iyi|yüksek]', 'Keyfim yerinde[| valla| bugün]', 'İçim rahat[|, güzel gidiyor|, şükür]',
    'Bugün [ekran|piyasa|tahta] yüzümü güldürüyor', 'Şükür, [fena değil|iyi gidiyor] [işler|portföy|hesap]', '[Güzel|Keyifli] bir [gün|hafta] [oluyor|geçiyor] [benim için|bugün]',
    '[Neşem yerinde|Moralim tavan] [bugün|bu sabah|şu sıralar]', 'Bu tablo [hoşuma gidiyor|içimi açıyor]'),
  bear: pool('Canım [biraz|] sıkkın[| açıkçası| bugün]', 'Moral [biraz|] bozuk[| bugün| şu sıralar]', 'İçim pek rahat değil[| açıkçası]',
    'Bugün [ekrana|fiyatlara|hesaba] bakmak istemiyorum', 'Biraz [gerginim|tedirginim] [açıkçası|bugün]', '[Sıkıntılı|Yorucu] bir [gün|hafta] [oldu|geçiyor]',
    'Bu gidişat [canımı sıkıyor|hoşuma gitmiyor]'),
  neutral: pool('Sakin bir [gün|seans|hafta] benim için', 'Ne iyi ne kötü[, idare eder|, öyle işte|]', '[Heyecan|Stres] yok, [izliyorum|bekliyorum]',
    'Bugün [dengedeyim|sakinim|nötrüm]', '[Telaş|Acele] yok, [bekliyoruz|izliyoruz]', 'Öyle [sakin|olağan] bir [gün|akış] işte'),
};

/** Time-of-day remarks, by the local hour's bucket. */
export const TIME: Readonly<Record<string, readonly Template[]>> = {
  weekend: pool('Hafta sonu [ama|olsa da] [piyasa aklımda|ekrandan kopamadım]', 'Hafta sonu [kafa dinlerken|çay içerken] [haberlere|grafiklere] baktım'),
  morning: pool('Sabah kahvemi içerken [baktım|göz attım]', '[Günaydın|Sabah sabah], [açılış öncesi|ilk iş] ekrana baktım'),
  open: pool('Açılış [hareketli|hızlı|sakin] başladı', 'Seansın [ilk saatleri|başı] [hareketli|kararsız]'),
  noon: pool('Öğle arasında [bir baktım|göz attım]', 'Öğle [saatlerinde|arası] [tahta|piyasa] [durgunlaştı|sakin]'),
  afternoon: pool('Öğleden sonra [hareket arttı|işler hızlandı]', 'İkinci seans [daha hareketli|sakin] gidiyor'),
  evening: pool('Akşam [sakin kafayla|ekran başında] günü toparladım', 'Kapanıştan sonra [notlarımı|günü] toparladım', 'Akşam akşam [haberlere|grafiklere] baktım'),
  night: pool('Gece gece [ekrandayım|grafiklere bakıyorum]', 'Herkes uyurken [ben hâlâ|hâlâ] [ekrana|haberlere] bakıyorum'),
};

/** Wrappers around persona data: a never-do item ({never}, an infinitive) and the investing method. */
export const NEVER_WRAP = pool('{never} bana göre değil', '[Bilirsiniz|Kuralım belli], {never} benim işim değil', '{never}, [asla|ben yokum]');
export const METHOD_WRAP = pool('Ben [genelde|hep|çoğunlukla] {method}', 'Benim [yöntemim|tarzım|usulüm] belli: {method}', '[Bilenler bilir|Hep söylerim], {method}');
