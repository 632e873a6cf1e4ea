// Talking to each other: replies that take up the claim they answer ({claimEcho}: "THYAO yükselir
// diyorsun") and agree or push back with a reason in the speaker's own terms; questions to the group or
// to the member who knows; a joke at a member's expense, by what that member is like.
import { pool } from '../engine.ts';
import type { Template } from '../engine.ts';
import type { Flavour } from '../voice.ts';
import type { Lean } from './words.ts';

type ByFlavour = Readonly<Record<Flavour, readonly Template[]>>;

/** Agreeing with the line answered ({claimSym}: the symbol it is about). */
export const AGREE: ByFlavour = {
  veteran: pool('{yes} {who}, {claimSym} için {reason+}', '{who} haklı; {claimSym} [tarafında|konusunda] {reason+}', '{yes}. {claimEcho}, ben de öyle görüyorum; {reason+}',
    '{claimEcho}, katılıyorum {who}; {reason+}', '{claimSym} [için|konusunda] {who} haklı, {reason+}'),
  trader: pool('{yes} {who}, {claimSymLoc} {reason+}', '{claimEcho}, aynen; {reason+}', '{yes}! {claimSym} [tarafında|için] {reason+}',
    '{who} [bilir|haklı], {claimSymLoc} {reason+}'),
  economist: pool('{yes} {who}; {claimSym} için {reason+}', '{claimEcho}; buna katılırım, zira {reason+}',
    '{who} {claimSym} konusunda [yerinde|doğru] bir noktaya değindi: {reason+}'),
  newbie: pool('{yes} {who}, {claimSym} için {reason+}', '{who} [haklı|doğru söylüyor bence], {claimSym} [konusunda|için] {reason+}',
    '{claimSym} için ben de öyle düşünmüştüm {who}, {reason+}'),
  chartist: pool('{yes}, {who}. {claimSym} için {reason+}', '{claimEcho}; teknik de bunu söylüyor: {reason+}', '{who} haklı, {claimSymLoc} {reason+}'),
  retiree: pool('{yes} {who}, {claimSym} için {reason+}', '{who} doğru söylüyor evlatlar, {claimSym} [için|konusunda] {reason+}',
    '{claimEcho}, ben de öyle düşünüyorum canım; {reason+}'),
  plain: pool('{yes} {who}, {claimSym} için {reason+}', '{who} haklı, {reason+}'),
};

/** Pushing back on the line answered. */
export const DISAGREE: ByFlavour = {
  veteran: pool('{who}, {claimEcho} ama {reason-}', '{no}; {claimSym} için {reason-}', 'Acele etme {who}, {claimSym} [için|konusunda] {reason-}',
    '{claimEcho}, [anlıyorum|saygı duyarım] ama {reason-}'),
  trader: pool('{no} {who}, {claimSymLoc} {reason-}', '{claimEcho} ama {reason-}', '{who} bence [yanılıyorsun|öyle değil], {claimSym} [tarafında|için] {reason-}'),
  economist: pool('{no}; {claimSym} için {reason-}', '{who}, {claimEcho} ama {reason-}', '{claimEcho}; veriler [başka|farklı] bir şey söylüyor: {reason-}'),
  newbie: pool('{who}, {claimEcho} ama {reason-}', '{doubt} {who}, {claimSym} [için|konusunda] {reason-}', '{claimEcho} ama {reason-}'),
  chartist: pool('{no}. {claimSym} için {reason-}', '{who}, {claimEcho} ama {reason-}', '{claimSym} grafiği öyle demiyor {who}: {reason-}'),
  retiree: pool('{who} evladım, {claimEcho} ama {reason-}', '{no} canım; {claimSym} [için|konusunda] {reason-}', 'Aman {who}, {claimSym} için {reason-}'),
  plain: pool('{no}, {claimSym} için {reason-}', '{who}, {claimEcho} ama {reason-}'),
};

