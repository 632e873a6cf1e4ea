// Word lists the offline generator's slots draw from: moves with and without figures, moves of a closed
// market in the past tense, outlooks, moods, hedges, reasons, themes, methods and actions. Each list is a
// compiled template pool, so entries may hold choices.
import { pool } from '../engine.ts';
import type { Template } from '../engine.ts';

/** up / down / flat */
export type Dir = 'up' | 'down' | 'flat';
/** bull / bear / neutral */
export type Lean = 'bull' | 'bear' | 'neutral';

type ByDir = Readonly<Record<Dir, readonly Template[]>>;
type ByLean = Readonly<Record<Lean, readonly Template[]>>;

/** "%1,8 yukarıda" — needs {chg}. */
export const MOVE_NUM: ByDir = {
  up: pool('{chg} yukarıda', '{chg} artıda', 'günü {chg} primle götürüyor', '{chg} yükselişte', '{chg} yeşilde',
    'günlük bazda {chg} artıda', '{chg} [prim yapmış|primlenmiş]', 'açılışa göre {chg} yukarıda', '{chg} [ekledi|kazandırdı] bugün'),
  down: pool('{chg} aşağıda', '{chg} ekside', 'günü {chg} kayıpla götürüyor', '{chg} düşüşte', '{chg} kırmızıda',
    'günlük bazda {chg} geride', '{chg} [değer kaybetmiş|geri çekilmiş]', 'açılışa göre {chg} aşağıda', '{chg} [kaybettirdi|eridi] bugün'),
  flat: pool('[neredeyse|hemen hemen] yatay', 'yatay seyrediyor', 'yerinde sayıyor', '[yön arıyor|kararsız], değişim {chg} civarı',
    'pek kıpırdamıyor', 'dar bantta, {chg} oynamış'),
};

/** The same without figures. */
export const MOVE_WORDS: ByDir = {
  up: pool('[yukarıda|artıda|yeşilde]', '[güzel|sağlam|güçlü] gidiyor', 'alıcı buluyor', '[toparlanıyor|toparladı]', '[tırmanıyor|yükseliyor]',
    '[hafiften|yavaş yavaş] yukarı [kıvrılıyor|yöneliyor]', '[keyifli|sağlıklı] bir yükselişte', 'primli [gidiyor|seyrediyor]'),
  down: pool('[aşağıda|ekside|kırmızıda]', '[satış yiyor|baskı altında]', '[geri çekiliyor|geriliyor]', '[zayıf|halsiz|yorgun] görünüyor',
    '[eriyor|kan kaybediyor]', '[hafiften|yavaş yavaş] aşağı [sarkıyor|kayıyor]', 'satıcılı [gidiyor|seyrediyor]'),
  flat: pool('yatay', '[yatay|sakin] seyrediyor', 'yerinde sayıyor', 'yön arıyor', '[pek|hiç] kıpırdamıyor', 'dar bantta gidiyor',
    'bekle-gör modunda', 'nefes alıyor'),
};

/** A verb phrase for the direction, without numbers. */
export const DIR_VERB: ByDir = {
  up: pool('yükselişini sürdürüyor', 'yeşile döndü', 'alıcı buluyor', 'toparlanıyor', '[güzel|güçlü] gidiyor', 'yukarı yöneldi', 'tırmanıyor'),
  down: pool('geri çekiliyor', 'baskı altında', 'satış yiyor', 'kan kaybediyor', '[zayıf|halsiz] görünüyor', 'aşağı yöneldi', 'eriyor'),
  flat: pool('yatay seyrediyor', 'yön arıyor', 'bekle-gör modunda', 'sıkışmış durumda', 'nefes alıyor', 'dar bantta gidiyor'),
};

/** Short-term move (movePct) phrases. */
export const RECENT: ByDir = {
  up: pool('son dakikalarda [alım|alıcı] geldi', 'son dakikalarda hızlandı', 'biraz önce [sıçradı|ivmelendi]'),
  down: pool('son dakikalarda satış geldi', 'son dakikalarda sert düştü', 'biraz önce [sarktı|geri geldi]'),
  flat: pool('son dakikalarda sakin', 'son yarım saattir [kıpırtı yok|hareketsiz]', 'son dakikalarda [durgun|hareket az]'),
};

