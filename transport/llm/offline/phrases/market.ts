// What each flavour says about the market unprompted: observations of an open market (with figures or
// without), a closed one (the last session, the next open), macro takes and news — in its own words.
import { pool } from '../engine.ts';
import type { Template } from '../engine.ts';
import type { Flavour } from '../voice.ts';

type ByFlavour = Readonly<Record<Flavour, readonly Template[]>>;

/** An open market: the focus symbol now. {move} has figures only when the line may quote them. */
export const OBSERVE: ByFlavour = {
  veteran: pool(
    '{sym} bugün {move}, {hedge} telaşlanacak bir şey yok',
    '{hedge} {sym} {dirVerb}; [uzun vadede|yıllar içinde] bunlar hep dengelenir',
    '{sym} yine {dirVerb}; yıllardır aynı film',
    '{sym} {move}, ben uzun vadeye bakarım',
    '{where} [sakin|olağan] bir gün, {sym} {move}',
    '{symPx} görüyorum, [acelesi olan alsın|ben sabırlıyım]',
    '{sym} için [bugünkü|günlük] hareket [beni bağlamaz|teferruat], {sym} {move}',
    '{where} hava {mood}, {sym} {move}',
    'Ekrana şöyle bir baktım, {sym} {move}',
    '{symGen} gidişatı fena değil, {move}',
    '{sym} {dirVerb}; böyle günlerde [çayımı içip izlerim|sakin kalan kazanır]',
    '{sym} {move}; [yirmi yıllık tecrübem|eski bir yatırımcı olarak] şunu söyler: [telaş etmeyin|sabır kazandırır]',
    'Bizim zamanımızda {sym} böyle [oynak|hareketli] değildi; bugün {move}',
    '{symAcc} yıllardır izlerim, [bugün|şimdi] {move}; [eskiler bilir|tecrübe bunu söyler], [panik yok|acele yok]',
    '{sym} için kısa vadeli [gürültü|dalgalanma] beni ilgilendirmez; {move}, [portföy yerinde|ben yerimdeyim]',
  ),
  trader: pool(
    '{sym} {move}, {hedge} tahta [ısınıyor|hareketli|canlı]',
    '{sym} {move}; {hedge} {outlook}',
    '{sym} [uçuyor|kaçıyor] mu ne, {move}',
    '{symLoc} hacim [geldi|patladı], {move}',
    '{sym} {dirVerb}, [gözüm|ekranım] onda',
    '{symPx}, [bakıyorum girer miyim|tetikteyim]',
    '{where} [aksiyon var|hareket var], {sym} {move}',
    '{sym} {recent}, [fırsat kolluyorum|tetikteyim]',
    '[bugün|şu an] tahtanın yıldızı {sym}, {move}',
    '{sym} {move}, scalp için [tam yeri|fena değil]',
    '{symLoc} [alıcılar|satıcılar] [sahnede|iş başında], {move}',
  ),
  economist: pool(
    '{sym} {move}; ama nominal harekete bakıp [sevinmemek|karar vermemek] lazım',
    '{sym} bugün {move}, arka planda {reason} var',
    '{symGen} hareketi [beklentilerle|verilerle] uyumlu: {move}',
    '{where} {sym} {move}; reel bazda tablo [farklı|başka]',
    '{sym} {dirVerb}; {reason} [belirleyici|etkili] görünüyor',
    '{symPx} seviyesinde; bu fiyatlama {theme} öncesi [temkinli|iyimser]',
    '{where} {mood} bir [gün|seans]; {sym} {move}, ama asıl mesele {theme}',
  ),
  newbie: pool(
    '{sym} {move} ya, [heyecanlandım|şaşırdım]',
    '{symAcc} izliyorum, {hedge} {move}',
    '{hedge} {sym} {dirVerb}, [doğru mu anlıyorum|öyle mi]',
    '{sym} {dirVerb}, [anlamaya çalışıyorum|not alıyorum]',
    '{where} {sym} {move}, [ilginç|vay]',
  ),
  chartist: pool(
    '{sym} {lvlS} desteğinin üstünde, {move}',
    '{hedge} {sym} {pattern}, {move}',
    '{sym} {dirVerb}; {hedge} {outlook}',
    '{sym} {lvlR} direncine [yaklaşıyor|doğru gidiyor]; {move}',
    '{sym} {pattern}, {move}',
    '{symGen} günlük grafiği {pattern}',
    '{sym} için {lvlS} - {lvlR} bandı [önemli|kritik]; fiyat {px}',
    '{sym} {dirVerb}, RSI {rsi}',
    '{sym} {move}; hacim [zayıf|ortalama|güçlü]',
    '{symLoc} [mum|kapanışlar] [güçlü|zayıf|kararsız], {move}',
    '{sym} {pattern}; teyit için hacim lazım',
  ),
  retiree: pool(
    "{sym} bugün {move}, [maşallah|Allah'tan] [fena değil|iyi]",
    '{symAcc} [ekranda gördüm|haberlerde gördüm], {move}',
    '{stock}{sym} {dirVerb}; ben temettüsüne bakarım',
    '{where} {sym} {move}, [telaş yok|sakin olalım]',
    '{sym} {move}, [torunlara anlatırken|sabah çayımı içerken] baktım',
  ),
  plain: pool(
    '{sym} {move}', '{sym} bugün {move}', '{where} {sym} {move}', '{symPx}, {move}', '{sym} {dirVerb}',
  ),
};