/** Taking up a line that takes no side: one's own view on its symbol. */
export const TAKE: ByFlavour = {
  veteran: pool('{who}, {claimSym} için benim görüşüm belli: {reason*}', '{claimSymMi}? {who}, {reason*}'),
  trader: pool('{who}, {claimSymLoc} bence {reason*}', '{claimSymMi}, {reason*}'),
  economist: pool('{who}, {claimSym} için [benim okumam|bana kalırsa] şu: {reason*}', '{claimSym} [meselesinde|konusunda] {reason*}, {who}'),
  newbie: pool('{who}, {claimSym} için ben şöyle düşündüm: {reason*}', '{claimSymMi}, {doubt} {reason*}'),
  chartist: pool('{who}, {claimSym} için teknik tablo şu: {reason*}', '{claimSymLoc} {reason*}'),
  retiree: pool('{who} evladım, {claimSym} için bence {reason*}', '{claimSymMi} canım, {reason*}'),
  plain: pool('{who}, {claimSym} için bence {reason*}'),
};

/** Reasons in the speaker's terms for a lean (bull / bear / neutral). {sym} is the claim's symbol. */
export const REASONS: Readonly<Record<Flavour, Readonly<Record<Lean, readonly Template[]>>>> = {
  chartist: {
    bull: pool('{lvlS} desteğinin üstünde kaldıkça yön yukarı', 'hacim gelirse {lvlR} direnci [test edilir|gelir]', '{rsiCool}RSI {rsi}, aşırı alımda değil daha',
      'yükselen dipler [bozulmadı|devam ediyor]', '{live}destek [sağlam|çalışıyor], hacim de [geliyor|fena değil]', '{live}kırılım [teyit edildi gibi|geldi, teyit bekliyorum]',
      '[günlük|4 saatlik] grafikte [trend|yapı] [yukarı|sağlam]', '{live}ortalamaların üstünde [tutunuyor|kalıyor], [sorun yok|yön belli]', '{shut}son kapanış güçlü, yapı [bozulmadı|sağlam]'),
    bear: pool('{lvlR} direncini hacimsiz geçemez', 'alçalan tepeler var, [dikkat|temkinli olmak lazım]', '{rsiHot}RSI {rsi}, [yorulmuş|yorgun] görünüyor', '{lvlS} kırılırsa [hızlanır|satış gelir]',
      'hacimsiz yükselişe [güvenmem|itibar etmem]', 'direnç [çok yakın|üstte bekliyor]', '[günlük|haftalık] kapanış [zayıf|kötü] geldi', '{live}ortalamanın altına [sarktı|indi], [dikkat|temkin]'),
    neutral: pool('{lvlS} ile {lvlR} arasında sıkışmış, kırılımı bekleyelim', 'teyit yok daha, seviye net değil', 'bant içinde, yön kırılımla belli olur',
      '[üçgen|bayrak] sıkışıyor, [kırılım yakın|yön yakında belli olur]'),
  },
  economist: {
    bull: pool('reel faiz pozitife dönerken bu [anlamlı|destekleyici]', 'dezenflasyon sürdükçe risk primi [düşer|geriler]', 'beklenti anketleri [iyileşiyor|düzeliyor]',
      'kur tarafı sakin, bu fiyatlamayı destekler', 'arkada {reason} var, [destekliyor|sağlam duruyor]', 'risk primindeki [düşüş|gerileme] [kalıcı görünüyor|sürüyor]'),
    bear: pool('{stock}reel getiri hâlâ [zayıf|negatif], yükselişin önemli kısmı nominal', 'beklentiler [bozuk|yapışkan], temkin şart', '{fx}kur geçişkenliği riski [masada|bitmedi]',
      '{macro}hizmet enflasyonu [inatçı|düşmüyor]', '{reason} [baskı yapıyor|henüz fiyatlanmadı]', 'sıkı duruş [uzun sürecek gibi|gevşemeyecek gibi]'),
    neutral: pool('veri gelmeden [hüküm vermek|karar vermek] zor', '{theme} [netleştirecek|belirleyici olacak]', 'iki yöne de okunabilecek bir tablo var',
      'veriler [karışık|çelişkili] sinyal veriyor'),
  },
  trader: {
    bull: pool('{live}momentum var, tahtada alıcı [istekli|iştahlı]', '{live}hacim dönüyor, [trend dostumuz|kaçırmamak lazım]', '{live}kırılım geldi, stoplu [devam|binilir]',
      '{live}alıcılar [iştahlı|istekli], [kovalarım|takipteyim]', '{live}[derinlikte|kademede] alıcı [dolu|güçlü], [fırsat bu|kaçmaz]', '{live}gün içi [yapı|trend] güzel, [stoplu|dikkatli] takip',
      '{shut}kapanış güçlü geldi, açılışta [devamı gelebilir|bakarım]', 'trend bozulmadıkça [long|içerideyim], stop hazır'),
    bear: pool('{live}momentum bitti, stop yemeden çıkmak lazım', '{live}tahtada satıcı var, [kovalamam|uzak dururum]', '{live}hacim [yok|düştü], [tuzak|fake] olabilir',
      'kâr satışı kapıda, [dikkat|stop şart]', '{live}[kademede|derinlikte] satıcı [ağır|yığılmış], [bulaşmam|uzak dururum]', '{shut}kapanış zayıf, açılışta [satış gelebilir|dikkat]'),
    neutral: pool('yön yok, [beklerim|kenardayım]', '{live}tahta kararsız, [scalp bile zor|oyun yok]', '{live}[sıkıcı|durgun] bir tahta, [beklerim|bakmıyorum bile]',
      '{shut}açılışı görmeden [bir şey demem|karar vermem]'),
  },
  retiree: {
    bull: pool('{stock}temettüsü [güzel|düzenli], uzun vadede kazandırır', '{stock}sağlam şirket, [bilançosu temiz|köklü]', 'sabredene [kazandırır|güzel getirir]',
      '[yavaş ama emin|ağır ama sağlam] gider, [bizim işimiz de bu|ben bunu severim]', '{fx}birikimin sigortası gibi, [bir kenarda dursun|iyi gider]'),
    bear: pool('bu seviyelerde temkinli olmak lazım', 'riskli buluyorum, birikimi korumak lazım', 'aman dikkat, [acele eden|hırs yapan] kaybeder',
      '[birikimi|parayı] riske atmaya gerek yok'),
    neutral: pool('[acele etmeyelim|sabredelim], zaman gösterir', '{stock}temettüsüne bakarım, gerisi [teferruat|gelip geçer]', '[telaşa gerek yok|sakin olalım], görürüz'),
  },
  veteran: {
    bull: pool('uzun vadede sabreden hep kazandı', 'düşüşler [geçici|alım fırsatı], yıllardır gördüm', 'sabredene döner, [bu iş|piyasa] böyle',
      'temeli sağlam olan er geç değerini bulur', '[bu tabloyu|böyle dönemleri] çok gördüm, [sonu iyi biter|korkmam]'),
    bear: pool('{stock}acele edenler çok yandı, önce bilanço görelim', 'acele edenler çok yandı, [sakin olalım|bekleyelim]', 'bu hızlı yükselişlere güvenmem', 'yıllardır gördüm, [böyle|bu tür] [coşkular|heyecanlar] çabuk söner',
      '[köpük gibi|fazla hızlı] bir hareket, [temkinliyim|dikkat ederim]'),
    neutral: pool('acele yok, [zaman gösterir|görürüz]', 'önce tabloyu görmek lazım', '[sabır|bekle gör], [bu iş böyle|başka yolu yok]'),
  },
  newbie: {
    bull: pool('okuduğum yorumlar da öyle diyordu', 'grafiği ben de yukarı gördüm', 'iyimserim ama ben yeniyim tabii', 'güzel görünüyor, umarım öyle olur'),
    bear: pool('bilmiyorum, biraz korkutucu geldi bana', 'ben düşer diye korkuyorum açıkçası', 'okuduğum yorumlar [pek iyi değildi|karışık]'),
    neutral: pool('kafam karıştı açıkçası', 'neden öyle düşünüyorsun, merak ettim', '[henüz|pek] anlayamadım, izliyorum'),
  },
  plain: {
    bull: pool('{outlook}'), bear: pool('{outlook}'), neutral: pool('{outlook}'),
  },
};