/** How a closed market's last session ended, past tense: "{closeRef} {pastMove} kapattı". */
export const PAST_MOVE_NUM: ByDir = {
  up: pool('{chg} artıyla', '{chg} primle', '{chg} yükselişle'),
  down: pool('{chg} düşüşle', '{chg} kayıpla', '{chg} ekside'),
  flat: pool('yatay', 'neredeyse değişmeden', 'hemen hemen yatay'),
};
export const PAST_MOVE_WORDS: ByDir = {
  up: pool('artıyla', 'primli', 'yükselişle', 'yeşilde'),
  down: pool('ekside', 'kayıpla', 'düşüşle', 'kırmızıda'),
  flat: pool('yatay', 'değişmeden', 'hemen hemen yatay'),
};

/** An opinion about where it goes — hedged, never a promise. */
export const OUTLOOK: ByLean = {
  bull: pool('devamı gelebilir', 'yukarı potansiyel var gibi', 'alıcılar istekli görünüyor', 'momentum sürebilir',
    'bu seviyeler bana cazip geliyor', 'geri çekilmeler alım fırsatı olabilir', 'hikâye bozulmadı', 'trend hâlâ yukarı'),
  bear: pool('biraz daha baskı görebiliriz', 'temkinli olmakta fayda var', 'aşağı risk bitmedi', 'bu yükselişe pek güvenmiyorum',
    'kâr satışı gelebilir', 'acele eden üzülebilir', 'görünüm [zayıf|kırılgan]', 'düşüş bitmemiş olabilir'),
  neutral: pool('yön henüz belli değil', 'izlemek lazım', 'karar vermek için erken', 'iki yöne de açık', 'netleşmesini bekliyorum',
    'biraz daha veri lazım', 'acele etmeye gerek yok'),
};

/** Mood adjectives by valence sign. */
export const MOOD_ADJ: ByLean = {
  bull: pool('keyifli', 'güzel', 'moral verici', 'hareketli ve güzel', 'iç açıcı'),
  bear: pool('can sıkıcı', 'tatsız', 'sinir bozucu', 'yorucu', 'moral bozucu'),
  neutral: pool('sakin', 'sıradan', 'durgun', 'olağan', 'bekleyişli'),
};

/** Hedges by confidence: low / mid / high. */
export const HEDGE = {
  low: pool('galiba', 'emin değilim ama', 'sanki', 'bilemedim ama', 'yanılıyor olabilirim ama', 'bana öyle geliyor ki', 'belki de'),
  mid: pool('bence', 'bana kalırsa', 'şahsen', 'bana göre', 'kanaatimce'),
  high: pool('net söyleyeyim,', 'açık konuşayım,', 'bence belli,', 'bana göre gayet açık,', 'tartışmasız,'),
};

/** Where a topic happens, as a locative. */
export const WHERE: Readonly<Record<string, readonly Template[]>> = {
  BIST: pool('borsada', "BIST'te", 'hisse tarafında', 'tahtada', 'borsa tarafında', 'hisselerde'),
  FX: pool('kur tarafında', 'döviz cephesinde', 'kurda', 'döviz tarafında', 'kur cephesinde'),
  Kripto: pool('kriptoda', 'coin tarafında', 'kripto piyasasında', 'kripto tarafında', 'coinlerde'),
  Makro: pool('ekonomide', 'makro tarafta', 'veri tarafında'),
  '': pool('piyasada', 'piyasalarda'),
};

/** Why things move, by topic. */
export const REASON: Readonly<Record<string, readonly Template[]>> = {
  BIST: pool('yabancı girişi', 'bankaların bilanço beklentisi', 'faiz indirimi beklentisi', 'kâr satışları',
    'endeks ağırlıklı hisselerdeki [alım|hareket]', 'şirket haberleri', 'reel getiri arayışı'),
  FX: pool("TCMB'nin kur politikası", 'ihracatçının döviz bozdurması', 'dış ticaret açığı', 'küresel dolar endeksi',
    'yerlinin dövize yönelmesi', 'rezerv tarafındaki gelişmeler'),
  Kripto: pool('ETF girişleri', 'küresel risk iştahı', 'Fed beklentisi', 'büyük cüzdanların hareketi',
    'kaldıraçlı pozisyonların tasfiyesi', 'borsalardaki hacim artışı'),
  Makro: pool('hizmet enflasyonunun yapışkanlığı', "TCMB'nin sıkı duruşu", "Fed'in faiz patikası",
    'büyüme verisindeki yavaşlama', 'beklentilerdeki bozulma', 'bütçe tarafındaki açık'),
  '': pool('genel risk iştahı', 'beklentilerdeki değişim', 'haber akışı'),
};

/** Macro themes and views. */
export const THEME = pool('faiz kararı', 'enflasyon verisi', 'PPK toplantısı', "TCMB'nin adımları", "Fed'in faiz kararı",
  'büyüme verisi', 'cari açık rakamları', 'işsizlik verisi', 'bütçe dengesi', 'enflasyon beklenti anketi');
