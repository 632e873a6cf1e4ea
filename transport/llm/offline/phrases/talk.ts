// Templates for talking to someone: replies that agree or disagree with another member's line, and
// direct answers to a human's question, by question kind. Pool A leads with the reaction, pool B with
// the content — a regeneration switches pools so the retry has a different structure.
import { pool } from '../engine.ts';
import type { Template } from '../engine.ts';
import type { Bucket } from '../voice.ts';
import type { QuestionKind } from '../lexicon.ts';

/** Agreement / disagreement words by register. */
export const YES: Readonly<Record<Bucket, readonly Template[]>> = {
  slang: pool('aynen', 'aynen öyle', 'doğru diyosun', 'çok haklısın', 'tam isabet', 'he valla öyle', '+1'),
  neat: pool('Katılıyorum', 'Yerinde bir tespit', 'Haklısınız', 'Aynı kanaatteyim', 'Doğru bir okuma'),
  plain: pool('Katılıyorum', 'Aynen öyle', 'Haklısın', 'Bence de öyle', 'Doğru diyorsun', 'Ben de aynı fikirdeyim'),
};
export const NO: Readonly<Record<Bucket, readonly Template[]>> = {
  slang: pool('yok ya', 'abartma ya', 'bence öyle değil', 'hiç sanmam', 'ya yok artık', 'orası biraz sıkıntılı'),
  neat: pool('Pek katılamıyorum', 'Burada ayrışıyoruz', 'Veriler bunu pek desteklemiyor', 'Farklı okuyorum', 'Bu noktada itirazım var'),
  plain: pool('Pek katılamıyorum', 'Orada ayrılıyoruz', 'Emin değilim', 'Hmm, o kadar emin değilim', 'Bence öyle değil'),
};

/** Replies, by agreement and pool. */
export const REPLY: Readonly<Record<'agree' | 'disagree', readonly [readonly Template[], readonly Template[]]>> = {
  agree: [
    pool('{yes}[|, {who}], {sym} {move}', '{yes}[|, {who}]; {topicRef} [için|tarafında] {outlook}',
      '{yes}, {topicRef} [için|konusunda] ben de [aynı şeyi|benzer bir şey] [düşünüyordum|görüyorum]: {outlook}',
      '{yes}[|, {who}], {topicRef} [konusu|meselesi] [önemli|kritik], {hedge} {outlook}',
      '{who} [haklı|doğru söylüyor], {topicRef} [için|tarafında] {outlook}',
      '{yes}; {symPx}, {outlook}'),
    pool('{sym} {move}, [o yüzden|bu yüzden] {who} [haklı|doğru söylüyor]',
      '{topicRef} [konusunda|tarafında] [aynı fikirdeyiz|hemfikiriz] {who}, {outlook}',
      '{symPx}; [dediğin gibi|söylediğin gibi] {outlook}',
      '[Tam|Aynen] [benim de düşündüğüm|benim de gördüğüm] şey[| {who}]: {topicRef} [için|tarafında] {outlook}',
      '{topicRef} [meselesinde|konusunda] sana katılıyorum {who}, {reasonLine}'),
  ],
  disagree: [
    pool('{no}[|, {who}], {topicRef} [için|tarafında] {counter}', '{no}; {sym} {move} ama {counter}',
      '{who}, {topicRef} [konusunda|tarafında] [biraz|bu sefer] farklı düşünüyorum: {counter}',
      '[Saygı duyarım ama|Anlıyorum ama|Haklı olabilirsin ama] {topicRef} [için|tarafında] {counter}',
      '{no}, {topicRef} [için|tarafında] {counter}'),
    pool('{sym} {move}, yine de {counter}', '{topicRef} [için|tarafında] [tablo|durum] bence farklı: {counter}',
      '{symPx} [ortada|görünüyor]; {hedge} {counter}', '{topicRef} [için|konusunda] öyle görmüyorum {who}, {counter}',
      '{topicRef} [konusunda|tarafında] [ayrışıyoruz|farklı yerdeyiz] {who}: {counter}'),
  ],
};

/** Optional second clause of an answer ("…, ama karar senin"). */
export const ANSWER_TAIL = pool('{hedge} {outlook}', 'ama karar senin', 'herkesin risk iştahı farklı', 'benden söylemesi',
  'kendi planına göre düşün', 'not olsun', 'bu benim tarzım', 'acele etme derim', 'gerisi sana kalmış', 'ben böyle bakıyorum',
  '{where} [hava|durum] {mood}');