/** Why a persona stays away from a topic its stance rejects (crypto for the retiree, slow FX for the
 * trader), in its own terms. */
export const REJECTED: ByFlavour = {
  retiree: pool('bu iş [kumar|şans oyunu] gibi, ben uzak dururum', 'ben oraya para koymam, birikim emanet', 'o tarafı hiç sevmem, riskini kaldıramam',
    'benim işim değil, [temettü|altın] bana yeter'),
  trader: pool('o taraf bana [yavaş|ağır] gelir, ben hızlı hareket eden yerdeyim', 'orada momentum yok, uğraşmam', 'o tarafla pek uğraşmam, tahta daha hızlı'),
  veteran: pool('o taraf bana göre değil, ben bildiğim işe bakarım', 'anlamadığım işe girmem'),
  economist: pool('o tarafı [spekülatif|temelsiz] buluyorum', 'veriyle açıklanamayan bir fiyatlama var orada'),
  newbie: pool('orası beni korkutuyor açıkçası', 'o tarafa hiç girmedim, bilmiyorum'),
  chartist: pool('o grafikle uğraşmıyorum', 'orada net bir seviye göremiyorum'),
  plain: pool('o taraf bana göre değil'),
};

/** Questions a flavour asks the group; {chartExpert} / {macroExpert} / {member} name whom it asks. */
export const QUESTION: ByFlavour = {
  newbie: pool('Sizce {symAcc} [şimdi|bu seviyeden] almak mantıklı mı', 'Şimdi baktım {sym} {move}, [normal mi bu|bu iyi mi]', '{sym} neden böyle {dirVerb}, [biri|birisi] [anlatabilir mi|açıklayabilir mi]',
    '{chartExpert}, {symLoc} destek neresi [sence|acaba]', '{macroExpert}, {theme} {symAcc} nasıl etkiler', 'Herkes {sym} için RSI diyor, RSI tam olarak ne demek',
    '{symAcc} [tutan|takip eden|alan] var mı [burada|aranızda]', '{stock}{symGen} temettü verimi nasıl hesaplanıyor, [biri anlatabilir mi|bilen var mı]',
    '{symLoc} bu [hareket|gidişat] [kalıcı mı|devam eder mi] sizce', '{member}, sen olsan {symAcc} [alır mıydın|tutar mıydın]',
    '{symAcc} almadan önce neye bakmalı yeni başlayan biri', 'Stop koymak şart mı, {chartExpert} [ne dersin|sen ne yapıyorsun]',
    '{macroExpert}, [enflasyon verisi|faiz kararı] ne zaman [açıklanıyor|geliyor]', '{sym} için [sizce|] [geç mi kaldım|şimdi girilir mi]',
    '{theme} {symAcc} nasıl etkiler, [biri anlatabilir mi|bilen var mı]', 'Faiz inerse {symDat} ne olur, [biri anlatabilir mi|bilen var mı]',
    '{hedge} {theme} önemli, neden herkes [bunu|onu] konuşuyor'),
  trader: pool('{symAcc} [takip eden|izleyen] var mı', '{symLoc} giren var mı [bugün|şu an]', '{chartExpert}, {sym} için seviye ne [diyorsun|görüyorsun]',
    '{sym} [sizce|bence] [kırar mı|devam eder mi|döner mi]', '{symLoc} kâr alan var mı [aranızda|bugün]'),
  economist: pool('{chartExpert}, {sym} için [teknik tarafta|grafikte] ne görüyorsun', '{theme} [için|konusunda] [beklentiniz|tahmininiz] ne',
    'Piyasa sizce {theme} öncesi neyi fiyatlıyor', '{member}, {theme} sonrası [pozisyon değiştirir misin|ne yaparsın]', '[Sizce|Acaba] {theme} [sürpriz yapar mı|piyasayı şaşırtır mı]'),
  chartist: pool('{symAcc} [izleyen|takip eden] var mı, {lvlS} önemli', '{macroExpert}, {theme} ne zaman', '{sym} [sizce|bence] {lvlR} direncini [aşar mı|geçer mi]',
    '{member}, {symLoc} stopun nerede'),
  retiree: pool('{member}, temettü ne zaman dağıtılır biliyor musun', 'Siz {where} ne yapıyorsunuz [bugün|bu ara] çocuklar',
    '{macroExpert}, faiz düşerse mevduat mı borsa mı [sence|olur]', '{member}, sen birikimini [nerede tutuyorsun|nasıl değerlendiriyorsun]'),
  veteran: pool('{chartExpert}, {sym} için sen ne dersin', 'Sizce {sym} bu seviyeyi [korur mu|tutar mı]', '{theme} [için|konusunda] beklentiniz ne',
    '{member}, {symAcc} [tutuyor musun|sen de izliyor musun]'),
  plain: pool('Sizce {sym} bu seviyeyi [korur mu|tutar mı|aşar mı]', '{sym} için [ne düşünüyorsunuz|fikriniz ne|yorumunuz ne]'),
};