/** A closed market (weekend, night, holiday): how its last session ended and what comes next. */
export const CLOSED: ByFlavour = {
  veteran: pool(
    '{sym} {closeRef} {pastMove} kapattı; {nextOpen} bakarız, acele yok',
    '{closedWhere}; {sym} {closeRef} {pastMove} kapatmıştı',
    'Seans kapalı, {symAcc} {nextOpen} [izleriz|görürüz]',
  ),
  trader: pool(
    '{closedWhere}, {nextOpen} tahtaya [dönüyoruz|bakarız]',
    '{sym} {closeRef} {pastMove} kapattı, {nextOpen} [aksiyon|gap] var mı bakacağım',
    'seans yok, {sym} için {nextOpen} [plan hazır|tetikteyim]',
  ),
  economist: pool(
    '{sym} {closeRef} {pastMove} kapattı; {nextOpenBase} öncesi {theme} [belirleyici|önemli] olacak',
    '{closedWhere}; {nextOpen} fiyatlamada {reason} [öne çıkar|belirleyici olur]',
  ),
  newbie: pool(
    '{closedWhere} di mi, {symAcc} {nextOpen} mı izleyeceğiz',
    '{sym} {closeRef} {pastMove} kapatmış, {nextOpen} ne olur acaba',
  ),
  chartist: pool(
    '{sym} {closeRef} {pastMove} kapattı; {nextOpen} {lvlS} desteği [izlemede|önemli]',
    'Seans kapalı; {symGen} kapanışı {pattern}, {nextOpen} teyit arıyorum',
    '{sym} kapanışta {px}; {nextOpen} {lvlR} direnci [hedef|izlemede]',
  ),
  retiree: pool(
    '{closedWhere}, [biz de dinlenelim|dinlenme vakti] çocuklar; {sym} {closeRef} {pastMove} kapatmıştı',
    '{sym} {closeRef} {pastMove} kapattı, {nextOpen} bakarız canım',
  ),
  plain: pool('{sym} {closeRef} {pastMove} kapattı', '{closedWhere}; {nextOpen} bakarız'),
};

/** Another symbol, briefly. */
export const SECOND: readonly Template[] = pool(
  '{sym2} ise {move2}', 'Bu arada {sym2} {move2}', '[Ayrıca|Bir de] {sym2} {move2}', '{sym2} tarafı da {dirVerb2}',
);