/** Direct answers to a human, by question kind and pool. Every template names the human. */
export const ANSWER: Readonly<Record<QuestionKind | 'boughtYes' | 'boughtNone', readonly [readonly Template[], readonly Template[]]>> = {
  bought: [
    pool('{human}, [bugün|bu hafta] [ağırlıkla|daha çok] {hold} [tarafındayım|topladım|ekledim], {holdPnl}',
      '{human}, [bende|benim portföyde] {hold} var, [maliyetim|ortalamam] {holdAvg}, {holdPnl}',
      '[Hemen söyleyeyim|Sorduğun için söyleyeyim] {human}: {hold} [aldım|taşıyorum], {holdPnl}'),
    pool('{hold} [var|duruyor] {human}, {holdPnl}[|, {holdFeel}]', '{holdLoc} [maliyetim|ortalamam] {holdAvg} {human}, {holdPnl}',
      '[Son alımım|En son aldığım] {hold} oldu {human}, {holdPnlShort}'),
  ],
  boughtYes: [
    pool('{human}, evet, {holdLoc} pozisyonum var; {holdPnl}', '{human}, {holdLoc} [varım|pozisyondayım], {holdPnl}[|, {holdFeel}]'),
    pool('Var {human}, {holdLoc} [maliyetim|ortalamam] {holdAvg}, {holdPnl}', '{holdLoc} [varım|duruyorum] {human}; {holdPnlShort}'),
  ],
  boughtNone: [
    pool('{human}, {symLoc} pozisyonum yok, [izliyorum|kenardan bakıyorum][|, {move}]', '{human}, bugün bir şey almadım, {action}'),
    pool('{symLoc} yokum {human}, [şimdilik|bu ara] {action}', 'Almadım {human}; {sym} {move}, {hedge} {outlook}'),
  ],
  why: [
    pool('{human}, [bence|bana göre|bana kalırsa] [asıl|temel] sebep {reason}[|; {sym} {move}]',
      'Güzel soru {human}: {reason}[|, {hedge} {outlook}]', '{human}, [bunun|hareketin] arkasında {hedge} {reason} var'),
    pool('{reasonCap} [diyorum|bence] {human}[|; {sym} {move}]', '{sym} {move} {human}, [sebep|neden] {hedge} {reason}'),
  ],
  how: [
    pool('{human}, ben şöyle [yapıyorum|bakıyorum]: {method}', '[Benim yöntemim|Benim işim|Bende iş] [basit|belli] {human}: {method}'),
    pool('{methodCap}, {human}[|; {sym} için de öyle]', 'Ben [genelde|hep] {method} {human}[|, sen de kendi yöntemini bul]'),
  ],
  which: [
    pool('{human}, [benim favorim|ben olsam gözüm] {sym}[|, {move}]', '{human}, [şu an|bugün] {symAcc} [beğeniyorum|daha çok seviyorum], {reason} [var|destekliyor]'),
    pool('{sym} {human}, {move}[|; {outlook}]', 'Benim listemde {sym} önde {human}, {px}'),
  ],
  buy: [
    pool('{human}, [tavsiye olmasın ama|yatırım tavsiyesi değil ama|kimseye al sat demem ama] ben olsam {sym} için {action}',
      '{human}, {symAcc} [düşünüyorsan|alacaksan] {hedge} {outlook}; ben {action}', '[Bu sana kalmış|Karar senin|Orası sana kalmış] {human}, ben {sym} için {action}'),
    pool('{sym} {move} {human}; [yatırım tavsiyesi değil ama|bana sorarsan] {action}', 'Ben olsam {sym} için {action} {human}, [çünkü|zira] {outlook}'),
  ],
  levels: [
    pool('{human}, {sym} için destek {lvlS}, direnç {lvlR}[|; {pattern}]',
      '{human}, [bana göre|grafikte] {sym} için ilk destek {lvlS}, [üstünde|yukarıda] {lvlR} var',
      '{human}, {symGen} [desteği|ana desteği] {lvlS} [civarı|bölgesi], [direnç|tavan] {lvlR}'),
    pool('{sym} için {lvlS} [önemli|kritik] {human}, [kırılırsa|altına inerse] [plan değişir|bakış değişir]; direnç {lvlR}',
      'Destek {lvlS}, direnç {lvlR} {human}[|, RSI {rsi}]'),
  ],
  outlook: [
    pool('{human}, [kimse bilemez ama|tahmin zor ama|falcı değilim ama] {sym} [için|] {outlook}[|; {levels}]',
      '{human}, {hedge} {sym} [tarafında|için] {outlook}', '{human}, {symGen} [yönü|rotası] için {hedge} {outlook}',
      '{human}, [bana sorarsan|benim gözümde] {sym} {dirVerb}[|, {move}]; {outlook}'),
    pool('{symPx} {human}; {hedge} {outlook}', '[Tahmin zor|Kimse bilemez] {human}, {sym} {move}; {outlook}'),
  ],
  when: [
    pool('{human}, ben {theme} sonrasını bekliyorum[|, {outlook}]', '{human}, {sym} [|için] {lvlS} [civarına inerse|seviyesine gelirse] [düşünürüm|bakarım|değerlendiririm][|, öncesinde acelem yok|, o zamana kadar izlerim]',
      '{human}, [acele etmiyorum|zamanlama zor|saat veremem]; {action}', '{human}, [net bir tarih veremem ama|takvim belli değil ama] {sym} için {theme} [önemli|belirleyici]'),
    pool('{theme} [sonrası|sonrasına] [bakarım|netleşir] {human}', 'Zamanlama [zor iş|en zoru] {human}, ben {action}',
      '{sym} için {lvlS} [önemli|kritik] {human}, [oraya gelmeden|orayı görmeden] [acelem yok|girmem]'),
  ],
  opinion: [
    pool('{human}, {sym} [için|hakkında] {hedge} {outlook}[|, {move}]', '{human}, {topicRef} [tarafında|konusunda] {hedge} {outlook}',
      '{human}, {sym} için açık söyleyeyim: {outlook}', '{human}, [bana sorarsan|benim gözümde] {sym} {dirVerb}, {hedge} {outlook}',
      '{human}, {symGen} [durumu|hikâyesi] [ilginç|net]: {move}[|, {outlook}]'),
    pool('{symPx} {human}, {hedge} {outlook}', '{topicRef} meselesi mi? {human}, {hedge} {outlook}'),
  ],
  statement: [
    pool('{human}, [güzel söyledin|haklı olabilirsin|ilginç bir nokta], {hedge} {outlook}',
      '{human}, [dediğin|söylediğin] {topicRef} [konusu|meselesi] [önemli|yerinde], {outlook}'),
    pool('{topicRef} [konusunda|için] [sana katılıyorum|ben biraz farklı düşünüyorum] {human}, {outlook}', '{human}[,|] [not aldım|dinliyorum]; {topicRef} [için|tarafında] {outlook}'),
  ],
};