/** A friendly joke at a member's expense, by what the member is like. {member} is their first name. */
export const BANTER: Readonly<Record<Flavour, readonly Template[]>> = {
  trader: pool('{member} yine tahtaya [dalmıştır|kilitlenmiştir], [ortalık sessiz|ses yok] 😄', '{member} bugün de stoplarını [sıkı tutuyordur|kontrol ediyordur] kesin',
    '{memberGen} ekranı [bugün de|yine] ya kıpkırmızıdır ya yemyeşil, ortası yok 😄', '{member} yine [beş dakikada|bir kahve arasında] al-sat yapmıştır kesin'),
  chartist: pool('{memberGen} grafiklerinde çizgi kalmadı valla 😄', '{member} yine [bir formasyon|bir üçgen|yeni bir kanal] bulmuştur [kesin|şimdi]',
    '{member} olmasa kimse destek direnç nedir bilmezdi burada 😄', '{memberGen} cetveli [bugün de|yine] elinde [valla|kesin]',
    '{member} [bir çizgi çekmeden|grafiğe bakmadan] [kahvaltı bile yapmaz|günaydın bile demez] 😄'),
  economist: pool('{member} Hoca veri açıklanmadan [kimseye|hiçbir şeye] inanmaz 😄', '{memberDat} sorsak [önce|ilk] enflasyon beklenti anketini sorar',
    '{member} yine [reel faiz|kur geçişkenliği] diyecek, [şimdiden|ben] biliyorum', '{member} Hocanın [dersleri|notları] [bedava|kaçmaz], [dinleyelim|not alın] 😄'),
  newbie: pool('{member} [yavaş yavaş|gün geçtikçe] [uzmanlaşıyor|kurda borsada usta oluyor] 😄', '{member}, [bugün|bu hafta] ne öğrendin bakalım',
    '{memberAccToo} [ikna edeceğiz|yola getireceğiz] yakında', '{member} [sorularıyla|merakıyla] hepimizi [canlandırıyor|uyandırıyor] 😄'),
  retiree: pool('{member} [temettü takvimini|temettü tarihlerini] ezbere biliyor [valla|maşallah]', '{memberGen} çayı [eksik olmasın|hazırdır şimdi] 😄',
    '{member} torunlarına [borsa|temettü] anlatıyordur şimdi', '{member} [olmasa|olmadan] bu grupta [sabır|tatlı dil] kalmazdı 😄'),
  veteran: pool('{member} [yirmi yıldır|yıllardır] aynı hisseleri tutuyor, [sabır abidesi|pes etmiyor] 😄', '{memberDat} sorsak [2001 krizini|eski günleri] anlatır şimdi',
    '{member} [yine|her zamanki gibi] sakin, [bize de öğretse|helal olsun]', '{member} [panik nedir bilmez|hiç telaş etmez], [ona özeniyorum|örnek alalım] 😄'),
  plain: pool('{member} [bugün|bu ara] [sessiz|pek görünmüyor]', '{member} ne diyor acaba bu işe'),
};