/** Macro takes: the economist's own, and everyone's. */
export const MACRO: ByFlavour = {
  economist: pool(
    '{theme} [yaklaşıyor|gündemde|masada]; {hedge} {macroView}',
    '[Bu hafta|Bu ay|Önümüzdeki günlerde] {theme} [kritik|belirleyici|önemli], {macroView}',
    '{macroView}; [bunu|bu tabloyu] {theme} [netleştirecek|gösterecek]',
    '[TCMB|Merkez Bankası] [sıkı duruşunu koruyor|adımlarını temkinli atıyor], {macroLink}',
    'Fed [tarafında|cephesinde] [faiz|indirim] [beklentisi|tartışması] [sürüyor|değişiyor]; {macroLink}',
    'Fiyatlar [cephesinde|tarafında] tablo net değil: {macroView}; [reel faiz|beklenti anketi] bunu [gösteriyor|destekliyor]',
    'Reel faiz [pozitife dönmeden|pozitif kalmadan] kalıcı bir [iyileşme|dezenflasyon] [zor|beklemiyorum]; {macroLink}',
    '{macroLink}; [arkasında|bunun altında] {reason} var',
    'Kur geçişkenliği [hâlâ|yine] [masada|gündemde]; {macroView}',
  ),
  veteran: pool('{theme} [yaklaşıyor|gündemde], ben [telaş etmem|sakin beklerim|çok kafaya takmam]', 'Faiz kararları gelir geçer, ben [şirketlere|bilançolara] bakarım',
    '{theme} [için|konusunda] [herkes|piyasa] heyecanlı, ben [sabırlıyım|acele etmem]; {macroView}', '[Yıllardır|Çok] {theme} gördüm, [sonunda|eninde sonunda] şirket kârına bakılır'),
  trader: pool('{theme} günü volatilite [patlar|artar], [stoplar hazır|tetikteyim]', '{theme} [öncesi|sonrası] tahta [karışır|hareketlenir|sertleşir], [dikkat|stop şart]',
    '{theme} [saatinde|açıklanınca] [ekrandayım|pozisyon küçültürüm|hızlı al-sat yaparım]', '{theme} [beklentinin altında|sürpriz] gelirse [bankalar uçar|tahta karışır], {hedge} {macroView}'),
  newbie: pool('{theme} diye bir şey var, [anlamaya çalışıyorum|nasıl etkiler acaba]', 'herkes {theme} konuşuyor, [önemli bir şey|ben de merak ettim]',
    '{theme} [yaklaşıyormuş|gündemdeymiş], [heyecanlıyım|ne olacak acaba]'),
  chartist: pool('{theme} öncesi [grafikler|endeks|fiyatlar] [sıkışık|kararsız|bantta], kırılım [sonrasında|ondan sonra|veriyle] gelir',
    'Haber değil seviye konuşalım; {theme} sonrası [teyit ararım|kırılıma bakarım|hacme bakarım]', '{theme} [günü|öncesi] [stoplarımı sıkı tutarım|pozisyon küçültürüm|seviyelerimi gözden geçiririm]'),
  retiree: pool('Faiz düşerse mevduattaki para [borsaya|temettü hisselerine] döner [derler|bakalım]', '{theme} [yaklaşıyor|gündemde], [emekliye|bize] bir yansır mı bakalım',
    '{theme} [neyse|ne olursa olsun], [temettü|birikim] bizim işimiz', 'Mevduat faizi [düşerse|inerse] [biz emekliler|birikimciler] ne yapacağız, onu düşünüyorum'),
  plain: pool('{theme} [gündemde|yaklaşıyor], {hedge} {macroView}', '{macroView}, {macroLink}'),
};

/** Reactions to a news item. */
export const NEWS: readonly Template[] = pool(
  '"{head}" [haberi|başlığı] [düştü|geldi|gündemde], {newsTake}',
  '{head} diye bir haber [var|okudum], {newsTake}',
  '[Haberi gördünüz mü|Haberlere bakın|Son dakika]: {head}. {newsTake}',
  '[Şu habere|Bu habere] bakın: "{head}". {hedge} {newsTake}',
);