export const MACRO_VIEW: ByLean = {
  bull: pool('dezenflasyon yolunda ilerliyoruz gibi', 'faiz indirimi için alan açılıyor', 'tablo yavaş yavaş düzeliyor',
    'beklentiler iyileşiyor', 'sıkı duruş meyvesini veriyor'),
  bear: pool('enflasyon yapışkan kalacak gibi', 'sıkı para politikası uzun sürecek', 'hizmet fiyatları hâlâ sorun',
    'reel faiz tarafı zayıf', 'beklentiler hâlâ bozuk'),
  neutral: pool('veri gelmeden konuşmak zor', 'tablo karışık', 'iki yöne de okunabilir', 'piyasa henüz fiyatlamadı', 'detaylara bakmak lazım'),
};

/** What the persona would do, by risk and lean. */
export const ACTION: Readonly<Record<string, readonly Template[]>> = {
  'low-bull': pool('kademeli [alırım|toplarım]', 'küçük küçük eklerim', 'uzun vadeli bakıp parça parça alırım'),
  'low-other': pool('kenarda beklerim', 'acele etmem, [fiyat|tablo] netleşsin', 'nakitte sabırla beklerim'),
  'high-bull': pool('stoplu [girerim|denerim]', 'kısa vadeli bir işlem denerim', 'momentumla girip hızlı çıkarım'),
  'high-other': pool('[hızlı|ufak] bir kâr alıp çıkarım', 'şimdilik uzak dururum, momentum yok', 'düşüşte fırsat kollarım'),
  'medium-bull': pool('küçük bir pozisyonla [başlarım|denerim]', 'yarısını şimdi yarısını düşüşte alırım'),
  'medium-other': pool('biraz daha [izlerim|beklerim]', 'teyit gelmeden girmem'),
};

/** How the persona invests, by flavour. */
export const METHOD: Readonly<Record<string, readonly Template[]>> = {
  chartist: pool('önce grafiğe bakıyorum, destek ve direnci çiziyorum', 'RSI ile hacmi birlikte okuyorum', 'kırılım gelmeden pozisyon açmıyorum',
    'trend çizgisine ve hareketli ortalamalara bakıyorum', 'seviyem yoksa işlemim de yok', 'haftalık grafikle başlayıp günlüğe iniyorum',
    'stopu destek altına koyup [öyle|ondan sonra] giriyorum', 'hacimsiz kırılımı kırılım saymıyorum'),
  trader: pool('gün içi giriyorum, stopu koyup hızlı çıkıyorum', 'momentumu olanı seçip kısa tutuyorum', 'hacim gelen yere bakıyorum, küçük kârları topluyorum',
    'zararı küçük, kârı büyük tutmaya çalışıyorum', 'akşama pozisyon taşımıyorum', 'haber saatlerinde tahtadan uzak durmuyorum, tersine'),
  economist: pool('önce makro veriye bakıyorum, sonra sektöre iniyorum', 'reel faiz ve kur beklentisini birlikte değerlendiriyorum',
    'enflasyon ve faiz patikasını izleyip ona göre dağılım yapıyorum', 'beklenti anketleriyle gerçekleşmeleri karşılaştırıyorum',
    'nominal getiriyi değil reel getiriyi ölçüyorum', 'ödemeler dengesine ve rezervlere bakmadan kur yorumu yapmıyorum'),
  retiree: pool('temettü veren sağlam şirketleri seçip yıllarca tutuyorum', 'temettü takvimine bakıp düzenli ekliyorum',
    'bilançosu temiz, temettüsü düzenli şirketlere bakıyorum', 'birikimi altın, hisse ve mevduat diye üçe bölüyorum', 'her temettüyü yine hisseye yatırıyorum'),
  newbie: pool('küçük miktarla deneyip öğreniyorum', 'önce araştırıyorum, sonra az miktarla giriyorum', 'buradaki abilerin ablaların yorumlarını okuyup not alıyorum',
    'her gün bir terim öğrenmeye çalışıyorum', 'kaybetmeyi göze alabileceğim kadarla oynuyorum'),
  veteran: pool('kademeli alıyorum, acele etmiyorum', 'sepeti dağıtıyorum, tek yere yüklenmiyorum', 'uzun vadeli düşünüp düşüşlerde ekliyorum',
    'bilançoyu okumadan hisse almıyorum', 'panik günlerinde alım listemi açıyorum'),
  plain: pool('küçük pozisyonlarla ilerliyorum', 'haberi ve fiyatı birlikte takip ediyorum'),
};
